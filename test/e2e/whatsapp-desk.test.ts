import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillInformationRequest, TRACKING_CODE, untilRecorded } from "../support/chat-flows.js";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import type { FakeWhatsApp } from "../support/fake-whatsapp.js";
import { captureLogs } from "../support/log-capture.js";
import { startService, type AppUnderTest } from "../support/running-service.js";
import { eventually } from "../support/wait.js";
import { cardHeader, isCardOf } from "../support/cards.js";

/** WhatsApp's `*bold*` markers taken out, to read a message as a person does. */
const plain = (text: string) => text.replace(/\*/g, "");
/** A message that reads `text` once WhatsApp's bold markers are left out. */
const saying = (text: string) =>
  new RegExp(
    Array.from(new Intl.Segmenter().segment(text), ({ segment }) =>
      segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    ).join("\\**"),
    "u",
  );

/** The login QR code is drawn here rather than over the test output. */
const quiet = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

async function linked(fake: FakeWhatsApp): Promise<void> {
  await eventually(() => fake.current?.state === "waiting_for_login", { what: "a QR code" });
  fake.scanQr();
  await eventually(() => fake.current?.state === "ready", { what: "WhatsApp to be ready" });
}

const ADMIN_PHONE = "6281100000001";
const OFFICER_PHONE = "6281100000002";

