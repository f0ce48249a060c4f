import { afterEach, describe, expect, it } from "vitest";
import { traceIdOf } from "../../../src/core/messages.js";
import { migrate, readMigrations, type Migration } from "../../../src/infra/db/migrate.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import {
  createTestDatabase,
  silentLogger,
  testCipher,
  type TestDatabase,
} from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

const databases: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

async function appliedNames(db: TestDatabase): Promise<string[]> {
  return db.database.withSession(async (session) =>
    (
      await session.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
      )
    ).map((row) => row.migration_name),
  );
}

async function tableExists(db: TestDatabase, table: string): Promise<boolean> {
  return db.database.withSession(async (session) => {
    const rows = await session.query<{ exists: boolean }>(
      "SELECT to_regclass($1) IS NOT NULL AS exists",
      [table],
    );
    return rows[0]?.exists === true;
  });
}

describe("migrations", () => {
  it("apply every shipped migration once, in order, and record them", async () => {
    const db = await emptyDatabase();
    const shipped = readMigrations().map((migration) => migration.name);
    expect(shipped.length).toBeGreaterThan(0);
    expect([...shipped].sort()).toEqual(shipped);

    expect(await migrate(db.database, silentLogger)).toEqual(shipped);
    expect(await appliedNames(db)).toEqual(shipped);
    expect(await migrate(db.database, silentLogger)).toEqual([]);
    expect(await appliedNames(db)).toEqual(shipped);
  });

  it("apply each migration once when several processes start together", async () => {
    const db = await emptyDatabase();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => migrate(db.database, silentLogger)),
    );
    expect(results.flat().sort()).toEqual(readMigrations().map((migration) => migration.name));
    expect(await appliedNames(db)).toEqual(readMigrations().map((migration) => migration.name));
  });

  it("roll a failing migration back completely and say which one failed", async () => {
    const db = await emptyDatabase();
    const broken: Migration[] = [
      ...readMigrations(),
      {
        name: "29991231000000_broken",
        sql: `CREATE TABLE "half_done" (id int); SELECT * FROM "no_such_table";`,
        checksum: "0".repeat(64),
      },
    ];
    await expect(migrate(db.database, silentLogger, broken)).rejects.toThrow(
      /migration 29991231000000_broken failed and was rolled back: .*no_such_table/,
    );
    expect(await tableExists(db, "half_done")).toBe(false);
    expect(await appliedNames(db)).not.toContain("29991231000000_broken");
    expect(await tableExists(db, "reports")).toBe(true);
  });

  it("refuse to continue when an applied migration was edited", async () => {
    const db = await emptyDatabase();
    await migrate(db.database, silentLogger);
    const edited = readMigrations().map((migration, index) =>
      index === 0 ? { ...migration, checksum: "f".repeat(64) } : migration,
    );
    await expect(migrate(db.database, silentLogger, edited)).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it("turn the trace ids reports kept before into digests that hold no phone number", async () => {
    const db = await emptyDatabase();
    const digests = "20261209000000_trace_id_digest";
    await migrate(
      db.database,
      silentLogger,
      readMigrations().filter((migration) => migration.name < digests),
    );
    await syncCatalog(db.database.prisma, catalog);
    const store = new PrismaReportStore(db.database.prisma, testCipher);
    const whatsappId = "false_6281234567890@c.us_3EB0C767D26A1D5DAB1F";
    const traces = {
      "ADU-WA0001": `whatsapp:${whatsappId}`,
      "ADU-TG0001": "telegram:918273645",
      // Digested in SQL as in TypeScript: UTF-8, and only the first colon splits.
      "ADU-TM0001": "terminal:warga:héllo·日本",
      "ADU-OS0001": "open311:3f1c9a0e-5b7d-4e21-9c4a-8d2b6f0e1a37",
    };
    for (const [trackingCode, traceId] of Object.entries(traces)) {
      await store.transaction((unit) =>
        unit.createReport(
          { ...makeSubmission(), traceId },
          {
            trackingCode,
            categoryId: "jalan-jembatan",
            deskBatchPending: false,
            dueDates: {
              verifyDueAt: null,
              followUpDueAt: null,
              autoCloseAt: null,
              holdDueAt: null,
            },
          },
        ),
      );
    }

    expect(await migrate(db.database, silentLogger)).toContain(digests);

    const kept = async (trackingCode: string) => {
      const event = await db.database.prisma.reportEvent.findFirstOrThrow({
        where: { report: { trackingCode }, type: "submitted" },
      });
      return (event.data as { traceId: string }).traceId;
    };
    expect(await kept("ADU-WA0001")).toBe(
      traceIdOf({ channel: "whatsapp", messageId: whatsappId }),
    );
    expect(await kept("ADU-WA0001")).not.toContain("6281234567890");
    expect(await kept("ADU-TG0001")).toBe(
      traceIdOf({ channel: "telegram", messageId: "918273645" }),
    );
    expect(await kept("ADU-TM0001")).toBe(
      traceIdOf({ channel: "terminal", messageId: "warga:héllo·日本" }),
    );
    expect(await kept("ADU-OS0001")).toBe(traces["ADU-OS0001"]);
  });
});
