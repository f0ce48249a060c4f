import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/config/catalog.js";
import {
  accountabilityText,
  type MonthFigures,
} from "../../../src/core/reports/accountability-text.js";
import { computeAccountability } from "../../../src/core/reports/accountability.js";
import {
  isFirstWorkingDayOfMonth,
  monthlySummary,
  summaryMonths,
} from "../../../src/core/reports/monthly-summary.js";
import { monthPeriod } from "../../../src/core/reports/periods.js";
import { t } from "../../../src/core/i18n/index.js";
import { toPlainText } from "../../../src/core/text.js";
import {
  AUGUST_2026,
  HEALTH,
  calendar,
  context,
  reply,
  route,
  timeline,
  wib,
} from "../../support/timelines.js";

const catalog = loadCatalog("config/catalog.yaml");
const timeZone = "Asia/Jakarta";
// Tuesday 1 September 2026, 08:00 in Jakarta: the first working day after August.
const NOW = wib("2026-09-01 08:00");
// July: one report answered the next day, and R0 (in AUGUST_2026) still within its deadline.
const reports = [
  ...AUGUST_2026,
  timeline(
    "J1",
    "2026-07-01 09:00",
    "kesehatan",
    route("2026-07-01 10:00", HEALTH),
    reply("2026-07-02 09:00"),
  ),
];

const monthFigures = (month: string): MonthFigures => ({
  month,
  figures: computeAccountability(
    reports,
    { period: monthPeriod(calendar, month), now: NOW },
    context,
  ).overall,
});

describe("the day of the monthly summary", () => {
  it("is the first working day of each month, in the deployment's time zone", () => {
    expect(isFirstWorkingDayOfMonth(calendar, NOW)).toBe(true);
    expect(isFirstWorkingDayOfMonth(calendar, wib("2026-09-02 08:00"))).toBe(false);
    expect(isFirstWorkingDayOfMonth(calendar, wib("2026-11-01 08:00"))).toBe(false); // Sunday
    expect(isFirstWorkingDayOfMonth(calendar, wib("2026-11-02 08:00"))).toBe(true);
    expect(isFirstWorkingDayOfMonth(calendar, wib("2026-01-02 08:00"))).toBe(true); // after New Year
    // 31 August 23:30 UTC is already 1 September 06:30 in Jakarta.
    expect(isFirstWorkingDayOfMonth(calendar, new Date("2026-08-31T23:30:00Z"))).toBe(true);
  });

  it("covers the month that ended and the five before it, oldest first", () => {
    expect(summaryMonths(calendar, NOW)).toEqual([
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
    ]);
    expect(summaryMonths(calendar, wib("2027-01-04 08:00"), 2)).toEqual(["2026-11", "2026-12"]);
  });
});

