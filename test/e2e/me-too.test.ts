import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  visibleText,
  type FakeTelegram,
  type SentMessage,
  type TelegramCitizen,
} from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";
import { TRACKING_CODE } from "../support/chat-flows.js";
import { isCardOf } from "../support/cards.js";

const STAFF_GROUP = -100_888;
const ADMIN_ID = 920;

/** Pasar Baru, Jakarta, and spots about `metres` north of it. */
const MARKET = { latitude: -6.2088, longitude: 106.8456 };
const north = (metres: number) => ({ ...MARKET, latitude: MARKET.latitude + metres / 111_195 });

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    env: { STAFF_CHAT_ID: String(STAFF_GROUP), ADMIN_TELEGRAM_IDS: String(ADMIN_ID) },
  });
  ({ db, fake } = service);
}, 90_000);

afterAll(() => service.stop());

/**
 * A road complaint up to the shared location; its acknowledgement comes with what follows (the
 * "me too" question, or the date's), which the caller waits for.
 */
async function startRoadReport(
  citizen: TelegramCitizen,
  title: string,
  at: { latitude: number; longitude: number },
): Promise<void> {
  citizen.send("/lapor");
  await citizen.expect("Apa jenis laporan Anda?");
  citizen.press("Pengaduan");
  await citizen.expect("judul singkat");
  citizen.send(title);
  await citizen.expect("Ceritakan apa yang terjadi");
  citizen.send(
    "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
  );
  await citizen.expect("Pilih kategori");
  citizen.press("Jalan dan jembatan");
  await citizen.expect("Di mana lokasinya?");
  citizen.shareLocation(at.latitude, at.longitude);
}

/**
 * The rest of the complaint, from the date to the tracking code; `dateAsked` when the date
 * question was already seen.
 */
async function finishReport(
  citizen: TelegramCitizen,
  { confidential = false, dateAsked = false } = {},
): Promise<string> {
  if (!dateAsked) await citizen.expect("Kapan kejadiannya?");
  citizen.press("Kemarin");
  await citizen.expect("foto atau dokumen pendukung");
  citizen.press("Lewati");
  await citizen.expect("Sembunyikan identitas");
  citizen.press("Tidak");
  await citizen.expect("rahasia");
  citizen.press(confidential ? "Ya" : "Tidak");
  await citizen.expect("Periksa laporan Anda");
  citizen.press("Kirim");
  const confirmation = await citizen.expect("sudah tercatat");
  return TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
}

/** The desk group's card of this report, as it looks now (cards are edited in place). */
function cardFor(code: string): SentMessage | undefined {
  return fake.messagesTo(STAFF_GROUP).find((message) => isCardOf(visibleText(message.text), code));
}

async function cardShows(code: string, text: string): Promise<void> {
  // A group gets at most 20 messages a minute (Telegram's limit, which the outbox keeps), and
  // this one gets every card and redraw of the test: an edit may wait its turn.
  await eventually(() => visibleText(cardFor(code)?.text ?? "").includes(text), {
    what: `the card of ${code} showing '${text}'`,
    timeoutMs: 60_000,
  });
}

