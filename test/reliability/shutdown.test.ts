import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { fillInformationRequest } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 4: SIGTERM stops taking updates, lets the job in progress finish, flushes the logs
 * and exits within SHUTDOWN_TIMEOUT_MS; what arrived meanwhile is handled by the next process.
 */
let installation: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

const start = (env: Record<string, string> = {}): Promise<ServiceProcess> =>
  installation.start({ roles: "bot,worker", env });

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
  installation = await startService({ platform: "telegram", process: false });
  ({ db, fake } = installation);
});

afterEach(() => installation.killAll());

afterAll(() => installation.stop());

describe("SIGTERM", () => {
  it("stops taking updates, finishes the job in progress, flushes its logs and exits 0", async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "30000" });
    const citizen = fake.citizen(1001);
    await fillInformationRequest(citizen);
    const blocker = await blockIntake();
    citizen.press("Kirim");
    await citizen.expect("sudah tercatat");
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

    // The next process answers the latecomer; the report, stored by the job that finished,
    // is not stored again, and its code was told once, in reply to Kirim.
    await start();
    await latecomer.expect("Perintah yang tersedia", 60_000);
    expect(await db.database.prisma.report.count()).toBe(1);
    expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
  }, 180_000);

  it("exits by SHUTDOWN_TIMEOUT_MS when a job cannot finish, saying so in its last log line", async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "3000" });
    const citizen = fake.citizen(1003);
    await fillInformationRequest(citizen);
    const blocker = await blockIntake();
    try {
      citizen.press("Kirim");
      await citizen.expect("sudah tercatat");
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
