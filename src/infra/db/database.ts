import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../logger.js";

export { PrismaClient } from "../../generated/prisma/client.js";

/** A single connection able to run multi-statement SQL, for schema work. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
}

export interface Database {
  readonly prisma: PrismaClient;
  readonly engine: "postgres" | "pglite";
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface OpenDatabaseOptions {
  /** A PostgreSQL URL; without one the embedded database under `<dataDir>/pglite` is used. */
  url: string | undefined;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}

export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openEmbedded(options);
}

function openPostgres(url: string, poolSize: number): Database {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({
      connectionString: url,
      max: poolSize,
      // pg closes a connection idle for 10 s by default; a quiet bot would then open a new
      // one (tens of ms) for nearly every citizen's message.
      idleTimeoutMillis: 10 * 60_000,
    }),
  });
  return {
    prisma,
    engine: "postgres",
    async withSession(work) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await work({
          query: async <Row>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as Row[],
          exec: async (sql) => {
            await client.query(sql);
          },
        });
      } finally {
        await client.end();
      }
    },
    close: () => prisma.$disconnect(),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const dir = join(options.dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  // PGlite is a single-process database: a second process opening the same directory would
  // corrupt it, so the directory is claimed with a pid file.
  const lockFile = join(options.dataDir, "pglite.pid");
  try {
    const owner = Number(readFileSync(lockFile, "utf8"));
    if (owner !== process.pid && isAlive(owner)) {
      throw new DatabaseInUseError(
        `the embedded database in ${dir} is in use by process ${owner}; stop that process, ` +
          "or set DATABASE_URL so several processes can share a PostgreSQL server",
      );
    }
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw error;
  }
  writeFileSync(lockFile, String(process.pid));

  // Loaded only here: production processes on PostgreSQL never need PGlite in memory.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const lite = await PGlite.create(dir);
  options.logger.info({ dir }, "using the embedded database (set DATABASE_URL for production)");
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    engine: "pglite",
    withSession: (work) =>
      work({
        query: async <Row>(sql: string, params?: unknown[]) =>
          (await lite.query<Row>(sql, params)).rows,
        exec: async (sql) => {
          await lite.exec(sql);
        },
      }),
    async close() {
      await prisma.$disconnect();
      await lite.close();
      rmSync(lockFile, { force: true });
    },
  };
}
