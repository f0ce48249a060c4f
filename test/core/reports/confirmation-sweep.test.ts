import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PendingCodes } from "../../../src/core/conversation/pending-codes.js";
import { ConfirmationSweep } from "../../../src/core/reports/confirmation-sweep.js";
import { confirmationMessage } from "../../../src/core/reports/confirmation.js";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import type { OutboxQueue } from "../../../src/core/reports/outbox.js";
import type { Submission } from "../../../src/core/reports/submission.js";
import { trackingCodeOf } from "../../../src/core/reports/tracking-code.js";
import { PrismaConfirmationLog } from "../../../src/infra/db/confirmation-log.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { captureLogs } from "../../support/log-capture.js";
import {
  createTestDatabase,
  createTestRedis,
  silentLogger,
  testCipher,
  type TestDatabase,
  type TestRedis,
} from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

const GRACE_MS = 60_000;
const TOLD_AT = new Date("2026-12-01T03:00:00Z");
const after = (ms: number) => new Date(TOLD_AT.getTime() + ms);

let db: TestDatabase;
let redis: TestRedis;
let codes: PendingCodes;
let store: PrismaReportStore;
let intake: ReportIntake;
let now = TOLD_AT;
const logs = captureLogs();

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  await syncCatalog(db.database.prisma, catalog);
  codes = new PendingCodes(redis.redis, redis.scripts, {
    prefix: redis.prefix,
    cipher: testCipher,
  });
  store = new PrismaReportStore(db.database.prisma, testCipher);
  intake = new ReportIntake(store, { trackingCodePrefix: "ADU", catalog, logger: silentLogger });
});

afterAll(async () => {
  await redis.cleanup();
  await db.drop();
});

/** What the sweeps handed to the outbound queue, by row id. */
const queued: string[] = [];
const outbound: OutboxQueue = {
  enqueue: (rows) => {
    queued.push(...rows.map((row) => row.id));
    return Promise.resolve();
  },
};

const sweep = (outbox: OutboxQueue = outbound) =>
  new ConfirmationSweep(codes, store, outbox, {
    graceMs: GRACE_MS,
    logger: logs.logger,
    clock: () => now,
    publicPage: (code) => `https://lapor.example.go.id/r/${code}`,
  });

/** A report whose code was told at Kirim (so owed), as the bot queues it. */
async function told(at = TOLD_AT): Promise<Submission> {
  const submission = makeSubmission();
  const code = trackingCodeOf(submission.submissionId, "ADU");
  const { channel, chatId, reporter } = submission;
  await codes.told(channel, reporter.externalId, code, submission.submissionId, at);
  return { ...submission, trackingCode: code, chatId };
}

const confirmationsTo = (chatId: string) =>
  db.database.prisma.outboxMessage.findMany({ where: { chatId, purpose: "confirmation" } });

const isOwed = async (submission: Submission) =>
  (await codes.owedSince(after(365 * 24 * 3_600_000), { offset: 0, limit: 1000 })).some(
    (owed) => owed.submissionId === submission.submissionId,
  );

describe("confirmations told at Kirim that never went out", () => {
  it("are written to the outbox once the grace has passed and the report is stored, once", async () => {
    const submission = await told();
    await intake.store(submission);

    now = after(GRACE_MS - 1000);
    expect(await sweep().run()).toBe(0);
    expect(await isOwed(submission)).toBe(true);

    now = after(GRACE_MS + 1000);
    // Two workers at once write it once (and may both queue it: the row id is the job id).
    await Promise.all([sweep().run(), sweep().run()]);
    const rows = await confirmationsTo(submission.chatId);
    expect(rows).toHaveLength(1);
    expect(queued).toContain(rows[0]?.id);
    const code = submission.trackingCode ?? "";
    expect(rows[0]?.payload).toMatchObject({
      text: confirmationMessage("id", code, {
        confidential: false,
        publicPage: (told) => `https://lapor.example.go.id/r/${told}`,
      }).text,
    });
    expect(rows[0]?.state).toBe("pending");
    expect(await isOwed(submission)).toBe(false);
    expect(await sweep().run()).toBe(0);
    expect(logs.lines.map((line) => line.msg)).toContainEqual(
      expect.stringContaining("confirmations told at Kirim never went out"),
    );
  });

  it("are not sent again when the bot recorded the reply as sent but died before saying so", async () => {
    const submission = await told();
    await new PrismaConfirmationLog(db.database.prisma).record({
      channel: submission.channel,
      chatId: submission.chatId,
      submissionId: submission.submissionId,
      message: confirmationMessage("id", submission.trackingCode ?? "", { confidential: false }),
      platformMessageId: "17",
      sentAt: TOLD_AT,
    });
    await intake.store(submission);

    now = after(GRACE_MS + 1000);
    expect(await sweep().run()).toBe(0);
    expect(await confirmationsTo(submission.chatId)).toHaveLength(1);
    expect(await isOwed(submission)).toBe(false);
  });

  it("wait for a report not stored yet, and are given up after a day with a warning", async () => {
    const submission = await told();

    now = after(GRACE_MS + 1000);
    expect(await sweep().run()).toBe(0);
    expect(await isOwed(submission)).toBe(true);

    // Stored late (PostgreSQL was away): sent at the next run.
    await intake.store(submission);
    expect(await sweep().run()).toBe(1);

    const never = await told();
    now = after(25 * 3_600_000);
    expect(await sweep().run()).toBe(0);
    expect(await isOwed(never)).toBe(false);
    expect(await confirmationsTo(never.chatId)).toHaveLength(0);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        submissionId: never.submissionId,
        msg: expect.stringContaining("no stored report") as unknown,
      }),
    );
  });

  it("are sent even when more than a page of older ones still wait for their reports", async () => {
    for (let index = 0; index < 201; index++) await told();
    const submission = await told(after(1000));
    await intake.store(submission);

    now = after(GRACE_MS + 5000);
    expect(await sweep().run()).toBe(1);
    expect(await confirmationsTo(submission.chatId)).toHaveLength(1);
  });

  it("are queued by the next run when a run stopped after writing them", async () => {
    const submission = await told(after(2000));
    await intake.store(submission);
    now = after(GRACE_MS + 5000);
    const down: OutboxQueue = { enqueue: () => Promise.reject(new Error("Redis is away")) };
    await expect(sweep(down).run()).rejects.toThrow("Redis is away");
    const [row] = await confirmationsTo(submission.chatId);
    expect(row?.state).toBe("pending");
    expect(queued).not.toContain(row?.id);

    expect(await sweep().run()).toBe(1);
    expect(queued).toContain(row?.id);
    expect(await confirmationsTo(submission.chatId)).toHaveLength(1);
    expect(await isOwed(submission)).toBe(false);
  });
});
