import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerPrivacy,
  fillInformationRequest,
  TRACKING_CODE,
  untilRecorded,
  untilStored,
} from "../support/chat-flows.js";
import { PNG } from "../support/engine-harness.js";
import { FakeGraphApi } from "../support/fake-graph-api.js";
import { GRAPH_FAILURES, visibleOf } from "../support/fake-graph-messages.js";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";

/**
 * Issue 16: a citizen on WhatsApp through Meta's Cloud API, the desk on Telegram. The fake
 * Graph API signs its webhooks, enforces the 24-hour window and checks every template.
 */
const STAFF_GROUP = -100999;
const ADMIN_ID = 990;
const DAY_MS = 24 * 60 * 60 * 1000;

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let graph: FakeGraphApi;
let telegram: FakeTelegram;
let webhookUrl: string;

/** The default template file, less the one for a hold: that notice has nothing to go as. */
const TEMPLATES = `waiting: { name: aduan_pesan_menunggu }
templates:
  confirmation: { name: aduan_tercatat, parameters: [code] }
  verified: { name: aduan_diverifikasi, parameters: [code] }
  routed: { name: aduan_diteruskan, parameters: [code, agency] }
  replied: { name: aduan_tanggapan, parameters: [code, agency, text] }
  rejected: { name: aduan_ditolak, parameters: [code, text] }
  done: { name: aduan_selesai, parameters: [code, text, days], quickReplies: 5 }
  reopened: { name: aduan_dibuka_kembali, parameters: [code] }
`;

beforeAll(async () => {
  graph = new FakeGraphApi();
  await graph.start();
  for (const [name, parameters, quickReplies] of [
    ["aduan_tercatat", 1, 0],
    ["aduan_diverifikasi", 1, 0],
    ["aduan_diteruskan", 2, 0],
    ["aduan_tanggapan", 3, 0],
    ["aduan_ditolak", 2, 0],
    ["aduan_selesai", 3, 5],
    ["aduan_dibuka_kembali", 1, 0],
    ["aduan_pesan_menunggu", 0, 0],
  ] as const) {
    graph.approveTemplate(name, { languages: ["id", "en"], parameters, quickReplies });
  }
  // The desk on the fake Telegram; the Cloud API's fake is this file's own.
  service = await startService({ platform: "telegram", process: false });
  ({ db, fake: telegram } = service);
  const templates = join(service.dataDir, "templates.yaml");
  writeFileSync(templates, TEMPLATES);
  const running = await service.start({
    env: {
      STAFF_CHAT_ID: String(STAFF_GROUP),
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      WHATSAPP_ENABLED: "true",
      WHATSAPP_TRANSPORT: "cloud",
      WHATSAPP_CLOUD_ACCESS_TOKEN: graph.accessToken,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: graph.appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: graph.verifyToken,
      WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
      WHATSAPP_CLOUD_TEMPLATES_FILE: templates,
      WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: "1",
    },
  });
  await running.waitFor("WhatsApp Cloud API ready", 60_000);
  webhookUrl = `${running.httpUrl}/whatsapp/webhook`;
  graph.subscribe(webhookUrl);
}, 90_000);

afterAll(async () => {
  await service.stop();
  await graph.stop();
});

const admin = () => telegram.inGroup(telegram.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);

