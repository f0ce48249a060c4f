import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { PROJECT_ROOT } from "../paths.js";
import { PGLITE_SETTINGS } from "./pglite-settings.js";
import { preparedStatementNames } from "./prepared-statements.js";
import { ServiceRefusedError, type RequiredService } from "../startup.js";

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

/**
 * Every transaction's limits. `maxWait`, for a connection of the pool: Prisma's 2 s failed the
 * intake jobs at the back of a busy moment (100 reports in flight on 10 connections to a
 * database 100 ms away) into retries and then into the failed set; a wait is what a pool is
 * for. `timeout`, for the whole transaction, its waits for locks included: an intake queues for
 * the desk's lock behind the desk reports of every worker process; a staff action, a deadline
 * timer or an intake waits for the rows an erasure of the reporter holds, and one person's
 * history may take the erasure most of a minute to rewrite. Prisma's 5 s turned those waits
 * into failed attempts (P2028). A transaction waiting for a lock holds its connection whatever
 * the limit, so a longer one costs nothing but a later error from a transaction that hangs.
 */
const TRANSACTIONS = { maxWait: 60_000, timeout: 90_000 } as const;

export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
}

/** The shell command that creates the database a URL names, on the server it names. */
function createdbCommand(url: URL): string {
  const name = decodeURIComponent(url.pathname.slice(1));
  return [
    "createdb",
    ...(url.hostname ? ["-h", url.hostname] : []),
    ...(url.port ? ["-p", url.port] : []),
    ...(url.username ? ["-U", decodeURIComponent(url.username)] : []),
    /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "'\\''")}'`,
  ].join(" ");
}

/** PostgreSQL as DATABASE_URL names it, for the wait at start. */
export function configuredPostgres(url: string): RequiredService {
  return {
    name: "PostgreSQL",
    variable: "DATABASE_URL",
    url,
    async probe() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      // A connection the server ends later must not become an uncaught error.
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query("SELECT 1");
      } catch (error) {
        const { code } = error as { code?: unknown };
        if (code === "3D000") {
          const parsed = new URL(url);
          throw new ServiceRefusedError(
            `has no database "${decodeURIComponent(parsed.pathname.slice(1))}". Create it with ` +
              `\`${createdbCommand(parsed)}\`, or point DATABASE_URL at an existing database.`,
          );
        }
        // 28P01: wrong password; 28000: no such role, or pg_hba.conf lets nobody in from here.
        if (code === "28P01" || code === "28000") {
          throw new ServiceRefusedError(
            `refused the login (${(error as Error).message}); check the user and password in ` +
              "DATABASE_URL, and the server's pg_hba.conf",
          );
        }
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    advice:
      "Check that PostgreSQL is running and reachable from this machine and that DATABASE_URL " +
      "points to it; STARTUP_TIMEOUT_SECONDS sets how long to wait.",
  };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openEmbedded(options);
}

function openPostgres(url: string, poolSize: number): Database {
  const prisma = new PrismaClient({
    adapter: new PrismaPg(
      {
        connectionString: url,
        max: poolSize,
        // pg closes a connection idle for 10 s by default; a quiet bot would then open a new
        // one (tens of ms) for nearly every citizen's message.
        idleTimeoutMillis: 10 * 60_000,
      },
      { statementNameGenerator: preparedStatementNames() },
    ),
    transactionOptions: TRANSACTIONS,
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

/**
 * Creates the embedded database in a child process: PGlite's initdb leaves about 500 MB behind
 * in the process that ran it (WebAssembly memory never shrinks), so the service does not run it.
 */
async function initialiseEmbedded(dir: string): Promise<void> {
  const script = `
    const { PGlite } = await import("@electric-sql/pglite");
    const [dir, settings] = process.argv.slice(-2);
    await (await PGlite.create(dir, JSON.parse(settings))).close();
  `;
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", script, "--", dir, JSON.stringify(PGLITE_SETTINGS)],
    // From the project, where the import above resolves.
    { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`could not create the embedded database in ${dir}: ${stderr}`);
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
  if (!existsSync(join(dir, "PG_VERSION"))) await initialiseEmbedded(dir);
  const lite = await PGlite.create(dir, PGLITE_SETTINGS);
  options.logger.info({ dir }, "using the embedded database (set DATABASE_URL for production)");
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(lite),
    transactionOptions: TRANSACTIONS,
  });
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
