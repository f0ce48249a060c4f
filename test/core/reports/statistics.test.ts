import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHolidays } from "../../../src/config/holidays.js";
import { exportReportsCsv } from "../../../src/core/reports/csv-export.js";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { parsePeriod } from "../../../src/core/reports/periods.js";
import { statisticsText } from "../../../src/core/reports/statistics-text.js";
import { ReportStatistics } from "../../../src/core/reports/statistics.js";
import { toPlainText } from "../../../src/core/text.js";
import { WorkingCalendar } from "../../../src/core/time/working-days.js";
import type { Prisma } from "../../../src/generated/prisma/client.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { createTestDatabase, silentLogger, type TestDatabase } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
const NOW = new Date("2026-11-28T03:00:00Z");
const hours = (from: string, count: number) =>
  new Date(new Date(from).getTime() + count * 60 * 60 * 1000);

let db: TestDatabase;
let statistics: ReportStatistics;

async function report(
  title: string,
  submittedAt: string,
  fields: Prisma.ReportUpdateInput,
  options: { anonymous?: boolean } = {},
): Promise<void> {
  const intake = new ReportIntake(db.database.prisma, {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
  });
  const stored = await intake.store(
    makeSubmission({ title, submittedAt: new Date(submittedAt), ...options }),
  );
  await db.database.prisma.report.update({ where: { id: stored.reportId }, data: fields });
}

const november = () => {
  const period = parsePeriod("2026-11", calendar, NOW);
  if (!period) throw new Error("2026-11 is a period");
  return period;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  statistics = new ReportStatistics(db.database.prisma, calendar, 5, () => NOW);
  const pupr = { connect: { id: "dinas-pupr" } };
  const health = { connect: { id: "dinas-kesehatan" } };
  // A: answered the next day, resolved, rated 5.
  await report("Jalan rusak", "2026-11-02T02:00:00Z", {
    agency: pupr,
    status: "done",
    verifiedAt: hours("2026-11-02T02:00:00Z", 2),
    routedAt: hours("2026-11-02T02:00:00Z", 2),
    firstAnsweredAt: hours("2026-11-02T02:00:00Z", 24),
    resolvedAt: hours("2026-11-02T02:00:00Z", 48),
    rating: 5,
  });
  // B: routed on Tuesday 3 Nov, due Tuesday 10 Nov, answered on the 18th: late. Rated 2.
  await report("Saluran mampet", "2026-11-03T02:00:00Z", {
    agency: pupr,
    category: { connect: { id: "drainase-banjir" } },
    status: "done",
    verifiedAt: hours("2026-11-03T02:00:00Z", 4),
    routedAt: hours("2026-11-03T02:00:00Z", 4),
    firstAnsweredAt: hours("2026-11-03T02:00:00Z", 360),
    resolvedAt: hours("2026-11-03T02:00:00Z", 400),
    rating: 2,
  });
  // C: routed, never answered, deadline long past. Its title tries a spreadsheet formula.
  await report('=HYPERLINK("http://evil.example","klik")', "2026-11-04T02:00:00Z", {
    agency: health,
    category: { connect: { id: "kesehatan" } },
    status: "routed",
    verifiedAt: hours("2026-11-04T02:00:00Z", 10),
    routedAt: hours("2026-11-04T02:00:00Z", 10),
  });
  // D: anonymous, still waiting for the desk.
  await report("Pungli di kelurahan", "2026-11-05T02:00:00Z", {}, { anonymous: true });
  // E: confidential, answered in time, resolved, not rated.
  await report("Obat kosong di puskesmas", "2026-11-06T02:00:00Z", {
    agency: health,
    category: { connect: { id: "kesehatan" } },
    confidential: true,
    status: "done",
    verifiedAt: hours("2026-11-06T02:00:00Z", 6),
    routedAt: hours("2026-11-06T02:00:00Z", 6),
    firstAnsweredAt: hours("2026-11-06T02:00:00Z", 72),
    resolvedAt: hours("2026-11-06T02:00:00Z", 80),
  });
  // October: outside the period.
  await report("Laporan bulan lalu", "2026-10-30T02:00:00Z", { status: "done" });
});

afterAll(async () => {
  await db.drop();
});

