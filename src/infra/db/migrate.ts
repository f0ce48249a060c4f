import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { PROJECT_ROOT } from "../paths.js";
import type { Database, SqlSession } from "./database.js";

/** The migrations shipped with this version, in `prisma/migrations/<stamp>_<name>/migration.sql`. */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, "prisma", "migrations");

// Any constant works; it only has to be the same for every Aduan process.
const MIGRATION_LOCK_KEY = 4_242_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// The same bookkeeping table Prisma Migrate keeps, so `prisma migrate status` agrees with us
// wherever the Prisma engines are available.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every pending migration, each once, in name order, each in its own transaction.
 * An advisory lock serialises processes that start together; the ones that wait find the work
 * done. Returns the names of the migrations this call applied.
 */
export async function migrate(
  database: Database,
  logger: Logger,
  migrations: readonly Migration[] = readMigrations(),
): Promise<string[]> {
  return database.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(session, migrations, logger);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });
}

async function applyPending(
  session: SqlSession,
  migrations: readonly Migration[],
  logger: Logger,
): Promise<string[]> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row]));
  const known = new Set(migrations.map((migration) => migration.name));

  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `migration ${row.migration_name} started earlier but never finished; inspect the ` +
          `database and mark it rolled back in "_prisma_migrations" before starting again`,
      );
    }
    if (!known.has(row.migration_name)) {
      logger.warn(
        { migration: row.migration_name },
        "the database has a migration this version does not know (is an older version running?)",
      );
    }
  }

  const done: string[] = [];
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row) {
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          `migration ${migration.name} was changed after it was applied; ` +
            "never edit an applied migration, add a new one instead",
        );
      }
      continue;
    }
    await session.exec("BEGIN");
    try {
      await session.exec(migration.sql);
      await session.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`);
    }
    logger.info({ migration: migration.name }, "applied database migration");
    done.push(migration.name);
  }
  return done;
}
