import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { startService, type ServiceProcess } from "../support/process.js";
import {
  createTestDatabase,
  createTestRedis,
  REDIS_URL,
  temporaryDirectory,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { fillInformationRequest } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 4: SIGTERM stops taking updates, lets the job in progress finish, flushes the logs
 * and exits within SHUTDOWN_TIMEOUT_MS; what arrived meanwhile is handled by the next process.
 */
let db: TestDatabase;
let redis: TestRedis;
let fake: FakeTelegram;
const dataDir = temporaryDirectory();
const running: ServiceProcess[] = [];

function start(env: Record<string, string> = {}): ServiceProcess {
  const service = startService("bot,worker", {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    DATA_DIR: dataDir.path,
    ...env,
  });
  running.push(service);
  return service;
}

/** Holds the timeline table, so the worker's intake transaction waits half-way. */
async function blockIntake(): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: db.url });
  blocker.on("error", () => undefined);
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query('LOCK TABLE "report_events" IN EXCLUSIVE MODE');
  return blocker;
}

async function intakeIsWaiting(blocker: pg.Client): Promise<void> {
  await eventually(
    async () => {
      const waiting = await blocker.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() " +
          "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
      return (waiting.rows[0]?.n ?? 0) > 0;
    },
    { timeoutMs: 30_000, what: "the intake job to be in progress" },
  );
}

const lastLogLine = (service: ServiceProcess) =>
  JSON.parse(service.stdout.trim().split("\n").at(-1) ?? "{}") as { msg?: string };

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  redis = createTestRedis();
  fake = new FakeTelegram();
  await fake.start();
});

afterEach(async () => {
  for (const service of running.splice(0)) {
    service.kill("SIGKILL");
    await service.exited();
  }
});

afterAll(async () => {
  await fake.stop();
  await redis.cleanup();
  await db.drop();
  dataDir.remove();
});

describe("SIGTERM", () => {
  it("stops taking updates, finishes the job in progress, flushes its logs and exits 0", async () => {
    const service = start({ SHUTDOWN_TIMEOUT_MS: "30000" });
    await service.waitFor("Telegram long polling started", 60_000);
    const citizen = fake.citizen(1001);
    await fillInformationRequest(citizen);
    const blocker = await blockIntake();
    citizen.press("Kirim");
    await citizen.expect("sedang diproses");
    await intakeIsWaiting(blocker);

    service.kill("SIGTERM");
    await service.waitFor("shutting down");
    // Sent while the service stops: it must wait for the next process, not be half-handled.
    const latecomer = fake.citizen(1002);
    latecomer.send("/bantuan");
    await blocker.query("ROLLBACK");
    await blocker.end();

    expect(await service.exited()).toBe(0);
    expect(lastLogLine(service).msg).toBe("stopped");
    // Closing its own connections on purpose is not an outage.
    expect(service.stdout).not.toContain("lost the Redis connection");
    expect(await db.database.prisma.report.count()).toBe(1);
    expect(latecomer.texts()).toEqual([]);

    // The next process answers the latecomer and sends the confirmation queued while stopping.
    start();
    await latecomer.expect("Perintah yang tersedia", 60_000);
    await citizen.expect("sudah tercatat", 60_000);
    expect(await db.database.prisma.report.count()).toBe(1);
  }, 180_000);

  it("exits by SHUTDOWN_TIMEOUT_MS when a job cannot finish, saying so in its last log line", async () => {
    const service = start({ SHUTDOWN_TIMEOUT_MS: "3000" });
    await service.waitFor("Telegram long polling started", 60_000);
    const citizen = fake.citizen(1003);
    await fillInformationRequest(citizen);
    const blocker = await blockIntake();
    try {
      citizen.press("Kirim");
      await citizen.expect("sedang diproses");
      await intakeIsWaiting(blocker);
      service.kill("SIGTERM");
      expect(await service.exited()).toBe(1);
      expect(lastLogLine(service).msg).toBe("shutdown took too long; exiting");
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
  }, 120_000);
});
