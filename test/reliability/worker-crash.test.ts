import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IntakeQueue } from "../../src/queues/intake.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { testCipher, type TestDatabase } from "../support/services.js";
import { makeSubmission } from "../support/submissions.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 1, exactly-once effect: processes are killed with SIGKILL the way a crash or the
 * OOM killer ends them, and the report is still stored once and confirmed once.
 */
let installation: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;
let intake: IntakeQueue;

const start = (roles: string): Promise<ServiceProcess> => installation.start({ roles });

beforeAll(async () => {
  installation = await startService({ platform: "telegram", database: "migrated", process: false });
  ({ db, fake } = installation);
  intake = new IntakeQueue({
    connection: installation.redis,
    prefix: `${installation.redisPrefix}:q`,
    attempts: 20,
    cipher: testCipher,
  });
});

afterEach(() => installation.killAll());

afterAll(async () => {
  await intake.close();
  await installation.stop();
});

describe("a crash never loses or duplicates a report", () => {
  it("stores a report once when the worker is SIGKILLed in the middle of storing it", async () => {
    const first = await start("worker");

    // Hold the timeline table so the worker's transaction stops half-way: reporter and report
    // inserted, the "submitted" event waiting. That is where the crash happens.
    const blocker = new pg.Client({ connectionString: db.url });
    blocker.on("error", () => undefined);
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query('LOCK TABLE "report_events" IN EXCLUSIVE MODE');
    const submission = {
      ...makeSubmission(),
      channel: "telegram" as const,
      chatId: "701",
      reporter: { ...makeSubmission().reporter, externalId: "701" },
    };
    await intake.submit(submission);
    await eventually(
      async () => {
        const waiting = await blocker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() " +
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        );
        return (waiting.rows[0] as { n: number }).n > 0;
      },
      {
        timeoutMs: 30_000,
        what: `the worker to block inside its transaction; worker said:\n${first.stdout}${first.stderr}`,
      },
    );
    first.kill("SIGKILL");
    expect(await first.exited()).toBeNull();
    await blocker.query("ROLLBACK");
    await blocker.end();
    expect(await db.database.prisma.report.count()).toBe(0);

    // A new worker takes over the job once the dead worker's lock expires.
    await start("worker");
    const citizen = fake.citizen(701);
    const confirmation = await citizen.expect("sudah tercatat", 120_000);
    const code = TRACKING_CODE.exec(confirmation.text)?.[0];
    const reports = await db.database.prisma.report.findMany({
      where: { submissionId: submission.submissionId },
    });
    expect(reports.map((report) => report.trackingCode)).toEqual([code]);
    expect(await db.database.prisma.reportEvent.count({ where: { type: "submitted" } })).toBe(1);
    expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
  }, 180_000);

  it("stores a report once when the bot is SIGKILLed right after queueing it", async () => {
    const bot = await start("bot");
    const citizen = fake.citizen(702);
    await fillInformationRequest(citizen);
    const before = await db.database.prisma.report.count();

    citizen.press("Kirim");
    await eventually(async () => (await intake.queue.getJobCountByTypes("wait")) > 0, {
      timeoutMs: 30_000,
      what: "the report in the intake queue",
    });
    bot.kill("SIGKILL");
    await bot.exited();

    // The operator's supervisor starts the service again; Telegram hands it the updates the
    // dead bot never acknowledged, possibly the press of Kirim itself.
    await start("bot,worker");
    const confirmation = await citizen.expect("sudah tercatat", 60_000);
    const code = TRACKING_CODE.exec(confirmation.text)?.[0] ?? "";
    await eventually(
      async () =>
        (await db.database.prisma.report.findUnique({ where: { trackingCode: code } })) ??
        undefined,
      { what: `report ${code} stored` },
    );
    expect(await db.database.prisma.report.count()).toBe(before + 1);
    expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
  }, 120_000);
});
