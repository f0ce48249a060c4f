import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../src/infra/db/database.js";
import { preparedStatementNames } from "../../../src/infra/db/prepared-statements.js";
import { PrismaStaffStore } from "../../../src/infra/db/staff-store.js";
import { createTestDatabase, silentLogger, type TestDatabase } from "../../support/services.js";

describe("prepared statements", () => {
  let db: TestDatabase;
  let oneConnection: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
    oneConnection = await openDatabase({
      url: db.url,
      dataDir: tmpdir(),
      logger: silentLogger,
      poolSize: 1,
    });
  });

  afterAll(async () => {
    await oneConnection.close();
    await db.drop();
  });

  it("prepares a marked statement once on a connection, which runs it again by name", async () => {
    const staff = new PrismaStaffStore(oneConnection.prisma);
    expect(await staff.active("telegram", "5550001")).toBeUndefined();
    expect(await staff.active("telegram", "5550002")).toBeUndefined();
    const prepared = await oneConnection.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM pg_prepared_statements ORDER BY name`;
    expect(prepared.map((row) => row.name)).toEqual(["aduan-active-staff"]);
  });

  it("names a marked statement the same way every time", () => {
    const nameOf = preparedStatementNames();
    const sql = "\n  /* prepared: read-consents */\n  SELECT consent_version FROM reporters";
    expect(nameOf({ sql })).toBe("aduan-read-consents");
    expect(nameOf({ sql })).toBe("aduan-read-consents");
  });

  it("leaves every other statement unnamed, parsed at each call as before", () => {
    const nameOf = preparedStatementNames();
    expect(nameOf({ sql: "SELECT 1" })).toBe("");
    expect(nameOf({ sql: 'SELECT "public"."reports"."id" FROM "public"."reports"' })).toBe("");
    // A mark that is not the statement's first word is a comment like any other.
    expect(nameOf({ sql: "SELECT 1 /* prepared: late */" })).toBe("");
  });

  it("runs a second text under a name already taken unprepared: node-postgres would refuse it", () => {
    const nameOf = preparedStatementNames();
    expect(nameOf({ sql: "/* prepared: staff */ SELECT 1" })).toBe("aduan-staff");
    expect(nameOf({ sql: "/* prepared: staff */ SELECT 2" })).toBe("");
    expect(nameOf({ sql: "/* prepared: staff */ SELECT 1" })).toBe("aduan-staff");
  });
});