describe("me too: supporting a report filed nearby instead of filing it again", () => {
  it("offers an open public report nearby, counts its supporters, tells them its news, and merges duplicates", async () => {
    const admin = fake.citizen(ADMIN_ID, "Admin Meja");
    const siti = fake.citizen(701, "Siti Aminah");
    const rahasia = fake.citizen(702, "Pelapor Rahasia");
    const baru = fake.citizen(703, "Pelapor Baru");
    const budi = fake.citizen(704, "Budi");
    const dewi = fake.citizen(705, "Dewi");

    // Siti files first. Until the desk has looked at her report, nobody is shown it: a rahasia
    // report and another one are filed a few metres away without the question.
    await startRoadReport(siti, "Jalan berlubang di depan Pasar Baru", MARKET);
    const original = await finishReport(siti);
    await startRoadReport(rahasia, "Lubang jalan dekat rumah saya di Pasar Baru", north(20));
    const secret = await finishReport(rahasia, { confidential: true });
    await startRoadReport(baru, "Jalan rusak parah di samping Pasar Baru", north(30));
    const unverified = await finishReport(baru);
    for (const citizen of [rahasia, baru]) {
      expect(citizen.texts().join("\n")).not.toContain("Apakah ini masalah yang sama");
    }

    // Siti's report is verified and routed (public and open); the rahasia one is verified.
    await eventually(() => cardFor(original), { what: "the desk card" });
    admin.send(`/verifikasi ${original} dinas-pupr`);
    await admin.expect(`${original}: Diteruskan ke instansi`);
    admin.send(`/verifikasi ${secret}`);
    await admin.expect(`${secret}: Terverifikasi`);

    // Budi files the same problem 120 m away: he is shown Siti's report, and only hers.
    await startRoadReport(budi, "Jalan Pasar Baru berlubang besar sekali", north(120));
    const question = await budi.expect("Apakah ini masalah yang sama?");
    const shown = visibleText(question.text);
    expect(shown).toContain(`${original} — Jalan berlubang di depan Pasar Baru`);
    expect(shown).toContain("Diteruskan ke instansi");
    expect(shown).toContain("± 100 m");
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(unverified);
    expect(shown).not.toContain("Siti");
    const buttons = question.reply_markup?.keyboard?.flat().map((button) => button.text);
    expect(buttons).toEqual([`👍 Dukung ${original}`, "📝 Tetap buat laporan baru"]);

    budi.press(`👍 Dukung ${original}`);
    const supported = await budi.expect(`Anda kini mendukung laporan ${original}`);
    expect(visibleText(supported.text)).toContain("didukung 1 warga");
    expect(supported.reply_markup).toEqual({ remove_keyboard: true });
    // His draft ended: nothing more is asked, and no report of his was stored.
    budi.send("halo");
    await budi.expect("/lapor");
    await cardShows(original, "Didukung 1 warga");

    // Staff answer the original: Budi gets the answer too, without Siti's name.
    admin.send(`/balas ${original} Bu Siti Aminah, lubang akan ditambal minggu ini oleh tim PUPR.`);
    await siti.expect("lubang akan ditambal minggu ini");
    const news = await budi.expect("Kabar laporan yang Anda dukung");
    const newsText = visibleText(news.text);
    expect(newsText).toContain(`Tanggapan untuk laporan ${original}`);
    expect(newsText).toContain("lubang akan ditambal minggu ini");
    expect(newsText).not.toContain("Siti");
    expect(newsText).not.toContain("Aminah");
    expect(news.reply_markup?.inline_keyboard ?? []).toEqual([]);

    // Dewi is shown the report too but files her own; the desk then merges it.
    await startRoadReport(dewi, "Aspal Pasar Baru rusak dan berlubang", north(60));
    await dewi.expect("Apakah ini masalah yang sama?");
    dewi.press("📝 Tetap buat laporan baru");
    // Going on and the next question come as one message.
    const goOn = await dewi.expect("kita lanjutkan laporan baru Anda");
    expect(visibleText(goOn.text)).toContain("Kapan kejadiannya?");
    const duplicate = await finishReport(dewi, { dateAsked: true });
    await eventually(() => cardFor(duplicate), { what: "the duplicate's card" });

    // Arguments are checked before anything changes.
    admin.send(`/gabung ${original} ${original}`);
    await admin.expect("tidak bisa digabung ke dirinya sendiri");
    admin.send(`/gabung ${secret} ${original}`);
    await admin.expect(`${secret} rahasia, laporan yang lain tidak`);
    admin.send(`/gabung ADU-ZZZZZZ ${original}`);
    await admin.expect("ADU-ZZZZZZ tidak ditemukan");
    admin.send("/gabung");
    await admin.expect("Cara pakai: /gabung <nomor> <ke-nomor>");

    admin.send(`/gabung ${duplicate} ${original}`);
    await admin.expect(`${duplicate} digabung ke ${original}: 1 pendukung baru`);
    await dewi.expect(`Laporan ${duplicate} Anda digabung ke laporan ${original}`);
    await siti.expect(`Laporan serupa digabung ke laporan ${original} Anda; kini didukung 2 warga`);
    await cardShows(original, "Didukung 2 warga");
    await cardShows(duplicate, "Status: Ditolak / diarsipkan");
    admin.send(`/gabung ${duplicate} ${original}`);
    await admin.expect(`${duplicate} sudah berstatus Ditolak / diarsipkan`);

    // The public page counts the supporters, and names none of them.
    const page = await (await fetch(`${service.process.httpUrl}/laporan/${original}`)).text();
    expect(page).toContain("2 warga lain mengalami masalah yang sama");
    for (const name of ["Siti", "Budi", "Dewi"]) expect(page).not.toContain(name);

    // Both supporters hear that the report is done; only its reporter is asked for a rating.
    admin.send(`/selesai ${original} Lubang sudah ditambal.`);
    await siti.expect("Seberapa puas Anda");
    for (const supporter of [budi, dewi]) {
      const done = await supporter.expect(`Laporan ${original} dinyatakan selesai`);
      expect(visibleText(done.text)).not.toContain("Seberapa puas");
    }

    // One report was stored per citizen who filed, none for Budi; supporters are rows apart.
    const reports = await db.database.prisma.report.findMany({
      where: { reporter: { externalId: { in: ["701", "702", "703", "704", "705"] } } },
      select: { trackingCode: true, status: true },
    });
    expect(reports.map((report) => report.trackingCode).sort()).toEqual(
      [original, secret, unverified, duplicate].sort(),
    );
    expect(reports.find((report) => report.trackingCode === duplicate)?.status).toBe("rejected");
    const supporters = await db.database.prisma.reportSupporter.findMany({
      where: { report: { trackingCode: original } },
      select: { reporter: { select: { externalId: true } } },
    });
    expect(supporters.map((row) => row.reporter.externalId).sort()).toEqual(["704", "705"]);
  }, 240_000);
});