describe("a desk run entirely on WhatsApp", () => {
  const logs = captureLogs();
  let service: AppUnderTest;
  let whatsapp: FakeWhatsApp;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    // Telegram serves citizens only (no STAFF_CHAT_ID); the desk's admins are on WhatsApp.
    service = await startService({
      platform: "whatsapp",
      telegram: true,
      logger: logs.logger,
      console: quiet(),
      env: { ADMIN_WHATSAPP_IDS: `+${ADMIN_PHONE}` },
    });
    whatsapp = service.fake;
    telegram = service.telegram as FakeTelegram;
    await linked(whatsapp);
  }, 90_000);

  afterAll(() => service.stop());

  it("verifies, routes, answers and closes a report filed on Telegram", async () => {
    const admin = whatsapp.citizen(ADMIN_PHONE, "Admin Meja");
    const officer = whatsapp.citizen(OFFICER_PHONE, "Petugas Capil");
    const citizen = telegram.citizen(7001, "Rina");

    await fillInformationRequest(citizen, "Syarat akta kelahiran");
    citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    expect(code).not.toBe("");

    // The card reaches the configured admin's own chat, though they never wrote to the bot,
    // with numbered actions instead of buttons.
    const card = await admin.expectSent(cardHeader(code));
    expect(plain(card.text)).toMatch(/^🆕 /);
    expect(plain(card.text)).toContain("Pelapor: Rina");
    expect(card.text).toContain("*1.* ✅ Verifikasi → Disdukcapil");
    expect(card.text).toContain("*2.* ↪️ Instansi lain");
    expect(card.text).toContain("*3.* ⏸️ Tunda");
    expect(card.text).toContain("*4.* ❌ Tolak");

    // The admin adds an officer by number from WhatsApp.
    admin.send(`/staf tambah +${OFFICER_PHONE} petugas disdukcapil`);
    await admin.expect(saying(`${OFFICER_PHONE}@c.us sekarang petugas Dinas Kependudukan`));

    // A number the card has not: a clear answer, and nothing changes.
    await untilRecorded(service.db.database.prisma, card.chatId, card.id);
    admin.send("7", { replyTo: card });
    await admin.expect(saying(`Kartu ${code} tidak punya tindakan nomor 7`));
    // 1, in reply to the card, written as the card writes it: verify and route to the
    // suggested agency (not "1." sent to the reporter as an answer).
    admin.send("1.", { replyTo: card });
    await admin.expect(saying(`${code}: Diteruskan ke instansi`));
    await citizen.expect("sudah diverifikasi");
    await citizen.expect("diteruskan ke Dinas Kependudukan dan Pencatatan Sipil");
    // WhatsApp cannot edit: the admin gets the card again in its new state, without actions.
    const redrawn = await admin.expectSent(saying("Status: Diteruskan ke instansi"));
    expect(redrawn.text).not.toContain("*1.*");
    // Its first line no longer says new: the mark is the routed report's.
    expect(plain(redrawn.text)).toMatch(/^📨 /);

    // The agency has no chat: its officer gets the card in their WhatsApp chat (a number can be
    // written to before it ever wrote) and answers it by replying.
    const officerCard = await officer.expectSent(cardHeader(code));
    expect(plain(officerCard.text)).toMatch(new RegExp(`^📨 ${code} · `, "u"));
    expect(plain(officerCard.text)).toContain("Balas pesan ini untuk menjawab pelapor");
    await untilRecorded(service.db.database.prisma, officerCard.chatId, officerCard.id);
    officer.send("Syaratnya surat keterangan lahir, KK dan KTP orang tua.", {
      replyTo: officerCard,
    });
    await officer.expect(saying(`${code}: Sudah ditindaklanjuti`));
    const answer = await citizen.expect("Syaratnya surat keterangan lahir");
    expect(visibleText(answer.text)).toContain(`Tanggapan untuk laporan ${code}`);

    // The citizen on Telegram answers the update; the officer on WhatsApp reads it.
    await untilRecorded(service.db.database.prisma, answer.chat.id, answer.message_id);
    citizen.reply(answer, "Apakah bisa diurus secara online?");
    await citizen.expect(`ditambahkan ke laporan ${code}`);
    await officer.expect("Apakah bisa diurus secara online?");

    officer.send(`/selesai ${code} Informasi syarat sudah disampaikan.`);
    await officer.expect(saying(`${code}: Selesai`));
    await citizen.expect(`Laporan ${code} dinyatakan selesai`);
    await admin.expect(saying("Status: Selesai"));

    // Staff commands work from WhatsApp as from Telegram.
    admin.send(`/lihat ${code}`);
    await admin.expect(saying("Informasi syarat sudah disampaikan"));
  }, 120_000);

  it("asks for the reason of a hold chosen by number, typed right after the card", async () => {
    const admin = whatsapp.citizen(ADMIN_PHONE, "Admin Meja");
    const citizen = telegram.citizen(7002, "Budi");
    await fillInformationRequest(citizen, "Jadwal posyandu bulan depan");
    citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    await admin.expectSent(cardHeader(code));

    // Typed without a reply, a number answers the last card: a wrong one says what there is.
    admin.send("9");
    await admin.expect(saying("Tidak ada pilihan nomor 9. Ketik nomor 1 sampai 4"));
    admin.send("3");
    await admin.expect(saying(`alasan`));
    admin.send("Menunggu data kelahiran dari puskesmas.");
    await admin.expect(saying(`${code}: Ditunda`));
    const held = await citizen.expect("ditunda");
    expect(visibleText(held.text)).toContain("Menunggu data kelahiran dari puskesmas.");
  }, 120_000);
});

const WA_GROUP = "120363000000000001@g.us";
const TELEGRAM_GROUP = -100555;
const TELEGRAM_ADMIN = 5001;
const WA_ADMIN = "6281100000009";

