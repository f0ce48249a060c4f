import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram, type TelegramCitizen } from "../support/fake-telegram.js";
import { answerPrivacy, fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { SECRET_GPS, SECRET_OWNER, taggedJpeg } from "../support/tagged-images.js";
import { eventually } from "../support/wait.js";
import { isCardOf } from "../support/cards.js";

/**
 * The public side as a running service serves it: the reporter's link to their report's page,
 * the page once the desk verified the report, and a report filed by another system through
 * Open311 reaching the same desk, with nothing ever sent to a chat it does not have.
 */

const STAFF_GROUP = -100991;
const ADMIN_ID = 990;
const PUBLIC_BASE_URL = "https://aduan.example.go.id";
const KIOSK_KEY = "kiosk-5b1e0c9a7d3f4e2a8c6b0d1f";

let service: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;
let db: TestDatabase;
let base: string;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    env: {
      STAFF_CHAT_ID: String(STAFF_GROUP),
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      PUBLIC_BASE_URL,
      OPEN311_API_KEYS: `kiosk:${KIOSK_KEY}`,
    },
  });
  ({ fake, db } = service);
  base = service.process.httpUrl;
}, 90_000);

afterAll(() => service.stop());

const page = (code: string) => fetch(`${base}/laporan/${code}`);

/** A road report with one photo (GPS and owner in its EXIF), published or not; its code. */
async function fileWithPhoto(citizen: TelegramCitizen, publish: boolean): Promise<string> {
  citizen.send("/lapor");
  await citizen.expect("Apa jenis laporan Anda?");
  citizen.press("Aspirasi");
  await citizen.expect("judul singkat");
  citizen.send(`Trotoar rusak di Jalan Melati ${publish ? "utara" : "selatan"}`);
  await citizen.expect("Jelaskan saran");
  citizen.send(
    "Trotoar di Jalan Melati retak dan berlubang, perlu diperbaiki sebelum musim hujan.",
  );
  await citizen.expect("Pilih kategori");
  citizen.press("Jalan dan jembatan");
  await citizen.expect("foto atau dokumen pendukung");
  citizen.sendPhoto(taggedJpeg(6));
  await citizen.expect("Lampiran diterima (1 dari maksimal 5)");
  citizen.press("Selesai");
  const summary = visibleText(
    (
      await answerPrivacy(citizen, {
        anonymous: false,
        confidential: false,
        publishPhotos: publish,
      })
    ).text,
  );
  expect(summary).toContain(`Foto di halaman publik: ${publish ? "Ya" : "Tidak"}`);
  citizen.press("Kirim");
  const confirmation = visibleText((await citizen.expect("sudah tercatat")).text);
  return TRACKING_CODE.exec(confirmation)?.[0] ?? "";
}

/** Verifies a report from its desk card, as an admin in the staff group does. */
async function verify(code: string): Promise<void> {
  const card = await eventually(
    () => fake.messagesTo(STAFF_GROUP).find((message) => isCardOf(visibleText(message.text), code)),
    { what: `the desk card of ${code}` },
  );
  const admin = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
  admin.pressOn(card, "Verifikasi");
  await eventually(async () => ((await page(code)).status === 200 ? true : undefined), {
    what: `the public page of ${code}`,
  });
}