describe("accountability figures", () => {
  it("match the figures counted by hand for a scripted month", async () => {
    const stats = await statistics.compute(november());
    expect(stats.overall).toEqual({
      received: 5,
      verified: 4,
      routed: 4,
      followedUp: 3,
      resolved: 3,
      resolutionRate: 0.6,
      answeredInTime: 0.5, // A and E in time; B late; C unanswered past its deadline
      medianHoursToVerification: 5, // 2, 4, 6, 10
      medianHoursToFirstAnswer: 72, // 24, 72, 360
      averageRating: 3.5,
      ratings: 2,
    });
    expect(stats.byAgency.get("dinas-pupr")).toMatchObject({ received: 2, resolved: 2 });
    expect(stats.byAgency.get("dinas-kesehatan")).toMatchObject({ received: 2, resolved: 1 });
    expect(stats.byAgency.get(null)).toMatchObject({ received: 1, resolved: 0 });
    expect(stats.byCategory.get("kesehatan")).toMatchObject({ received: 2, resolutionRate: 0.5 });
  });

  it("narrow to one agency", async () => {
    const stats = await statistics.compute({ ...november(), agencyId: "dinas-kesehatan" });
    expect(stats.overall).toMatchObject({ received: 2, resolved: 1, answeredInTime: 0.5 });
  });

  it("show the rate against the 90% target with a warning below it, in both languages", async () => {
    const period = november();
    const stats = await statistics.compute(period);
    const id = toPlainText(statisticsText(stats, period, catalog, "id"));
    expect(id).toContain("Statistik semua instansi · 2026-11-01 – 2026-11-30");
    expect(id).toContain("Tingkat penyelesaian: 60,0% (target 90%)");
    expect(id).toContain("⚠️ Di bawah target nasional 90%.");
    expect(id).toContain("Dijawab dalam tenggat: 50,0%");
    expect(id).toContain("Median waktu verifikasi: 5 jam · Median waktu tanggapan pertama: 3 hari");
    expect(id).toContain("Rata-rata penilaian pelapor: 3,5 dari 5 (2 penilaian)");
    expect(id).toContain(
      "• Dinas Pekerjaan Umum dan Penataan Ruang: 2 diterima · 2 selesai · 100,0%",
    );
    const en = toPlainText(statisticsText(stats, period, catalog, "en"));
    expect(en).toContain("Resolution rate: 60.0% (target 90%)");
    expect(en).toContain("Below the national target of 90%.");
  });

  it("say so when a period has no reports", async () => {
    const period = parsePeriod("2026-01", calendar, NOW);
    if (!period) throw new Error("2026-01 is a period");
    const text = toPlainText(
      statisticsText(await statistics.compute(period), period, catalog, "id"),
    );
    expect(text).toContain("Tidak ada laporan pada periode 2026-01-01 – 2026-01-31.");
  });
});

describe("the CSV export", () => {
  it("leaves out rahasia reports and anonim identities, and defuses formulas", async () => {
    const {
      csv,
      rows: written,
      confidentialLeftOut,
    } = await exportReportsCsv(db.database.prisma, november(), {
      catalog,
      includeConfidential: false,
    });
    expect({ written, confidentialLeftOut }).toEqual({ written: 4, confidentialLeftOut: 1 });
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(header).toMatch(/^tracking_code,submitted_at,kind,status,/);
    expect(rows).toHaveLength(4);
    expect(csv).not.toContain("Obat kosong");
    const anonymous = rows.find((row) => row.includes("Pungli di kelurahan")) ?? "";
    expect(anonymous).not.toContain("Siti Rahayu");
    expect(anonymous).not.toContain("+6281234567890");
    expect(rows.find((row) => row.includes("Jalan rusak"))).toContain("Siti Rahayu");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
  });

  it("includes rahasia reports when asked for internal evaluation", async () => {
    const { csv, confidentialLeftOut } = await exportReportsCsv(db.database.prisma, november(), {
      catalog,
      includeConfidential: true,
    });
    expect(csv).toContain("Obat kosong di puskesmas");
    expect(confidentialLeftOut).toBe(0);
  });
});

describe("periods", () => {
  it("read the forms staff type, in the deployment's time zone", () => {
    const label = (input: string) => parsePeriod(input, calendar, NOW)?.label;
    expect(label("")).toBe("2026-11-01 – 2026-11-28");
    expect(label("bulan-lalu")).toBe("2026-10-01 – 2026-10-31");
    expect(label("minggu-ini")).toBe("2026-11-23 – 2026-11-28");
    expect(label("hari-ini")).toBe("2026-11-28");
    expect(label("7h")).toBe("2026-11-22 – 2026-11-28");
    expect(label("2026")).toBe("2026-01-01 – 2026-12-31");
    expect(label("2026-02")).toBe("2026-02-01 – 2026-02-28");
    expect(label("2026-11-01..2026-11-15")).toBe("2026-11-01 – 2026-11-15");
    expect(parsePeriod("2026-11", calendar, NOW)?.from.toISOString()).toBe(
      "2026-10-31T17:00:00.000Z",
    );
    for (const wrong of ["kemarin-dulu", "2026-13", "2026-11-15..2026-11-01", "0h", "2026-02-30"]) {
      expect(parsePeriod(wrong, calendar, NOW)).toBeUndefined();
    }
  });
});