describe("WhatsApp through the Cloud API", () => {
  let code = "";
  const wati = () => graph.citizen("6281300000001", "Wati");

  /** The report's /lihat, asked again until its deliveries show `shown` (statuses come later). */
  const viewShowing = (shown: string, what: string) => {
    const desk = admin();
    return eventually(
      async () => {
        desk.send(`/lihat ${code}`);
        const text = visibleText((await desk.expect("Pemberitahuan ke pelapor")).text);
        return text.includes(shown) ? text : undefined;
      },
      { what },
    );
  };

  it("files a full report with a photo and a location, and answers it 25 hours later as the template", async () => {
    const citizen = wati();
    // The citizen writes "yesterday": Meta stamps the messages 25 hours ago.
    graph.now = () => new Date(Date.now() - DAY_MS - 60 * 60 * 1000);
    citizen.send("/lapor");
    await citizen.expect("Apa jenis laporan Anda?");
    citizen.press("Pengaduan");
    await citizen.expect("judul singkat");
    citizen.send("Lampu jalan mati di Jalan Kenanga");
    await citizen.expect("Ceritakan apa yang terjadi");
    citizen.send("Sudah seminggu lampu jalan di Jalan Kenanga mati sehingga gelap dan rawan.");
    await citizen.expect("Pilih kategori");
    citizen.press("Jalan dan jembatan");
    await citizen.expect("Di mana lokasinya?");
    citizen.shareLocation(-6.2088, 106.8456);
    // The acknowledgement and the next question are one message.
    await citizen.expect(/Lokasi dicatat[^]*Kapan kejadiannya\?/);
    citizen.press("Kemarin");
    await citizen.expect("foto atau dokumen pendukung");
    citizen.sendPhoto(PNG, { caption: "lampu mati" });
    await citizen.expect("Lampiran diterima (1 dari maksimal 5)");
    citizen.press("Selesai");
    await answerPrivacy(citizen, { anonymous: false, confidential: false, publishPhotos: false });
    citizen.press("Kirim");
    // The tracking code is the reply to Kirim itself: no template is needed for it.
    const confirmation = await citizen.expect("sudah tercatat");
    code = TRACKING_CODE.exec(visibleOf(confirmation))?.[0] ?? "";
    expect(code).not.toBe("");
    expect(citizen.texts().some((text) => text.includes("[aduan_tercatat]"))).toBe(false);
    const report = await eventually(
      async () =>
        (await db.database.prisma.report.findUnique({
          where: { trackingCode: code },
          include: { attachments: true },
        })) ?? undefined,
      { what: `report ${code} stored` },
    );
    expect(report).toMatchObject({ latitude: -6.2088, longitude: 106.8456 });
    expect(report.attachments).toHaveLength(1);

    graph.now = () => new Date();
    const desk = admin();
    desk.send(`/verifikasi ${code} dinas-pupr`);
    await desk.expect(`${code}: Diteruskan ke instansi`);
    desk.send(`/balas ${code} Lampu sudah diganti oleh petugas PJU tadi pagi.`);
    await desk.expect(`${code}: Sudah ditindaklanjuti`);
    const answer = await citizen.expect("[aduan_tanggapan]", 20_000);
    expect(visibleOf(answer).split("\n")).toEqual([
      "[aduan_tanggapan]",
      code,
      "Dinas Pekerjaan Umum dan Penataan Ruang",
      "Lampu sudah diganti oleh petugas PJU tadi pagi.",
    ]);
    expect(graph.rateLimited).toBe(0);
  }, 90_000);

  it("shows staff in /lihat whether the reporter received and read each notice", async () => {
    const citizen = wati();
    const answer = graph
      .messagesTo(citizen.waId)
      .find((message) => visibleOf(message).startsWith("[aduan_tanggapan]"));
    if (!answer) throw new Error("the answer was not sent");
    await graph.deliverStatus(answer, "delivered");
    await graph.deliverStatus(answer, "read");
    const view = await viewShowing("👁 dibaca", "the read receipt in /lihat");
    const answerLine = view.split("\n").find((line) => line.startsWith("• Tanggapan instansi"));
    expect(answerLine).toMatch(/✓ terkirim .* · ✓✓ diterima .* · 👁 dibaca /);
  }, 60_000);

  it("keeps a notice with no template until the citizen writes again, and tells staff", async () => {
    const citizen = wati();
    const desk = admin();
    desk.send(`/tunda ${code} Menunggu jadwal perbaikan jaringan listrik.`);
    await desk.expect(`${code}: Ditunda`);
    await eventually(
      () =>
        telegram
          .messagesTo(STAFF_GROUP)
          .some((message) => visibleText(message.text).includes(`⏳ ${code}`)),
      { what: "staff told that the notice waits", timeoutMs: 20_000 },
    );
    expect(citizen.texts().some((text) => text.includes("Menunggu jadwal perbaikan"))).toBe(false);
    // What WhatsApp lets through is the template asking her to reply.
    const toldWaiting = () =>
      graph
        .messagesTo(citizen.waId)
        .filter(
          (sent) =>
            (sent.body.template as { name?: string } | undefined)?.name === "aduan_pesan_menunggu",
        );
    await eventually(() => toldWaiting().length > 0, { what: "the citizen told a message waits" });
    const waiting = await db.database.prisma.outboxMessage.findFirstOrThrow({
      where: { report: { trackingCode: code }, purpose: "update:hold" },
    });
    expect(waiting.state).toBe("waiting");

    // The citizen writes again: the window opens and the notice goes, free-form.
    citizen.send("halo, bagaimana laporan saya?");
    await citizen.expect("Menunggu jadwal perbaikan jaringan listrik.", 20_000);
    expect(toldWaiting()).toHaveLength(1);
  }, 60_000);

  it("tells staff in /lihat why a notice Meta accepted then failed", async () => {
    const citizen = wati();
    const notice = graph
      .messagesTo(citizen.waId)
      .find((message) => visibleOf(message).includes("Menunggu jadwal perbaikan"));
    if (!notice) throw new Error("the hold notice was not sent");
    // Meta took the message, then reports that it could not be delivered after all.
    await graph.deliverStatus(notice, "failed", GRAPH_FAILURES.undeliverable);
    const view = await viewShowing("✗ gagal", "the failed notice in /lihat");
    const holdLine = view.split("\n").find((line) => line.startsWith("• Laporan ditunda"));
    expect(holdLine).toMatch(
      /✗ gagal: 131026: nomor tidak dapat menerima pesan WhatsApp \/ message undeliverable$/,
    );
  }, 60_000);

  it("tells a citizen who edits a message that the edit cannot be read, and what to do", async () => {
    const citizen = graph.citizen("6281300000002", "Dodi");
    citizen.sendUnreadable("edit");
    const edited = visibleOf(await citizen.expect("diedit"));
    expect(edited).toBe(
      "Maaf, pesan yang diedit tidak bisa kami baca, jadi perubahannya belum tercatat. Kirim ulang teks yang benar sebagai pesan baru.",
    );
    citizen.sendUnreadable();
    const unknown = visibleOf(await citizen.expect("tidak bisa kami baca"));
    expect(unknown).toContain("Kirim isinya sebagai pesan baru: teks, foto, dokumen, atau lokasi.");
    expect(citizen.texts().join("\n")).not.toContain("pesan jenis ini");
  }, 60_000);

  it("refuses a forged or unsigned webhook with 401 and takes nothing from it", async () => {
    const before = await db.database.prisma.reporter.count();
    const forged = graph.signedWebhook({
      contacts: [{ profile: { name: "Penyusup" }, wa_id: "6281399999999" }],
      messages: [
        {
          from: "6281399999999",
          id: "wamid.forged",
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: "text",
          text: { body: "/lapor" },
        },
      ],
    });
    for (const signature of ["sha256=" + "0".repeat(64), undefined]) {
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(signature ? { "x-hub-signature-256": signature } : {}),
        },
        body: forged.body,
      });
      expect(response.status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(graph.messagesTo("6281399999999")).toEqual([]);
    expect(await db.database.prisma.reporter.count()).toBe(before);
  });

  it("files a message Meta delivers twice once", async () => {
    const citizen = graph.citizen("6281300000002", "Budi");
    citizen.send("/lapor", { twice: true });
    await citizen.expect("Apa jenis laporan Anda?");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(citizen.texts().filter((text) => text.includes("Apa jenis laporan Anda?"))).toHaveLength(
      1,
    );
  });

  it("adds a reply quoting a notice to the report, also after Meta failed that notice (131026)", async () => {
    const citizen = graph.citizen("6281300000003", "Sari");
    await fillInformationRequest(citizen, "Jadwal posyandu bulan depan");
    citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const sariCode = TRACKING_CODE.exec(visibleOf(confirmation))?.[0] ?? "";
    const prisma = db.database.prisma;
    await untilStored(prisma, sariCode);
    admin().send(`/verifikasi ${sariCode} dinas-pupr`);
    const notice = await citizen.expect(sariCode, 20_000);
    await untilRecorded(prisma, citizen.chatId, notice.id);

    // The plain case: the notice reached the phone, and the citizen answers it.
    await graph.deliverStatus(notice, "delivered");
    citizen.send("Posyandu di RW 05 juga belum ada jadwal.", { replyTo: notice });
    expect(visibleOf(await citizen.expect("ditambahkan ke laporan"))).toContain(sariCode);

    // Meta then reports the same notice failed (131026, as it does for a phone it lost): the
    // reply quoting it is still information for the report, not a new conversation.
    await graph.deliverStatus(notice, "failed", GRAPH_FAILURES.undeliverable);
    await eventually(
      async () =>
        (
          await prisma.outboxMessage.findFirst({
            where: { chatId: citizen.chatId, platformMessageId: notice.id },
            select: { state: true },
          })
        )?.state === "failed" || undefined,
      { what: "the notice recorded as failed" },
    );
    citizen.send("Mohon dikabari kalau jadwalnya sudah ada.", { replyTo: notice });
    const added = await citizen.expect(/ditambahkan ke laporan|Ketik \/lapor/);
    expect(visibleOf(added)).toContain(`ditambahkan ke laporan *${sariCode}*`);
    const events = await prisma.reportEvent.findMany({
      where: { report: { trackingCode: sariCode }, actorType: "reporter" },
      select: { text: true },
    });
    expect(events.map((event) => event.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Posyandu di RW 05 juga belum ada jadwal."),
        expect.stringContaining("Mohon dikabari kalau jadwalnya sudah ada."),
      ]),
    );
  }, 90_000);

  it("says on /readyz which variable to fix once Meta refuses the token", async () => {
    const port = new URL(webhookUrl).port;
    const ready = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await ready()).status).toBe(200);
    graph.expireToken();
    admin().send(`/balas ${code} Jadwal perbaikan sudah ditetapkan hari Kamis.`);
    const refused = await eventually(
      async () => {
        const answer = await ready();
        return answer.status === 503 ? answer : undefined;
      },
      { what: "/readyz failing after the token expired", timeoutMs: 20_000 },
    );
    expect(JSON.stringify(refused.body)).toContain("WHATSAPP_CLOUD_ACCESS_TOKEN");
    expect(refused.body.failing).toEqual(["whatsapp"]);
  }, 60_000);
});