describe("the public side of a running service", () => {
  it("links the reporter to their report's page, which appears once the desk verified it", async () => {
    const citizen = fake.citizen(981, "Sulastri Wibowo");
    await fillInformationRequest(citizen, "Jadwal pengambilan sampah di RW 05");
    citizen.press("Kirim");
    const confirmation = visibleText((await citizen.expect("sudah tercatat")).text);
    const code = TRACKING_CODE.exec(confirmation)?.[0] ?? "";
    expect(confirmation).toContain(
      `Setelah diverifikasi, laporan ini tampil untuk publik (tanpa identitas Anda) di ${PUBLIC_BASE_URL}/laporan/${code}`,
    );
    // Not looked at by the desk yet: not public.
    expect((await page(code)).status).toBe(404);

    const admin = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
    await eventually(
      () =>
        fake.messagesTo(STAFF_GROUP).some((message) => visibleText(message.text).includes(code)),
      { what: "the desk card" },
    );
    admin.press("Verifikasi");
    const update = visibleText((await citizen.expect("sudah diverifikasi")).text);
    expect(update).toContain(`Halaman publik laporan ini: ${PUBLIC_BASE_URL}/laporan/${code}`);

    const response = await page(code);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Jadwal pengambilan sampah di RW 05");
    expect(html).not.toContain("Sulastri");
    expect(html).not.toContain("Wibowo");
    const statistics = await fetch(`${base}/statistik`);
    expect(statistics.status).toBe(200);
    expect(await statistics.text()).toContain("Akuntabilitas instansi");
  });

  it("shows a report's photo, stripped of its metadata, only when its reporter agreed", async () => {
    const agreed = await fileWithPhoto(fake.citizen(982, "Rahmat Hidayat"), true);
    const declined = await fileWithPhoto(fake.citizen(983, "Dewi Lestari"), false);
    await verify(agreed);
    await verify(declined);

    // The page links its photo; the link, followed as a browser does, serves it.
    const html = await (await page(agreed)).text();
    const src = /<img\s+src="([^"]+)"/.exec(html)?.[1] ?? "no img on the page";
    const photoUrl = new URL(src, `${base}/laporan/${agreed}`);
    expect(photoUrl.pathname).toBe(`/laporan/${agreed}/foto/1`);
    const photo = await fetch(photoUrl);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    const bytes = Buffer.from(await photo.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect({ exif: metadata.exif, xmp: metadata.xmp, width: metadata.width }).toEqual({
      exif: undefined,
      xmp: undefined,
      width: 4,
    });
    expect(bytes.toString("latin1")).not.toContain(SECRET_OWNER);
    expect(bytes.toString("latin1")).not.toContain(SECRET_GPS.slice(0, 8));

    expect(await (await page(declined)).text()).not.toContain("/foto/");
    expect((await fetch(`${base}/laporan/${declined}/foto/1`)).status).toBe(404);
  }, 120_000);

  it("files an Open311 request into the same desk, keeps the filer's details for staff, and sends nothing to a chat", async () => {
    const form = new URLSearchParams({
      api_key: KIOSK_KEY,
      service_code: "jalan-jembatan",
      lat: "-6.2088",
      long: "106.8456",
      email: "warga@example.go.id",
      first_name: "Budi",
      last_name: "Santoso",
      account_id: "kiosk-77",
      description: "Jembatan penyeberangan di depan pasar retak dan goyang saat dilewati.",
      "attribute[rahasia]": "false",
      "attribute[anonim]": "false",
      "attribute[judul]": "Jembatan penyeberangan retak",
    });
    const refused = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(form), api_key: "wrong" }).toString(),
    });
    expect(refused.status).toBe(403);

    const posted = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(posted.status).toBe(200);
    const [{ token }] = (await posted.json()) as [{ token: string }];
    const code = await eventually(
      async () => {
        const answer = await fetch(`${base}/open311/v2/tokens/${token}.json?api_key=${KIOSK_KEY}`);
        if (answer.status !== 200) return undefined;
        const [found] = (await answer.json()) as [{ service_request_id?: string }];
        return found.service_request_id;
      },
      { what: "the report the token became" },
    );

    // The desk sees it like any report, filed by the kiosk for Budi Santoso.
    const card = await eventually(
      () =>
        fake
          .messagesTo(STAFF_GROUP)
          .map((message) => visibleText(message.text))
          .find((text) => text.includes(code)),
      { what: "the desk card of the Open311 report" },
    );
    expect(card).toContain("Jembatan penyeberangan retak");
    expect(card).toContain("Budi Santoso");

    const report = await db.database.prisma.report.findFirstOrThrow({
      where: { trackingCode: code },
      include: { reporter: true, events: true, outbox: true },
    });
    expect(report.reporter.channel).toBe("open311");
    // The e-mail and the filing system are for staff: an internal note, never public.
    const note = report.events.find((event) => event.type === "note");
    expect(note?.public).toBe(false);
    expect(note?.text).toContain("E-mail: warga@example.go.id");
    expect(note?.text).toContain("Open311: kiosk");
    expect(report.description).not.toContain("warga@example.go.id");
    // Nothing is addressed to the filer; routing it tells nobody on a chat either.
    const admin = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
    admin.send(`/verifikasi ${code} dinas-pupr`);
    await admin.expect(`${code}: Diteruskan ke instansi`);
    const rows = await db.database.prisma.outboxMessage.findMany({
      where: { reportId: report.id },
    });
    expect(rows.some((row) => row.channel === "open311")).toBe(false);
    expect(rows.filter((row) => row.purpose.startsWith("update:"))).toEqual([]);
  }, 120_000);
});
