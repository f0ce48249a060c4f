import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHolidays } from "../../../src/config/holidays.js";
import { exportReportsCsv } from "../../../src/core/reports/csv-export.js";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { parsePeriod } from "../../../src/core/reports/periods.js";
import { WorkingCalendar } from "../../../src/core/time/working-days.js";
import type { Prisma } from "../../../src/generated/prisma/client.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import {
  createTestDatabase,
  silentLogger,
  type TestDatabase,
  testCipher,
} from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";

const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
const NOW = new Date("2026-11-28T03:00:00Z");
const hours = (from: string, count: number) =>
  new Date(new Date(from).getTime() + count * 60 * 60 * 1000);

let db: TestDatabase;

async function report(
  title: string,
  submittedAt: string,
  fields: Prisma.ReportUpdateInput,
  options: { anonymous?: boolean } = {},
): Promise<void> {
  const intake = new ReportIntake(new PrismaReportStore(db.database.prisma, testCipher), {
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

describe("the CSV export", () => {
  it("leaves out rahasia reports and anonim identities, and defuses formulas", async () => {
    const {
      csv,
      rows: written,
      confidentialLeftOut,
    } = await exportReportsCsv(new PrismaReportStore(db.database.prisma, testCipher), november(), {
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
    const { csv, confidentialLeftOut } = await exportReportsCsv(
      new PrismaReportStore(db.database.prisma, testCipher),
      november(),
      {
        catalog,
        includeConfidential: true,
      },
    );
    expect(csv).toContain("Obat kosong di puskesmas");
    expect(confidentialLeftOut).toBe(0);
  });
});
