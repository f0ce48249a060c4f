import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { DatabaseInUseError, openDatabase } from "../../../src/infra/db/database.js";
import { migrate, readMigrations } from "../../../src/infra/db/migrate.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { silentLogger, temporaryDirectory, testCipher } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";

const dataDir = temporaryDirectory();
afterAll(() => dataDir.remove());

describe("the embedded database (no DATABASE_URL)", () => {
  it("runs the same migrations and stores reports that survive a restart", async () => {
    const first = await openDatabase({
      url: undefined,
      dataDir: dataDir.path,
      logger: silentLogger,
    });
    expect(first.engine).toBe("pglite");
    expect(await migrate(first, silentLogger)).toEqual(
      readMigrations().map((migration) => migration.name),
    );
    await syncCatalog(first.prisma, catalog);
    const submission = makeSubmission({ title: "Lampu taman mati sejak minggu lalu" });
    const stored = await new ReportIntake(new PrismaReportStore(first.prisma, testCipher), {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    }).store(submission);
    await first.close();

    const second = await openDatabase({
      url: undefined,
      dataDir: dataDir.path,
      logger: silentLogger,
    });
    try {
      expect(await migrate(second, silentLogger)).toEqual([]);
      const report = await second.prisma.report.findUniqueOrThrow({
        where: { trackingCode: stored.trackingCode },
        include: { attachments: true, events: true },
      });
      expect(report).toMatchObject({
        title: "Lampu taman mati sejak minggu lalu",
        categoryId: "jalan-jembatan",
        latitude: -6.2088,
      });
      expect(report.attachments).toHaveLength(1);
      expect(report.events.map((event) => event.type)).toEqual(["submitted"]);
    } finally {
      await second.close();
    }
  }, 120_000);

  it("refuses to open a data directory another running process holds", async () => {
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(join(dataDir.path, "pglite.pid"), String(other.pid));
      await expect(
        openDatabase({ url: undefined, dataDir: dataDir.path, logger: silentLogger }),
      ).rejects.toThrow(
        new DatabaseInUseError(
          `the embedded database in ${join(dataDir.path, "pglite")} is in use by process ${other.pid}; stop that process, ` +
            "or set DATABASE_URL so several processes can share a PostgreSQL server",
        ),
      );
    } finally {
      other.kill();
    }
  });
});
