import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../support/fake-telegram.js";
import { fillInformationRequest, TRACKING_CODE, untilStored } from "../support/chat-flows.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  service = await startService({ platform: "telegram" });
  ({ db, fake } = service);
}, 90_000);

afterAll(() => service.stop());

const reporter = (externalId: string) =>
  db.database.prisma.reporter.findUnique({
    where: { channel_externalId: { channel: "telegram", externalId } },
  });

describe("personal data over Telegram", () => {
  it("asks for consent before the first report, then lets the person see and erase their data", async () => {
    const budi = fake.citizen(801, "Budi");
    budi.agreesToPrivacyNotice = false;
    budi.send("/lapor");
    await budi.expect("Pemberitahuan privasi");
    budi.press("Tidak setuju");
    await budi.expect("tidak ada isinya yang kami simpan");
    expect(await reporter("801")).toBeNull();

    budi.send("/lapor");
    await budi.expect("Pemberitahuan privasi");
    budi.press("Setuju");
    await budi.expect("Apa jenis laporan Anda?");
    expect(await reporter("801")).toMatchObject({ consentVersion: "2026-12-01" });
    budi.send("/batal");
    await budi.expect("dibatalkan");

    // Accepted once: the next report starts straight away.
    await fillInformationRequest(budi);
    budi.press("Kirim");
    const confirmation = await budi.expect(TRACKING_CODE);
    const code = TRACKING_CODE.exec(confirmation.text)?.[0] ?? "";
    await untilStored(db.database.prisma, code);

    budi.send("/dataku");
    const data = await budi.expect("Data Anda yang kami simpan");
    expect(data.text).toContain("Budi");
    expect(data.text).toContain(code);

    budi.send("/hapusdata");
    await budi.expect("Hapus identitas Anda?");
    budi.press("Ya, hapus identitas saya");
    await budi.expect("Konfirmasi terakhir");
    budi.press("Ya, hapus sekarang");
    await budi.expect("Identitas Anda telah dihapus dari 1 laporan");
    expect(await reporter("801")).toBeNull();
    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true },
    });
    expect(report.reporter).toMatchObject({ displayName: null, erasure: "request" });
    // The report is no longer theirs: not "just sent" because its code was told a moment ago.
    budi.send(`/status ${code}`);
    const status = await budi.expect(code);
    expect(status.text).toContain("tidak ditemukan di antara laporan Anda");
  });
});
