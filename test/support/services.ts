import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { pino } from "pino";
import { openDatabase, type Database } from "../../src/infra/db/database.js";
import { migrate } from "../../src/infra/db/migrate.js";
import { RedisScriptClient } from "../../src/infra/redis-scripts.js";
import { RedisCipher } from "../../src/core/privacy/redis-cipher.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import type { QueueSettings } from "../../src/queues/options.js";
import type { Logger } from "../../src/infra/logger.js";
import { eventually } from "./wait.js";

/** The PostgreSQL and Redis the suite runs against (CI starts both, see .ci/run). */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The REDIS_ENCRYPTION_KEY of every service a test starts, so tests can drive its queues. */
export const TEST_REDIS_ENCRYPTION_KEY = "dGVzdHMgb25seTogbmV2ZXIgdXNlIHRoaXMga2V5ISE=";
export const testCipher = new RedisCipher(Buffer.from(TEST_REDIS_ENCRYPTION_KEY, "base64"));

export const silentLogger: Logger = pino({ level: "silent" });

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly database: Database;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file, optionally with every migration applied. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = uniqueName("aduan_test");
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const database = await openDatabase({
    url,
    dataDir: tmpdir(),
    logger: silentLogger,
    poolSize: 4,
  });
  if (options.migrated !== false) await migrate(database, silentLogger);
  return {
    name,
    url,
    database,
    async drop() {
      await database.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Waits until a statement in this database waits for a lock: the one a test holds, reached by
 * the code under test.
 */
export async function untilWaitingForLock(db: TestDatabase): Promise<void> {
  await eventually(
    async () => {
      const [row] = await db.database.prisma.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return (row?.waiting ?? 0) > 0;
    },
    { what: "a statement waiting for the lock the test holds" },
  );
}

/** Longer than Prisma's default transaction timeout (5 s), which failed what waited this long. */
export const LOCK_HELD_MS = 6_000;

/**
 * Runs `start` while another transaction holds what `hold` takes, and keeps holding it for
 * LOCK_HELD_MS once `start` waits for it; returns `start`'s outcome after the hold ends.
 */
export async function whileLockHeld<T>(
  db: TestDatabase,
  hold: (tx: Prisma.TransactionClient) => Promise<unknown>,
  start: () => Promise<T>,
): Promise<T> {
  let started: Promise<T> | undefined;
  await db.database.prisma.$transaction(
    async (tx) => {
      await hold(tx);
      started = start();
      await untilWaitingForLock(db);
      await sleep(LOCK_HELD_MS);
    },
    { timeout: LOCK_HELD_MS * 3 },
  );
  if (!started) throw new Error("the work under test never started");
  return started;
}

export interface TestRedis {
  readonly prefix: string;
  readonly redis: Redis;
  /** The conversation turns' scripts, on a connection of their own as in the service. */
  readonly scripts: RedisScriptClient;
  /** Deletes every key under the prefix and closes the connections. */
  cleanup(): Promise<void>;
}

/** Deletes every key under `prefix:` (queues, conversations, limits, the installation claim). */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

export function createTestRedis(): TestRedis {
  const prefix = uniqueName("t");
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const scripts = new RedisScriptClient(REDIS_URL, { name: "test-turns" });
  return {
    prefix,
    redis,
    scripts,
    async cleanup() {
      await deleteKeysUnder(redis, prefix);
      await Promise.all([redis.quit(), scripts.quit()]);
    },
  };
}

/** The queues' settings on a test Redis, each job tried `attempts` times. */
export function queueSettings(redis: TestRedis, attempts: number): QueueSettings {
  return { connection: redis.redis, prefix: `${redis.prefix}:q`, attempts, cipher: testCipher };
}

export function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "aduan-test-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}
