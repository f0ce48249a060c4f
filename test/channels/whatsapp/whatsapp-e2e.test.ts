import { existsSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "../../support/engine-harness.js";
import type { FakeCitizen, FakeWhatsApp } from "../../support/fake-whatsapp.js";
import { captureLogs } from "../../support/log-capture.js";
import { startService, type AppUnderTest } from "../../support/running-service.js";
import type { TestDatabase } from "../../support/services.js";
import { eventually } from "../../support/wait.js";
import { answerPrivacy } from "../../support/chat-flows.js";

let service: AppUnderTest;
let db: TestDatabase;
let fake: FakeWhatsApp;
const logs = captureLogs();
let consoleText = "";
const TRACKING_CODE = /ADU-[2-9A-HJKMNP-Z]{6}/;

beforeAll(async () => {
  service = await startService({
    platform: "whatsapp",
    logger: logs.logger,
    console: new Writable({
      write(chunk: Buffer, _encoding, done) {
        consoleText += chunk.toString("utf8");
        done();
      },
    }),
  });
  ({ db, fake } = service);
}, 90_000);

afterAll(() => service.stop());

async function readyz(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.httpUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

const sessionDir = () => join(service.dataDir, "whatsapp");

describe("linking the WhatsApp number", () => {
  it("shows a QR code on the console and as a PNG, and is ready once it is scanned", async () => {
    await eventually(() => fake.current?.state === "waiting_for_login", { what: "a QR code" });
    const qrFile = join(sessionDir(), "login-qr.png");
    // The log line tells the operator where the PNG is, once it is written.
    await eventually(() => logs.lines.some((line) => line.qrFile === qrFile), { what: "log" });
    expect(existsSync(qrFile)).toBe(true);
    expect(consoleText).toContain("Linked devices");
    expect(consoleText).toContain("▄"); // the QR code drawn with block characters
    expect(await readyz()).toMatchObject({
      status: 503,
      body: { failing: ["whatsapp"], parts: { whatsapp: { state: "waiting_for_login" } } },
    });

    fake.scanQr();
    await eventually(() => !existsSync(qrFile), { what: "the used QR code to be removed" });
    expect(logs.lines.map((line) => line.msg)).toContain(
      "WhatsApp is connected and receiving messages",
    );
    expect(await readyz()).toMatchObject({
      status: 200,
      body: { parts: { whatsapp: { status: "ok", state: "ready" } } },
    });
  });
});

describe("a citizen on WhatsApp", () => {
  it("files a full report with a photo and a shared location by numbered answers, then follows it", async () => {
    const siti = fake.citizen("6281234500001", "Siti");
    siti.send("/lapor");
    await siti.expect("Apa jenis laporan Anda?");
    siti.press("Pengaduan");
    await siti.expect("judul singkat");
    siti.send("Jalan *berlubang* di depan _Pasar_ Baru");
    await siti.expect("Ceritakan apa yang terjadi");
    siti.send(
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    );
    const categories = await siti.expect("Pilih kategori");
    expect(categories).toMatch(/^\*\d+\.\* Jalan dan jembatan$/m);
    siti.press("Jalan dan jembatan");
    await siti.expect("Di mana lokasinya?");
    siti.shareLocation(-6.2088, 106.8456);
    // The acknowledgement and the next question are one message.
    expect(await siti.expect("Lokasi dicatat")).toContain("Kapan kejadiannya?");
    siti.send("kemarin"); // an option typed as a word
    await siti.expect("foto atau dokumen pendukung");
    siti.sendPhoto(PNG, { caption: "lubangnya" });
    await siti.expect("Lampiran diterima (1 dari maksimal 5)");
    siti.send("selesai");
    const summary = await answerPrivacy(siti, {
      anonymous: false,
      confidential: false,
      publishPhotos: true,
    });
    // What the citizen typed shows as typed, never as WhatsApp formatting.
    expect(summary).toContain("Jalan ∗berlubang∗ di depan ＿Pasar＿ Baru");
    siti.press("Kirim");
    const confirmation = await siti.expect("Laporan Anda sudah tercatat dengan nomor");
    const code = TRACKING_CODE.exec(confirmation)?.[0] ?? "";
    expect(code).not.toBe("");
    // The code told in the conversation is recorded with WhatsApp's id for it, as the outbox
    // records what it sends: receipts and replies find it.
    const row = await eventually(
      async () =>
        (await db.database.prisma.outboxMessage.findFirst({
          where: { channel: "whatsapp", chatId: siti.chatId, purpose: "confirmation" },
        })) ?? undefined,
    );
    expect(row).toMatchObject({ state: "sent", attempts: 1 });
    expect(row.platformMessageId).toMatch(/^true_6281234500001@c\.us_/);
    await eventually(
      async () =>
        (await db.database.prisma.report.findUnique({ where: { trackingCode: code } })) ??
        undefined,
      { what: `report ${code} stored` },
    );

    siti.send(`/status ${code}`);
    const status = await siti.expect("Riwayat");
    expect(status).toContain(`*${code}* — Jalan ∗berlubang∗ di depan ＿Pasar＿ Baru`);
    expect(status).toContain("Status: *Diterima, menunggu verifikasi*");

    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true, attachments: true },
    });
    expect(report).toMatchObject({
      title: "Jalan *berlubang* di depan _Pasar_ Baru",
      latitude: -6.2088,
      longitude: 106.8456,
      categoryId: "jalan-jembatan",
      photosPublic: true,
    });
    expect(report.reporter).toMatchObject({
      channel: "whatsapp",
      externalId: "6281234500001@c.us",
      chatId: "6281234500001@c.us",
      displayName: "Siti",
      phone: "+6281234500001",
    });
    expect(report.attachments).toEqual([
      // Re-encoded without its metadata when kept: not the bytes (or size) sent; published,
      // as she agreed.
      expect.objectContaining({ kind: "photo", mime: "image/png", public: true }),
    ]);
    // Her report is traced through the logs and its timeline by a digest of her message's id,
    // which WhatsApp builds from her number.
    const submitted = await db.database.prisma.reportEvent.findFirstOrThrow({
      where: { reportId: report.id, type: "submitted" },
    });
    const { traceId } = submitted.data as { traceId: string };
    expect(traceId).toMatch(/^whatsapp:[0-9a-f]{16}$/);
    const traced = logs.lines.filter((line) => line.traceId === traceId);
    expect(traced.map((line) => line.msg)).toContain("report stored");
    expect(JSON.stringify(traced)).not.toContain("6281234500001");

    // Replying to the confirmation adds what she writes to the report.
    const confirmationMessage = fake.sent.find(
      (sent) => sent.chatId === siti.chatId && sent.text.includes("sudah tercatat"),
    );
    expect(confirmationMessage).toBeDefined();
    siti.send("Lubangnya makin besar setelah hujan semalam.", { replyTo: confirmationMessage });
    await siti.expect(`informasi Anda ditambahkan ke laporan *${code}*`);
    const events = await db.database.prisma.reportEvent.findMany({
      where: { reportId: report.id },
      select: { actorType: true, text: true },
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        actorType: "reporter",
        text: "Lubangnya makin besar setelah hujan semalam.",
      }),
    );
  }, 90_000);

  async function startAttachments(citizen: FakeCitizen) {
    citizen.send("/lapor");
    await citizen.expect("Apa jenis laporan Anda?");
    citizen.send("aspirasi");
    await citizen.expect("judul singkat");
    citizen.send("Tambah tempat sampah di taman kota");
    await citizen.expect("Jelaskan saran");
    citizen.send(
      "Tempat sampah di taman kota terlalu sedikit sehingga sampah berserakan setiap akhir pekan.",
    );
    await citizen.expect("Pilih kategori");
    citizen.press("Sampah dan lingkungan");
    await citizen.expect("foto atau dokumen pendukung");
  }

  it("asks again for an expired photo, and refuses files and kinds of message it cannot use", async () => {
    const ani = fake.citizen("6281234500002", "Ani");
    await startAttachments(ani);
    ani.sendPhoto(PNG, { expired: true });
    await ani.expect("Silakan kirim ulang");
    ani.sendDocument(Buffer.from("#!/bin/sh\nrm -rf /\n"), "foto.jpg", "image/jpeg");
    await ani.expect("Jenis file ini tidak diterima");
    ani.sendSticker();
    await ani.expect("(stiker / sticker) tidak bisa diproses");
    ani.sendPhoto(PNG);
    await ani.expect("Lampiran diterima (1 dari maksimal 5)");
  });

  it("answers a message delivered twice once", async () => {
    const joko = fake.citizen("6281234500003", "Joko");
    joko.send("/lapor");
    await joko.expect("Apa jenis laporan Anda?");
    joko.send("3");
    await joko.expect("judul singkat");
    joko.send("Jadwal posyandu di kelurahan", { twice: true });
    await joko.expect("Jelaskan informasi");
    joko.send("Mohon informasi jadwal posyandu untuk balita di Kelurahan Sukamaju bulan depan.");
    await joko.expect("Pilih kategori");
    expect(joko.texts().filter((text) => text.includes("Jelaskan informasi"))).toHaveLength(1);
    expect(joko.texts().some((text) => text.includes("Terlalu singkat"))).toBe(false);
  });

  it("takes a typed number as the answer to the menu showing, and words prompts for typing", async () => {
    const tono = fake.citizen("6281234500009", "Tono");
    tono.send("/lapor");
    await tono.expect("Ketik nomor pilihan Anda.");
    tono.send("/bahasa");
    await tono.expect("Pilih bahasa");
    tono.send("2");
    // The switch and the pending question come as one message.
    const switched = await tono.expect("Language switched to English");
    expect(switched).toContain("What kind of report is this?");
    tono.send("1");
    await tono.expect("Write a short title");
    tono.send("Broken street lamps in Gang Melati");
    await tono.expect("Describe what happened");
    tono.send(
      "The street lamps in Gang Melati have been dark for a week and people are afraid at night.",
    );
    await tono.expect("Pick the category");
    tono.send("1");
    const location = await tono.expect("Where is it?");
    expect(location).toContain(
      "Share a location (📎 → Location), or type the address (street, village, district). No location needed? Type 1 (Skip).",
    );
    tono.send("1");
    await tono.expect("When did it happen?");
    tono.send("1");
    const attachments = await tono.expect("Any supporting photos");
    expect(attachments).toContain(
      "Send the photos or documents here, one at a time. No attachments? Type 1 (Skip).",
    );
    expect(location + attachments).not.toMatch(/press|button/i);
    tono.send("/batal");
    await tono.expect("Report cancelled");
  });

  it("ignores groups, status updates and broadcast lists", async () => {
    const rudi = fake.citizen("6281234500004", "Rudi");
    const before = fake.sent.length;
    fake.deliver(rudi.message({ type: "chat", body: "/lapor", from: "120363025555@g.us" }));
    fake.deliver(
      rudi.message({ type: "chat", body: "/lapor", from: "status@broadcast", isStatus: true }),
    );
    fake.deliver(rudi.message({ type: "chat", body: "/lapor", broadcast: true }));
    const marker = fake.citizen("6281234500005");
    marker.send("/bantuan");
    await marker.expect("Perintah yang tersedia");
    expect(fake.sent.slice(before).map((sent) => sent.chatId)).toEqual([marker.chatId]);
  });

  it("resumes a report after WhatsApp disconnects, with what was sent meanwhile", async () => {
    const dewi = fake.citizen("6281234500006", "Dewi");
    dewi.send("/lapor");
    await dewi.expect("Apa jenis laporan Anda?");
    dewi.press("Aspirasi");
    await dewi.expect("judul singkat");
    const dropped = fake.current;
    fake.disconnect();
    dewi.send("Perbaiki lampu jalan di Gang Melati"); // reaches the phone, not the bot, for now
    await eventually(() => fake.clients.length > 1 && fake.current?.state === "ready", {
      timeoutMs: 30_000,
      what: "a fresh client after the disconnect",
    });
    expect(dropped?.destroyCalls).toBeGreaterThan(0);
    await dewi.expect("Jelaskan saran");
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: "WhatsApp disconnected; reconnecting", reason: "CONFLICT" }),
    );
  }, 60_000);
});