describe("a desk on Telegram and WhatsApp at once", () => {
  const logs = captureLogs();
  let service: AppUnderTest;
  let whatsapp: FakeWhatsApp;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    service = await startService({
      platform: "whatsapp",
      telegram: true,
      logger: logs.logger,
      console: quiet(),
      env: {
        STAFF_CHAT_ID: String(TELEGRAM_GROUP),
        STAFF_WHATSAPP_GROUP: WA_GROUP,
        ADMIN_TELEGRAM_IDS: String(TELEGRAM_ADMIN),
        ADMIN_WHATSAPP_IDS: WA_ADMIN,
      },
    });
    whatsapp = service.fake;
    telegram = service.telegram as FakeTelegram;
    await linked(whatsapp);
  }, 90_000);

  afterAll(() => service.stop());

  it("shows both groups the card; an action on WhatsApp redraws Telegram's, and back", async () => {
    const waAdmin = whatsapp.inGroup(whatsapp.citizen(WA_ADMIN, "Admin WA"), WA_GROUP);
    const tgAdmin = telegram.inGroup(telegram.citizen(TELEGRAM_ADMIN, "Admin TG"), TELEGRAM_GROUP);
    const citizen = whatsapp.citizen("6285700000001", "Sari");

    await fillInformationRequest(citizen, "Bantuan sosial lansia");
    citizen.press("Kirim");
    const code = TRACKING_CODE.exec(await citizen.expect("sudah tercatat"))?.[0] ?? "";

    const waCard = await waAdmin.expectSent(cardHeader(code));
    expect(waCard.text).toContain("*2.* ↪️ Instansi lain");
    const tgCard = await tgAdmin.expect(cardHeader(code));
    expect(tgCard.reply_markup?.inline_keyboard?.flat().map((button) => button.text)).toContain(
      "↪️ Instansi lain",
    );

    // Someone in the WhatsApp group who is not staff: not heard at all.
    whatsapp.inGroup(whatsapp.citizen("6285700000002", "Bukan Staf"), WA_GROUP).send("1");
    // A wrong number in the group, then 2 (another agency) and the agency's number.
    waAdmin.send("8");
    await waAdmin.expect(saying("Tidak ada pilihan nomor 8"));
    waAdmin.send("2");
    const list = await waAdmin.expect(saying(`Teruskan ${code} ke instansi`));
    const number = /\*(\d+)\.\* Dinas Sosial/.exec(list)?.[1] ?? "";
    expect(number).not.toBe("");
    waAdmin.send(number);
    await waAdmin.expect(saying(`${code}: Diteruskan ke instansi`));
    await citizen.expect(saying("diteruskan ke Dinas Sosial"));

    // Telegram's card is redrawn in place; the WhatsApp group gets the new state as a message.
    await eventually(
      () =>
        telegram
          .messagesTo(TELEGRAM_GROUP)
          .some(
            (message) =>
              isCardOf(visibleText(message.text), code) &&
              visibleText(message.text).includes("Status: Diteruskan ke instansi"),
          ),
      { what: "the Telegram card redrawn as routed" },
    );
    await waAdmin.expect(saying("Status: Diteruskan ke instansi"));
    expect(
      whatsapp.sentTo(WA_GROUP).filter((sent) => sent.text.includes("Bukan Staf")),
    ).toHaveLength(0);

    // An answer from Telegram's group reaches the reporter on WhatsApp; both cards follow.
    tgAdmin.send(`/balas ${code} Silakan datang ke kantor Dinas Sosial dengan KTP dan KK.`);
    await tgAdmin.expect(`${code}: Sudah ditindaklanjuti`);
    await citizen.expect("Silakan datang ke kantor Dinas Sosial");
    await waAdmin.expect(saying("Status: Sudah ditindaklanjuti"));

    // And an answer from the WhatsApp group, by replying to its card with text.
    const latest = whatsapp.sentTo(WA_GROUP).findLast((sent) => sent.text.includes(code));
    if (!latest) throw new Error("no card in the WhatsApp group");
    await untilRecorded(service.db.database.prisma, latest.chatId, latest.id);
    waAdmin.send("Jadwal penyaluran berikutnya tanggal 5.", { replyTo: latest });
    await citizen.expect("Jadwal penyaluran berikutnya tanggal 5.");
  }, 120_000);
  describe("delivery of later messages to a reporter on WhatsApp", () => {
    const isVerifiedNotice = (chatId: string) => (to: string, text: string) =>
      to === chatId && text.includes("sudah diverifikasi");

    async function deliveries(outcome: "failed" | "retried"): Promise<number> {
      const text = await (await fetch(`${service.httpUrl}/metrics`)).text();
      const series = `aduan_outbound_messages_total{channel="whatsapp",outcome="${outcome}"} `;
      const line = text.split("\n").find((candidate) => candidate.startsWith(series));
      return line ? Number(line.slice(series.length)) : 0;
    }

    /** A WhatsApp citizen files a report; the admin verifies it, which they are told later. */
    async function fileAndVerify(phone: string, name: string) {
      const citizen = whatsapp.citizen(phone, name);
      await fillInformationRequest(citizen, `Syarat surat pindah ${phone}`);
      citizen.press("Kirim");
      const code = TRACKING_CODE.exec(await citizen.expect("sudah tercatat"))?.[0] ?? "";
      const report = await eventually(
        async () =>
          (await service.db.database.prisma.report.findUnique({ where: { trackingCode: code } })) ??
          undefined,
        { what: `report ${code} stored` },
      );
      const admin = whatsapp.citizen(WA_ADMIN, "Admin WA");
      admin.send(`/verifikasi ${code} disdukcapil`);
      await admin.expect(saying(`${code}: Diteruskan ke instansi`));
      return { citizen, report };
    }

    it("retries an update after a passing failure and delivers it once", async () => {
      const retriedBefore = await deliveries("retried");
      const linesBefore = logs.lines.length;
      // Any WhatsApp delivery may be retried meanwhile (a busy machine times out a database
      // call): the metric must count each retry logged, this update's among them.
      const retriesLogged = () =>
        logs.lines
          .slice(linesBefore)
          .filter(
            (line) => line.msg === "delivery failed; will retry" && line.channel === "whatsapp",
          );
      whatsapp.failNextSend(
        new Error("Protocol error (Runtime.callFunctionOn): Target closed"),
        isVerifiedNotice("6281234500017@c.us"),
      );
      const { citizen, report } = await fileAndVerify("6281234500017", "Eko");
      await citizen.expect("sudah diverifikasi");
      const row = await eventually(
        async () =>
          (await service.db.database.prisma.outboxMessage.findFirst({
            where: { reportId: report.id, chatId: citizen.chatId, state: "sent", attempts: 2 },
          })) ?? undefined,
        { what: "the update's row sent on its second attempt" },
      );
      expect(row.purpose).toMatch(/^update:/);
      expect(retriesLogged().filter((line) => line.outboxId === row.id)).toHaveLength(1);
      let retried = retriedBefore;
      await eventually(
        async () =>
          (retried = await deliveries("retried")) === retriedBefore + retriesLogged().length,
        {
          what: () =>
            `the retries counted: ${retried - retriedBefore} against ${retriesLogged().length} logged`,
        },
      );
    }, 120_000);

    it("records an update to an address WhatsApp does not know instead of retrying", async () => {
      const failedBefore = await deliveries("failed");
      whatsapp.failNextSend(
        new Error("Evaluation failed: Error: wid error: invalid wid"),
        isVerifiedNotice("6281234500018@c.us"),
      );
      const { citizen, report } = await fileAndVerify("6281234500018", "Fajar");
      const row = await eventually(
        async () =>
          (await service.db.database.prisma.outboxMessage.findFirst({
            where: { reportId: report.id, chatId: citizen.chatId, state: "failed" },
          })) ?? undefined,
        { what: "the update's row failed" },
      );
      expect(row).toMatchObject({
        attempts: 1,
        lastError: "WhatsApp: Evaluation failed: Error: wid error: invalid wid",
      });
      await eventually(async () => (await deliveries("failed")) === failedBefore + 1, {
        what: "the failure counted",
      });
      const failed = await service.db.database.prisma.reportEvent.findFirst({
        where: { reportId: report.id, type: "delivery_failed" },
      });
      expect(failed?.public).toBe(false);
    }, 120_000);
  });
});
