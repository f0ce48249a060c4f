import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { PDF, PNG } from "../support/engine-harness.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";
import {
  answerPrivacy,
  fillInformationRequest,
  TRACKING_CODE,
  untilStored,
} from "../support/chat-flows.js";

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  // Started the way the README says: `npm start`, with the Bot API root pointed at the fake.
  service = await startService({ platform: "telegram" });
  ({ db, fake } = service);
}, 90_000);

afterAll(() => service.stop());

describe("the Telegram bot", () => {
  it("starts like a long-polling bot and publishes its command menu in both languages", () => {
    const methods = fake.calls.map((call) => call.method);
    expect(methods.indexOf("getMe")).toBeLessThan(methods.indexOf("deleteWebhook"));
    expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
    const menus = fake
      .callsOf("setMyCommands")
      .map((call) => call.payload as { language_code?: string; commands: unknown[] });
    const indonesian = menus.find((menu) => menu.language_code === undefined);
    const english = menus.find((menu) => menu.language_code === "en");
    expect(indonesian?.commands).toContainEqual({ command: "lapor", description: "Laporan baru" });
    expect(english?.commands).toContainEqual({ command: "lapor", description: "New report" });
  });

  it("lets a citizen file a full report with a photo and a shared location, then follow it", async () => {
    const siti = fake.citizen(501, "Siti");
    siti.send("/start");
    await siti.expect("Halo Siti!");
    siti.send("/lapor");
    const kinds = await siti.expect("Apa jenis laporan Anda?");
    // The options are the reply keyboard: a press is Siti's own message, the choice in her words.
    expect(kinds.reply_markup).toMatchObject({ one_time_keyboard: true, resize_keyboard: true });
    expect(kinds.reply_markup?.keyboard?.flat().map((key) => key.text)).toContain(
      "Pengaduan (ada masalah)",
    );
    siti.press("Pengaduan");
    const title = await siti.expect("judul singkat");
    // A question without options takes the keyboard away, so it cannot answer this one.
    expect(title.reply_markup).toEqual({ remove_keyboard: true });
    expect(fake.callsOf("answerCallbackQuery")).toHaveLength(0);
    expect(fake.callsOf("editMessageText")).toHaveLength(0);

    siti.send("Jalan berlubang di depan <b>Pasar</b> Baru");
    await siti.expect("Ceritakan apa yang terjadi");
    siti.send(
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    );
    await siti.expect("Pilih kategori");
    siti.press("Jalan dan jembatan");
    const locationPrompt = await siti.expect("Di mana lokasinya?");
    expect(locationPrompt.reply_markup?.keyboard?.[0]).toEqual([
      { text: "📍 Bagikan lokasi", request_location: true },
    ]);
    // A place picked on the map: its name and address are kept with the pin.
    siti.shareVenue(-6.2088, 106.8456, "Pasar Baru", "Jl. Pasar Baru No. 1, Sawah Besar");
    // The date's options take the place of the location button, in the same message.
    const saved = await siti.expect("Lokasi dicatat");
    expect(visibleText(saved.text)).toContain("Kapan kejadiannya?");
    expect(saved.reply_markup?.keyboard).toEqual([[{ text: "Hari ini" }, { text: "Kemarin" }]]);
    siti.press("Kemarin");
    await siti.expect("foto atau dokumen pendukung");
    siti.sendPhoto(PNG);
    await siti.expect("Lampiran diterima (1 dari maksimal 5)");
    siti.press("Selesai");
    const summary = await answerPrivacy(siti, {
      anonymous: false,
      confidential: false,
      publishPhotos: false,
    });
    // User text is escaped for Telegram's HTML: the title shows <b> literally.
    expect(summary.text).toContain("Jalan berlubang di depan &lt;b&gt;Pasar&lt;/b&gt; Baru");
    expect(visibleText(summary.text)).toContain(
      "Pasar Baru, Jl. Pasar Baru No. 1, Sawah Besar · -6.20880, 106.84560",
    );
    siti.press("Kirim");
    const confirmation = await siti.expect(
      /Laporan Anda sudah tercatat dengan nomor ADU-[2-9A-HJKMNP-Z]{6}/,
    );
    const code = /ADU-[2-9A-HJKMNP-Z]{6}/.exec(visibleText(confirmation.text))?.[0] ?? "";
    await untilStored(db.database.prisma, code);

    siti.send(`/status ${code}`);
    const status = await siti.expect("Riwayat");
    expect(visibleText(status.text)).toContain(
      `${code} — Jalan berlubang di depan <b>Pasar</b> Baru`,
    );
    expect(visibleText(status.text)).toContain("Status: Diterima, menunggu verifikasi");

    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true, attachments: true },
    });
    expect(report).toMatchObject({
      latitude: -6.2088,
      longitude: 106.8456,
      address: "Pasar Baru, Jl. Pasar Baru No. 1, Sawah Besar",
      categoryId: "jalan-jembatan",
      photosPublic: false,
    });
    expect(report.reporter).toMatchObject({
      channel: "telegram",
      externalId: "501",
      chatId: "501",
      username: "warga501",
      displayName: "Siti",
    });
    expect(report.attachments).toEqual([
      // Re-encoded without its metadata when kept: not the bytes (or size) sent.
      expect.objectContaining({ kind: "photo", mime: "image/png" }),
    ]);

    // A second citizen cannot see Siti's report.
    const budi = fake.citizen(502, "Budi");
    budi.send(`/status ${code}`);
    const refused = await budi.expect("tidak ditemukan");
    expect(visibleText(refused.text)).not.toContain("Jalan berlubang");
  }, 60_000);

  it("refuses files that are not photos or documents it accepts, and expired ones", async () => {
    const ani = fake.citizen(503, "Ani");
    ani.send("/lapor");
    await ani.expect("Apa jenis laporan Anda?");
    ani.press("Aspirasi");
    await ani.expect("judul singkat");
    ani.send("Tambah tempat sampah di taman kota");
    await ani.expect("Jelaskan saran");
    ani.send(
      "Tempat sampah di taman kota terlalu sedikit sehingga sampah berserakan setiap akhir pekan.",
    );
    await ani.expect("Pilih kategori");
    ani.press("Sampah dan lingkungan");
    await ani.expect("foto atau dokumen pendukung");
    ani.sendDocument(Buffer.from("#!/bin/sh\nrm -rf /\n"), "foto.jpg", "image/jpeg");
    await ani.expect("Jenis file ini tidak diterima");
    const expired = ani.sendPhoto(PNG);
    fake.expireFile(expired);
    await ani.expect("Silakan kirim ulang");
    ani.sendSticker();
    await ani.expect("(stiker / sticker) tidak bisa diproses");
  });

  it("handles an update delivered twice once", async () => {
    const joko = fake.citizen(504, "Joko");
    joko.send("/lapor");
    await joko.expect("Apa jenis laporan Anda?");
    joko.press("Permintaan informasi");
    await joko.expect("judul singkat");
    joko.send("Jadwal posyandu di kelurahan", { twice: true });
    await joko.expect("Jelaskan informasi");
    joko.send("Mohon informasi jadwal posyandu untuk balita di Kelurahan Sukamaju bulan depan.");
    await joko.expect("Pilih kategori");
    // Had the title been handled twice, the description step would have got it as an answer.
    expect(joko.texts().filter((text) => text.includes("Jelaskan informasi"))).toHaveLength(1);
    expect(joko.texts().some((text) => text.includes("Terlalu singkat"))).toBe(false);
  });

  it("keeps the draft when a file's name holds a control character", async () => {
    const rina = fake.citizen(507, "Rina");
    rina.send("/lapor");
    await rina.expect("Apa jenis laporan Anda?");
    rina.press("Aspirasi");
    await rina.expect("judul singkat");
    rina.send("Perbanyak tempat sampah di taman kota");
    await rina.expect("Jelaskan saran atau usulan Anda");
    rina.send(
      "Tempat sampah di taman kota terlalu sedikit sehingga sampah berserakan setiap akhir pekan.",
    );
    await rina.expect("Pilih kategori");
    rina.press("Sampah dan lingkungan");
    await rina.expect("foto atau dokumen pendukung");
    rina.sendDocument(PDF, "laporan\u0007final.pdf", "application/pdf");
    await rina.expect("Lampiran diterima (1 dari maksimal 5)");
    rina.press("Selesai (1 file)");
    // A document is never published: no question about publishing it.
    const summary = visibleText(
      (await answerPrivacy(rina, { anonymous: false, confidential: false })).text,
    );
    expect(summary).toContain("Judul: Perbanyak tempat sampah di taman kota");
    expect(summary).toContain("Lampiran: 1 file");
    rina.press("Kirim");
    const confirmation = await rina.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    await untilStored(db.database.prisma, code);
    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { attachments: true },
    });
    expect(report.attachments.map((file) => file.originalName)).toEqual(["laporanfinal.pdf"]);
    expect(rina.texts().join("\n")).not.toContain("Tombol itu sudah tidak berlaku");
  }, 60_000);

  it("takes a typed number as the answer to the menu showing, not to the question under it", async () => {
    const tono = fake.citizen(508, "Tono");
    tono.send("/lapor");
    await tono.expect("Apa jenis laporan Anda?");
    tono.send("/bahasa");
    await tono.expect("Pilih bahasa");
    tono.send("2");
    // The switch and the pending question come as one message.
    const switched = await tono.expect("Language switched to English");
    expect(visibleText(switched.text)).toContain("What kind of report is this?");
    tono.send("2");
    await tono.expect("Write a short title");
    tono.send("More lamps in the city park");
    await tono.expect("Describe your suggestion");
  });

  it("takes a key pressed again before the next question came as no answer to that question", async () => {
    const rudi = fake.citizen(510, "Rudi");
    rudi.send("/lapor");
    await rudi.expect("Apa jenis laporan Anda?");
    // The keyboard hides after a press; opened again at once, the same key goes out twice.
    rudi.press("Pengaduan");
    rudi.press("Pengaduan");
    await rudi.expect("judul singkat");
    // Not the title: the second press was sent before the title was asked.
    await rudi.expect("Tombol itu sudah tidak berlaku");
    rudi.send("Lampu jalan mati di Gang Melati");
    await rudi.expect("Ceritakan apa yang terjadi");
  });

  it("sends a view longer than a message whole, in several messages", async () => {
    const lina = fake.citizen(509, "Lina");
    await fillInformationRequest(lina, "Jadwal layanan perpustakaan keliling");
    lina.press("Kirim");
    const confirmation = await lina.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    const report = await eventually(
      async () =>
        (await db.database.prisma.report.findUnique({ where: { trackingCode: code } })) ??
        undefined,
      { what: `report ${code} stored` },
    );
    // Two long answers, one character apart, so an emoji sits at the old cut whatever the
    // length of the lines before them.
    const answers = ["🙂".repeat(2500), `x${"🙂".repeat(2500)} AKHIR`];
    for (const text of answers) {
      await db.database.prisma.reportEvent.create({
        data: { reportId: report.id, type: "replied", actorType: "staff", public: true, text },
      });
    }
    const before = fake.messagesTo(509).length;
    lina.send(`/status ${code}`);
    await lina.expect("AKHIR");
    const parts = fake
      .messagesTo(509)
      .slice(before)
      .map((part) => visibleText(part.text));
    expect(parts.length).toBeGreaterThan(1);
    const whole = parts.join("");
    expect(whole).toContain(`${code} — Jadwal layanan perpustakaan keliling`);
    for (const text of answers) expect(whole).toContain(text);
    expect(whole).not.toContain("…");
  }, 60_000);

  it("ignores citizen messages in groups", async () => {
    const before = fake.sent.length;
    fake.pushUpdate({
      message: {
        message_id: 1,
        date: 0,
        chat: { id: -100500, type: "supergroup", title: "Warga RT 5" },
        from: { id: 505, is_bot: false, first_name: "Rudi" },
        text: "/lapor",
      },
    });
    const marker = fake.citizen(506);
    marker.send("/bantuan");
    await marker.expect("Perintah yang tersedia");
    expect(fake.sent.slice(before).filter((message) => message.chat.id === -100500)).toEqual([]);
  });
});

