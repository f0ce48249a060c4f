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
  installation = await startService({
    platform: "telegram",
    database: "migrated",
    process: false,
    // A confirmation the bot never sent goes out through the outbox 2 s after it was told.
    env: { CONFIRMATION_RESEND_SECONDS: "2" },
  });
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
        what: () =>
          `the worker to block inside its transaction; worker said:\n${first.stdout}${first.stderr}`,
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

  it("tells the tracking code once when the bot is SIGKILLed before its reply to Kirim went out", async () => {
    const bot = await start("bot");
    const citizen = fake.citizen(702);
    await fillInformationRequest(citizen);
    const before = await db.database.prisma.report.count();

    // The report is queued and the turn saved; the reply with its code never reaches Telegram.
    const isConfirmation = (payload: Record<string, unknown>) =>
      String(payload.chat_id) === "702" && String(payload.text).includes("sudah tercatat");
    fake.hangNext("sendMessage", isConfirmation);
    citizen.press("Kirim");
    const lost = await eventually(
      () => fake.callsOf("sendMessage").find((call) => isConfirmation(call.payload)),
      { what: "the bot sending its reply to Kirim" },
    );
    bot.kill("SIGKILL");
    await bot.exited();
    expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(0);

    // The operator's supervisor starts the service again: the worker stores the report and,
    // the reply never having been sent, sends the code through the outbox.
    const service = await start("bot,worker");
    const confirmation = await citizen.expect("sudah tercatat", 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nthe service said:\n${service.stdout}${service.stderr}`);
    });
    const code = TRACKING_CODE.exec(confirmation.text)?.[0];
    expect(code).toBe(TRACKING_CODE.exec(String(lost.payload.text))?.[0]);
    const stored = await db.database.prisma.report.findMany({ select: { trackingCode: true } });
    expect(stored).toHaveLength(before + 1);
    expect(stored.map((report) => report.trackingCode)).toContain(code);
    // Nothing is owed any more, so no later run sends it again.
    await eventually(
      async () =>
        (await installation.redis.zcard(`${installation.redisPrefix}:owed-confirmations`)) === 0,
      { what: "no confirmation owed" },
    );
    expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
    // This test's 2 s is shorter than a reply's retries, which the worker tells the operator.
    expect(service.stdout).toMatch(/CONFIRMATION_RESEND_SECONDS=2 is not longer than a reply/);
  }, 120_000);
});