describe("the monthly summary", () => {
  const trend = summaryMonths(calendar, NOW).map(monthFigures);
  const last = computeAccountability(
    reports,
    { period: monthPeriod(calendar, "2026-08"), now: NOW },
    context,
  );
  const summary = (language: "id" | "en") =>
    monthlySummary({ last, trend, catalog, language, timeZone });

  it("tells the desk last month's figures, how the rate moved and who is below the line", () => {
    expect(toPlainText(summary("id").text).split("\n")).toEqual([
      "🗓️ Ringkasan bulanan semua instansi · Agustus 2026",
      expect.stringMatching(/^Keadaan per 31 Agu 2026,? 23[.:]59 WIB\.$/),
      "Diterima: 11 · Diverifikasi: 8 · Ditindaklanjuti: 6 · Selesai: 2",
      "Tidak dihitung: ditolak/diarsipkan 1 · belum jatuh tempo 2",
      "Tingkat tindak lanjut: 75,0% (target 90%) ▼ 25 poin dari 100,0% (Juli 2026)",
      "⚠️ Di bawah target nasional 90%.",
      "Tepat waktu: 62,5% · Lewat tenggat tanpa tanggapan: 2",
      "Ditunda: 1, 1 di antaranya melewati batas penundaan",
      "Median waktu verifikasi: 2,3 jam kerja · Median waktu tanggapan pertama: 16,3 jam kerja",
      "Kepuasan pelapor: 4 dari 5 · 50,0% memberi nilai 4–5 (2 penilaian)",
      "Tren tindak lanjut: Mar 2026 – · Apr 2026 – · Mei 2026 – · Jun 2026 – · Jul 2026 100,0% · Agu 2026 75,0%",
      "",
      "Per instansi, terendah dulu",
      "⚠️ Dinas Pekerjaan Umum dan Penataan Ruang: 66,7% ditindaklanjuti · 66,7% tepat waktu · 4 diterima",
      "✅ Dinas Kesehatan: 100,0% ditindaklanjuti · 66,7% tepat waktu · 3 diterima",
      "⚠️ Meja pengaduan (belum didisposisikan): 50,0% ditindaklanjuti · 50,0% tepat waktu · 4 diterima",
      "",
      "Per kategori",
      "⚠️ (tanpa kategori): 0,0% ditindaklanjuti · 0,0% tepat waktu · 4 diterima",
      "⚠️ Jalan dan jembatan: 66,7% ditindaklanjuti · 66,7% tepat waktu · 3 diterima",
      "✅ Layanan kesehatan: 100,0% ditindaklanjuti · 75,0% tepat waktu · 4 diterima",
    ]);
  });

  it("reads the same in English", () => {
    const text = toPlainText(summary("en").text);
    expect(text).toContain("🗓️ Monthly summary, all agencies · August 2026");
    expect(text).toContain(
      "Follow-up rate: 75.0% (target 90%) ▼ 25 points from 100.0% (July 2026)",
    );
    expect(text).toContain("⚠️ Public Works and Spatial Planning Agency: 66.7% followed up");
  });

  it("draws the agencies lowest first and the six months, with bilingual titles", () => {
    const { chart } = summary("id");
    expect(chart.agencyTitle).toBe("Tingkat tindak lanjut per instansi · Follow-up rate by agency");
    expect(chart.targetLabel).toBe("target 90%");
    expect(chart.agencies).toEqual([
      { label: "Dinas Pekerjaan Umum dan Penataan Ruang", rate: 2 / 3, value: "66,7%" },
      { label: "Dinas Kesehatan", rate: 1, value: "100,0%" },
    ]);
    expect(chart.months.map((month) => [month.label, month.rate])).toEqual([
      ["2026-03", null],
      ["2026-04", null],
      ["2026-05", null],
      ["2026-06", null],
      ["2026-07", 1],
      ["2026-08", 0.75],
    ]);
  });
});

describe("/statistik for one agency in a running month", () => {
  it("shows its own figures as of now, without the ranking", () => {
    const now = wib("2026-08-26 12:00");
    const own = computeAccountability(
      reports,
      { period: monthPeriod(calendar, "2026-08"), now, agencyId: HEALTH },
      context,
    );
    const text = toPlainText(
      accountabilityText(own, {
        catalog,
        language: "id",
        timeZone,
        header: t("id", "acctHeader", {
          scope: "Dinas Kesehatan",
          period: "2026-08-01 – 2026-08-31",
        }),
      }),
    );
    expect(text).toContain("Diterima: 3 · Diverifikasi: 3 · Ditindaklanjuti: 2");
    expect(text).toContain("Tingkat tindak lanjut: 100,0% (target 90%)");
    expect(text).not.toContain("Di bawah target");
    expect(text).not.toContain("Per instansi");
  });

  it("says so when nothing came in", () => {
    const empty = computeAccountability(
      [],
      { period: monthPeriod(calendar, "2026-08"), now: NOW },
      context,
    );
    const text = toPlainText(
      accountabilityText(empty, { catalog, language: "en", timeZone, header: [] }),
    );
    expect(text).toContain("No reports came in during 2026-08-01 – 2026-08-31.");
  });
});
