import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, visibleText, type SentMessage } from "../support/fake-telegram.js";
import type { FakeCitizen, FakeWhatsApp } from "../support/fake-whatsapp.js";
import { captureLogs } from "../support/log-capture.js";
import { startService, type AppUnderTest } from "../support/running-service.js";
import { temporaryDirectory } from "../support/services.js";
import { SECRET_GPS, SECRET_OWNER, taggedJpeg } from "../support/tagged-images.js";
import { eventually } from "../support/wait.js";
import { answerPrivacy, TRACKING_CODE } from "../support/chat-flows.js";
import { isCardOf } from "../support/cards.js";

/**
 * Files end to end: citizens on WhatsApp, the desk and an agency in Telegram groups, so every
 * file crosses platforms, and every image is read back to check what it carries.
 */
const DESK_GROUP = -100600;
const AGENCY_GROUP = -100610;
const ADMIN_ID = 600;
const OFFICER_ID = 610;
const MB = 1024 * 1024;

let service: AppUnderTest;
let telegram: FakeTelegram;
let whatsapp: FakeWhatsApp;
const catalogDir = temporaryDirectory();
const logs = captureLogs();

beforeAll(async () => {
  // The shipped catalog, with the public works agency working in a Telegram group.
  const catalog = readFileSync("config/catalog.yaml", "utf8").replace(
    "  - id: dinas-pupr\n",
    `  - id: dinas-pupr\n    chat: "${AGENCY_GROUP}"\n`,
  );
  const catalogFile = join(catalogDir.path, "catalog.yaml");
  writeFileSync(catalogFile, catalog);
  telegram = new FakeTelegram();
  await telegram.start();
  service = await startService({
    platform: "whatsapp",
    logger: logs.logger,
    console: new Writable({ write: (_chunk, _encoding, done) => done() }),
    env: {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      STAFF_CHAT_ID: String(DESK_GROUP),
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      CATALOG_FILE: catalogFile,
      // Above Telegram's 50 MB upload limit, so a file the desk cannot receive can be kept.
      MEDIA_MAX_BYTES: String(60 * MB),
    },
  });
  whatsapp = service.fake;
  await eventually(() => whatsapp.current?.state === "waiting_for_login", { what: "a QR code" });
  whatsapp.scanQr();
  const admin = telegram.citizen(ADMIN_ID, "Admin Meja");
  admin.send(`/staf tambah ${OFFICER_ID} petugas dinas-pupr`);
  await admin.expect(`${OFFICER_ID} sekarang petugas`);
}, 120_000);

afterAll(async () => {
  await service.stop();
  await telegram.stop();
  catalogDir.remove();
});

/** A road report from WhatsApp with these files, its privacy answers given; returns its code. */
async function fileRoadReport(
  citizen: FakeCitizen,
  files: { photo: Buffer; document?: { bytes: Buffer; name: string } },
  privacy: { anonymous: boolean; confidential: boolean },
): Promise<string> {
  citizen.send("/lapor");
  await citizen.expect("Apa jenis laporan Anda?");
  citizen.press("Pengaduan");
  await citizen.expect("judul singkat");
  citizen.send("Jalan berlubang di depan Pasar Baru");
  await citizen.expect("Ceritakan apa yang terjadi");
  citizen.send(
    "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
  );
  await citizen.expect("Pilih kategori");
  citizen.press("Jalan dan jembatan");
  await citizen.expect("Di mana lokasinya?");
  citizen.shareLocation(-6.2088, 106.8456);
  await citizen.expect("Kapan kejadiannya?");
  citizen.send("kemarin");
  await citizen.expect("foto atau dokumen pendukung");
  citizen.sendPhoto(files.photo);
  await citizen.expect("Lampiran diterima (1 dari maksimal 5)");
  if (files.document) {
    citizen.sendDocument(files.document.bytes, files.document.name, "application/pdf");
    await citizen.expect("Lampiran diterima (2 dari maksimal 5)");
  }
  citizen.send("selesai");
  await answerPrivacy(citizen, {
    ...privacy,
    ...(privacy.confidential ? {} : { publishPhotos: false }),
  });
  citizen.press("Kirim");
  const confirmation = await citizen.expect("Laporan Anda sudah tercatat dengan nomor");
  return TRACKING_CODE.exec(confirmation)?.[0] ?? "";
}

const cardIn = (chatId: number, code: string): SentMessage | undefined =>
  telegram.messagesTo(chatId).find((message) => isCardOf(visibleText(message.text), code));

/** The files sent to a chat after `after` (a message id), as they arrived. */
const filesIn = (chatId: number, after = 0) =>
  telegram
    .messagesTo(chatId)
    .filter((message) => message.media && message.message_id > after)
    .map((message) => ({ ...message, media: message.media ?? fail() }));

