import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations, type Migration } from "../../../src/infra/db/migrate.js";
import { createTestDatabase, silentLogger, type TestDatabase } from "../../support/services.js";

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
});