describe("the tracking code told at Kirim", () => {
  const isConfirmationTo = (chatId: number) => (payload: Record<string, unknown>) =>
    Number(payload.chat_id) === chatId && String(payload.text).includes("sudah tercatat");

  it("is retried after retry_after when Telegram answers 429, and arrives exactly once", async () => {
    const dewi = fake.citizen(601, "Dewi");
    await fillInformationRequest(dewi);
    fake.failNext("sendMessage", {
      status: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
      when: isConfirmationTo(601),
    });
    dewi.press("Kirim");
    const confirmation = await dewi.expect("sudah tercatat");
    const confirmations = fake
      .callsOf("sendMessage")
      .filter((call) => isConfirmationTo(601)(call.payload));
    expect(confirmations).toHaveLength(2); // the refused call and the one that arrived
    expect(dewi.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
    // The report is stored under the code the citizen was told.
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    await eventually(
      async () =>
        (await db.database.prisma.report.findUnique({ where: { trackingCode: code } })) ??
        undefined,
      { what: `report ${code} stored` },
    );
  });

  it("is retried after a server error and arrives once", async () => {
    const eko = fake.citizen(602, "Eko");
    await fillInformationRequest(eko);
    fake.failNext(
      "sendMessage",
      { status: 502, description: "Bad Gateway", when: isConfirmationTo(602) },
      2,
    );
    eko.press("Kirim");
    await eko.expect("sudah tercatat");
    expect(eko.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
  }, 60_000);
});
