import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { catalog } from "../support/engine-harness.js";
import { ServiceProcess } from "../support/process.js";
import {
  createTestDatabase,
  silentLogger,
  temporaryDirectory,
  type TestDatabase,
  testCipher,
} from "../support/services.js";
import { makeSubmission } from "../support/submissions.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";

let db: TestDatabase;
const dataDir = temporaryDirectory();
const november = new Date("2026-11-10T03:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  const intake = new ReportIntake(new PrismaReportStore(db.database.prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
  });
  await intake.store(makeSubmission({ title: "Jalan rusak di Sukamaju", submittedAt: november }));
  await intake.store(
    makeSubmission({
      title: "Obat kosong di puskesmas",
      submittedAt: november,
      confidential: true,
    }),
  );
});

afterAll(async () => {
  await db.drop();
  dataDir.remove();
});

function runExport(...args: string[]): ServiceProcess {
  return new ServiceProcess(
    "node",
    ["dist/src/main.js", "export", "--period", "2026-11", ...args],
    {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir.path,
      LOG_LEVEL: "warn",
    },
  );
}

describe("npm run export", () => {
  it("says on stderr how many rahasia reports it left out, why, and how to include them", async () => {
    const exported = runExport();
    expect(await exported.exited()).toBe(0);
    expect(exported.stdout).toContain("Jalan rusak di Sukamaju");
    expect(exported.stdout).not.toContain("Obat kosong");
    expect(exported.stderr).toContain("Exported 1 report(s) of 2026-11-01 – 2026-11-30.");
    expect(exported.stderr).toContain(
      "1 rahasia (confidential) report(s) of the period were left out: their reporters asked " +
        "that they never be published. Add --include-confidential to include them",
    );

    const everything = runExport("--include-confidential");
    expect(await everything.exited()).toBe(0);
    expect(everything.stdout).toContain("Obat kosong di puskesmas");
    expect(everything.stderr).toContain("Exported 2 report(s)");
    expect(everything.stderr).not.toContain("left out");
  });
});