function fail(): never {
  throw new Error("unreachable");
}

/** What an image really carries: sharp reads its EXIF, XMP and orientation back. */
async function metadataOf(bytes: Buffer) {
  const metadata = await sharp(bytes).metadata();
  const text = bytes.toString("latin1");
  return {
    exif: metadata.exif,
    xmp: metadata.xmp,
    orientation: metadata.orientation,
    width: metadata.width,
    height: metadata.height,
    secrets: text.includes(SECRET_OWNER) || text.includes(SECRET_GPS.slice(0, 8)),
  };
}

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n% Surat pernyataan Siti\n"), Buffer.alloc(64)]);

describe("a report's files", () => {
  it("reach the desk and the agency with the card, without metadata; the officer's proof reaches the reporter on WhatsApp", async () => {
    const tagged = taggedJpeg(6); // 8×4 px, stored turned upright: 4×8
    expect((await metadataOf(tagged)).secrets).toBe(true);
    expect((await metadataOf(tagged)).orientation).toBe(6);
    const siti = whatsapp.citizen("6281234500301", "Siti");
    const code = await fileRoadReport(
      siti,
      { photo: tagged, document: { bytes: PDF, name: "surat-siti-rahayu.pdf" } },
      { anonymous: true, confidential: false },
    );

    // The desk's group: the card, then its photo and document replying to it.
    const card = await eventually(() => cardIn(DESK_GROUP, code), { what: "the desk card" });
    const deskFiles = await eventually(
      () => {
        const files = filesIn(DESK_GROUP);
        return files.length === 2 ? files : undefined;
      },
      { what: "the card's two files in the desk group" },
    );
    const [photo, document] = deskFiles;
    expect(photo?.media.kind).toBe("photo");
    expect(photo?.replyTo).toBe(card.message_id);
    expect(visibleText(photo?.text ?? "")).toContain(`Lampiran laporan ${code}`);
    expect(await metadataOf(photo?.media.bytes ?? Buffer.alloc(0))).toEqual({
      exif: undefined,
      xmp: undefined,
      orientation: undefined,
      width: 4,
      height: 8,
      secrets: false,
    });
    // A document goes as received, marked so; an anonim reporter's file name is replaced.
    expect(document?.media.kind).toBe("document");
    expect(document?.media.bytes.equals(PDF)).toBe(true);
    expect(document?.media.fileName).toBe("lampiran-2.pdf");
    expect(visibleText(document?.text ?? "")).toContain("Dokumen diteruskan apa adanya");
    expect(document?.replyTo).toBe(card.message_id);

    // Verified and routed: the agency's group gets the card and the files, by the file ids
    // Telegram gave the bot's first upload.
    const admin = telegram.inGroup(telegram.citizen(ADMIN_ID, "Admin Meja"), DESK_GROUP);
    admin.pressOn(card, "Verifikasi");
    const agencyCard = await eventually(() => cardIn(AGENCY_GROUP, code), {
      what: "the agency card",
    });
    const agencyFiles = await eventually(
      () => {
        const files = filesIn(AGENCY_GROUP);
        return files.length === 2 ? files : undefined;
      },
      { what: "the files in the agency group" },
    );
    expect(agencyFiles.map((file) => file.replyTo)).toEqual([
      agencyCard.message_id,
      agencyCard.message_id,
    ]);
    expect(agencyFiles.map((file) => file.media.uploaded)).toEqual([false, false]);

    // The officer closes the report with a photo of the repaired road (carrying GPS too).
    const officer = telegram.inGroup(telegram.citizen(OFFICER_ID, "Petugas PUPR"), AGENCY_GROUP);
    officer.sendPhoto(taggedJpeg(), { caption: `/selesai ${code} Lubang sudah ditambal.` });
    await officer.expect(`${code}: Selesai`);
    await siti.expect("dinyatakan selesai");
    await siti.expect("Lampiran dari petugas untuk laporan");
    const proof = await eventually(
      () => whatsapp.mediaTo(siti.chatId).find((media) => media.mimetype === "image/jpeg"),
      { what: "the proof photo on WhatsApp" },
    );
    expect(proof.asDocument).toBe(false);
    expect(await metadataOf(proof.bytes)).toMatchObject({
      exif: undefined,
      xmp: undefined,
      secrets: false,
    });

    // /lihat offers the files and the timeline shows the proof; /berkas sends one again.
    const adminPrivately = telegram.citizen(ADMIN_ID, "Admin Meja");
    adminPrivately.send(`/lihat ${code}`);
    const view = visibleText((await adminPrivately.expect(code)).text);
    expect(view).toContain(`Lampiran: 3 berkas — kirim /berkas ${code}`);
    expect(view).toMatch(/Lubang sudah ditambal\. · 📎 1 berkas/);
    const before = telegram.messagesTo(ADMIN_ID).at(-1)?.message_id ?? 0;
    adminPrivately.send(`/berkas ${code} 3`);
    const again = await eventually(() => filesIn(ADMIN_ID, before)[0], {
      what: "the third file in the admin's chat",
    });
    expect(again.media.kind).toBe("photo");
    expect(again.media.bytes.equals(proof.bytes)).toBe(true);
    adminPrivately.send(`/berkas ${code} 9`);
    await adminPrivately.expect(`punya 3 lampiran; tidak ada lampiran ke-9`);
  }, 180_000);

  it("of a rahasia report stay in the desk's and agency's groups; a file too big for Telegram leaves a note", async () => {
    const budi = whatsapp.citizen("6281234500302", "Budi");
    const code = await fileRoadReport(
      budi,
      { photo: taggedJpeg() },
      { anonymous: false, confidential: true },
    );
    const card = await eventually(() => cardIn(DESK_GROUP, code), { what: "the desk card" });
    await eventually(() => filesIn(DESK_GROUP, card.message_id)[0], {
      what: "the photo in the desk group",
    });
    // Not routed to the agency yet: its group is not shown the report, nor the desk's queue,
    // even when an admin asks there (the whole group reads the answer).
    const adminInAgency = telegram.inGroup(telegram.citizen(ADMIN_ID, "Admin Meja"), AGENCY_GROUP);
    const lastBefore = telegram.messagesTo(AGENCY_GROUP).at(-1)?.message_id ?? 0;
    for (const command of [`/lihat ${code}`, `/berkas ${code}`]) {
      adminInAgency.send(command);
      await adminInAgency.expect(`Laporan ${code} tidak diteruskan ke instansi grup ini`);
    }
    adminInAgency.send("/masuk");
    const queue = await adminInAgency.expect(/Laporan menunggu|Tidak ada laporan yang menunggu/);
    expect(visibleText(queue.text)).not.toContain(code);
    expect(filesIn(AGENCY_GROUP, lastBefore)).toEqual([]);
    expect(
      telegram
        .messagesTo(AGENCY_GROUP)
        .filter((message) => message.message_id > lastBefore)
        .map((message) => visibleText(message.text))
        .join("\n"),
    ).not.toContain("Budi");

    const admin = telegram.inGroup(telegram.citizen(ADMIN_ID, "Admin Meja"), DESK_GROUP);
    admin.pressOn(card, "Verifikasi");
    const agencyCard = await eventually(() => cardIn(AGENCY_GROUP, code), {
      what: "the agency card",
    });
    await eventually(() => filesIn(AGENCY_GROUP, agencyCard.message_id)[0], {
      what: "the photo in the agency group",
    });

    // The officer answers with a photo: the reporter is told, without the file.
    const officer = telegram.inGroup(telegram.citizen(OFFICER_ID, "Petugas PUPR"), AGENCY_GROUP);
    officer.sendPhoto(taggedJpeg(), { caption: `/balas ${code} Tim sudah memeriksa lokasi.` });
    await officer.expect(`${code}: Sudah ditindaklanjuti`);
    await budi.expect("Tim sudah memeriksa lokasi");
    await budi.expect("Berkas laporan rahasia tidak dikirim lewat chat");
    expect(whatsapp.mediaTo(budi.chatId)).toEqual([]);

    // An admin's private chat is not a group of the desk: /berkas says where the files go.
    const adminPrivately = telegram.citizen(ADMIN_ID, "Admin Meja");
    const before = telegram.messagesTo(ADMIN_ID).at(-1)?.message_id ?? 0;
    adminPrivately.send(`/berkas ${code}`);
    await adminPrivately.expect("hanya dikirim ke grup desk dan grup instansi");
    expect(filesIn(ADMIN_ID, before)).toEqual([]);

    // The reporter adds a 51 MB document: stored, but above what a bot may upload to Telegram.
    const lastInAgency = telegram.messagesTo(AGENCY_GROUP).at(-1)?.message_id ?? 0;
    const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(51 * MB)]);
    budi.sendDocument(big, "rekaman-besar.pdf", "application/pdf", {
      caption: `/tambah ${code} dokumen pendukung`,
    });
    await budi.expect("ditambahkan ke laporan");
    const note = await eventually(
      () =>
        telegram
          .messagesTo(AGENCY_GROUP)
          .find(
            (message) =>
              message.message_id > lastInAgency &&
              visibleText(message.text).includes("terlalu besar untuk dikirim lewat Telegram"),
          ),
      { what: "the too-big note in the agency group" },
    );
    expect(visibleText(note.text)).toContain("rekaman-besar.pdf (51 MB)");
    expect(visibleText(note.text)).toContain("maks. 50 MB");
    expect(filesIn(AGENCY_GROUP, lastInAgency)).toEqual([]);
  }, 180_000);
});
