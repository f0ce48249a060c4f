import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceIdOf } from "../../src/core/messages.js";
import { DeliveryError } from "../../src/channels/channel.js";
import { RedisCipher } from "../../src/core/privacy/redis-cipher.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import type { ReportStore, ReportUnit } from "../../src/core/reports/report-store.js";
import type { Submission } from "../../src/core/reports/submission.js";
import { TRACKING_ALPHABET, trackingCodeOf } from "../../src/core/reports/tracking-code.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { IntakeQueue, startIntakeWorker } from "../../src/queues/intake.js";
import type { QueueSettings } from "../../src/queues/options.js";
import { OutboundQueues, startOutboundWorker } from "../../src/queues/outbound.js";
import { catalog } from "../support/engine-harness.js";
import { RecordingSender } from "../support/recording-sender.js";
import {
  testCipher,
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { dumpRedis } from "../support/redis-dump.js";
import { makeSubmission } from "../support/submissions.js";
import { eventually } from "../support/wait.js";
import { PrismaReportStore, WAITING_BULK_LOCK } from "../../src/infra/db/report-store.js";
import { PrismaPrivacyStore } from "../../src/infra/db/privacy-store.js";
import { captureLogs } from "../support/log-capture.js";

let db: TestDatabase;
let redis: TestRedis;
let settings: QueueSettings;
let intakeQueue: IntakeQueue;
let outbound: OutboundQueues;
let intake: ReportIntake;
const sender = new RecordingSender("terminal");
const workers: Worker[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  await syncCatalog(db.database.prisma, catalog);
  settings = queueSettings(redis, 4);
  intakeQueue = new IntakeQueue(settings);
  outbound = new OutboundQueues(settings);
  intake = new ReportIntake(new PrismaReportStore(db.database.prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
  });
  workers.push(
    startIntakeWorker({ settings, intake, outbound, logger: silentLogger, concurrency: 4 }),
    startOutboundWorker({
      settings,
      queues: outbound,
      prisma: db.database.prisma,
      sender,
      logger: silentLogger,
    }),
  );
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await intakeQueue.close();
  await outbound.close();
  await redis.cleanup();
  await db.drop();
});

const prisma = () => db.database.prisma;

/** The outbox row once the worker has recorded the delivery (it records after sending). */
const sentRow = (chatId: string) =>
  eventually(
    async () =>
      (await prisma().outboxMessage.findFirst({ where: { chatId, state: "sent" } })) ?? undefined,
    { what: `sent outbox row for ${chatId}` },
  );

describe("the intake worker", () => {
  it("stores reporter, report, attachments and the submitted event, then confirms with the tracking code", async () => {
    const submission = makeSubmission();
    await intakeQueue.submit(submission);
    const confirmation = await eventually(() => sender.textsTo(submission.chatId)[0], {
      what: "confirmation",
    });

    const report = await prisma().report.findUniqueOrThrow({
      where: { submissionId: submission.submissionId },
      include: { reporter: true, attachments: true, events: true, outbox: true },
    });
    expect(report.trackingCode).toMatch(new RegExp(`^ADU-[${TRACKING_ALPHABET}]{6}$`));
    expect(confirmation).toContain(
      `Laporan Anda sudah tercatat dengan nomor ${report.trackingCode}`,
    );
    expect(report).toMatchObject({
      kind: "pengaduan",
      title: submission.report.title,
      categoryId: "jalan-jembatan",
      latitude: -6.2088,
      longitude: 106.8456,
      anonymous: false,
      confidential: false,
      status: "submitted",
      language: "id",
    });
    expect(report.eventDate?.toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(report.reporter).toMatchObject({
      channel: "terminal",
      externalId: submission.reporter.externalId,
      phone: "+6281234567890",
    });
    expect(report.attachments.map((file) => file.originalName)).toEqual(["lubang.png"]);
    expect(report.events.map((event) => [event.type, event.public])).toEqual([["submitted", true]]);
    await eventually(
      async () =>
        (await prisma().outboxMessage.findFirst({
          where: { reportId: report.id, state: "sent" },
        })) ?? undefined,
      { what: "outbox row marked sent" },
    );
  });

  it("stores each of many reports submitted at once exactly once, a double press included", async () => {
    const submissions = Array.from({ length: 12 }, () => {
      const submission = makeSubmission();
      return { ...submission, trackingCode: trackingCodeOf(submission.submissionId, "ADU") };
    });
    const first = submissions[0] as (typeof submissions)[number];
    await Promise.all([...submissions, first].map((submission) => intakeQueue.submit(submission)));
    const stored = await eventually(
      async () => {
        const rows = await prisma().report.findMany({
          where: { submissionId: { in: submissions.map((s) => s.submissionId) } },
          select: {
            submissionId: true,
            trackingCode: true,
            reporter: { select: { externalId: true } },
          },
        });
        return rows.length === submissions.length ? rows : undefined;
      },
      { what: "every report stored" },
    );
    const bySubmission = new Map(stored.map((row) => [row.submissionId, row]));
    for (const submission of submissions)
      expect(bySubmission.get(submission.submissionId)).toEqual({
        submissionId: submission.submissionId,
        trackingCode: submission.trackingCode,
        reporter: { externalId: submission.reporter.externalId },
      });
  });

  it("stores a report under the number told at Kirim and sends no second confirmation", async () => {
    const submission = makeSubmission();
    const told = trackingCodeOf(submission.submissionId, "ADU");
    await intakeQueue.submit({ ...submission, trackingCode: told });
    const report = await eventually(
      async () =>
        (await prisma().report.findUnique({
          where: { submissionId: submission.submissionId },
          include: { events: true },
        })) ?? undefined,
      { what: "the stored report" },
    );
    expect(report.trackingCode).toBe(told);
    expect(report.events.map((event) => event.type)).toEqual(["submitted"]);
    await eventually(
      async () => (await intakeQueue.queue.getJob(submission.submissionId)) === undefined,
      { what: "the completed job removed" },
    );
    expect(await prisma().outboxMessage.count({ where: { reportId: report.id } })).toBe(0);
    expect(sender.textsTo(submission.chatId)).toEqual([]);
  });

  it("tells the reporter a new number when the one told at Kirim belongs to another report", async () => {
    const first = makeSubmission();
    await intakeQueue.submit(first);
    const taken = await eventually(
      async () =>
        (await prisma().report.findUnique({ where: { submissionId: first.submissionId } }))
          ?.trackingCode,
      { what: "the first report" },
    );
    const second = makeSubmission();
    await intakeQueue.submit({ ...second, trackingCode: taken });
    const text = await eventually(() => sender.textsTo(second.chatId)[0], {
      what: "the new number",
    });
    const report = await prisma().report.findUniqueOrThrow({
      where: { submissionId: second.submissionId },
    });
    expect(report.trackingCode).not.toBe(taken);
    expect(text).toContain(`Nomor laporan Anda berubah menjadi ${report.trackingCode}`);
    expect(text).toContain(`nomor ${taken} ternyata sudah dipakai laporan lain`);
  });

  it("creates one report and one confirmation when the same job runs twice", async () => {
    const submission = makeSubmission();
    await intakeQueue.submit(submission);
    await eventually(() => sender.textsTo(submission.chatId).length === 1, {
      what: "first confirmation",
    });
    // A stored report's job is removed at once (it sealed the reporter's identity), so the
    // same submission arriving again is a new job, and the database keeps it one report.
    await eventually(
      async () => (await intakeQueue.queue.getJob(submission.submissionId)) === undefined,
      { what: "the completed job removed" },
    );
    await intakeQueue.submit(submission);
    await eventually(
      async () => (await intakeQueue.queue.getJob(submission.submissionId)) === undefined,
      { what: "second run" },
    );

    expect(await prisma().report.count({ where: { submissionId: submission.submissionId } })).toBe(
      1,
    );
    expect(sender.textsTo(submission.chatId)).toHaveLength(1);
  });

  it("stores a submission once when workers race on it", async () => {
    const submission = makeSubmission();
    const results = await Promise.all(Array.from({ length: 6 }, () => intake.store(submission)));
    expect(new Set(results.map((result) => result.trackingCode)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await prisma().report.count({ where: { submissionId: submission.submissionId } })).toBe(
      1,
    );
    expect(
      await prisma().reporter.count({ where: { externalId: submission.reporter.externalId } }),
    ).toBe(1);
  });

  it("leaves the bot database connections while a burst of reports waits for the desk", async () => {
    const desk = { channel: "telegram" as const, chatId: "-100778" };
    const withDesk = new ReportIntake(new PrismaReportStore(prisma(), testCipher), {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
      desk: { groups: [desk], privateOn: [] },
    });
    // Another process holds the desk's lock for as long as it likes.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [WAITING_BULK_LOCK]);
      const waitingForDesk = async () => {
        const { rows } = await other.query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        );
        return Number(rows[0]?.count);
      };
      const submissions = Array.from({ length: 8 }, () => makeSubmission());
      const ours = {
        submissionId: { in: submissions.map((submission) => submission.submissionId) },
      };
      const stored = Promise.all(submissions.map((submission) => withDesk.store(submission)));
      await eventually(async () => (await waitingForDesk()) === 2, { what: "two at the desk" });

      // The pool holds 4 connections: what the bot asks meanwhile is answered.
      expect(await prisma().report.count({ where: ours })).toBe(0);
      expect(await waitingForDesk()).toBe(2);

      await other.query("SELECT pg_advisory_unlock($1)", [WAITING_BULK_LOCK]);
      const results = await stored;
      expect(new Set(results.map((result) => result.trackingCode)).size).toBe(8);
      expect(await prisma().report.count({ where: ours })).toBe(8);
    } finally {
      await other.end();
    }
  });

  it("fails a malformed job at once and keeps it for the operator", async () => {
    const job = await intakeQueue.queue.add("report", {
      submissionId: "not-a-uuid",
      report: { title: "" },
    });
    await eventually(async () => (await job.isFailed()) || undefined, { what: "failed job" });
    const failed = await intakeQueue.queue.getJob(String(job.id));
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain("invalid intake payload");
    expect(failed?.failedReason).toContain("submissionId");
  });

  it("stores a report an earlier version queued in clear (a rolling upgrade)", async () => {
    const submission = makeSubmission();
    await intakeQueue.queue.add("report", submission, { jobId: submission.submissionId });
    await eventually(() => sender.textsTo(submission.chatId).length === 1, {
      what: "the confirmation",
    });
    expect(await prisma().report.count({ where: { submissionId: submission.submissionId } })).toBe(
      1,
    );
  });

  it("keeps no identity in a failed job, even when the database error quotes it", async () => {
    // A database that refuses the report quoting what it was given, as Prisma's errors can.
    const refuse = (submission: Submission): never => {
      throw new Error(
        `Invalid \`prisma.$queryRaw()\` invocation:\n  displayName: "${submission.reporter.displayName ?? ""}", externalId: "${submission.reporter.externalId}"`,
      );
    };
    const quoting = {
      createReport: refuse,
      transaction: (work: (unit: Partial<ReportUnit>) => unknown) =>
        work({ holdAgainstErasure: async () => {}, createReport: refuse }),
    } as unknown as ReportStore;
    const failing = { ...settings, prefix: `${redis.prefix}:failing`, attempts: 1 };
    const queue = new IntakeQueue(failing);
    const worker = startIntakeWorker({
      settings: failing,
      intake: new ReportIntake(quoting, {
        trackingCodePrefix: "ADU",
        catalog,
        logger: silentLogger,
      }),
      outbound,
      logger: silentLogger,
      concurrency: 1,
    });
    try {
      const submission = makeSubmission();
      await queue.submit(submission);
      const job = await eventually(
        async () => {
          const found = await queue.queue.getJob(submission.submissionId);
          return found?.finishedOn && found.failedReason ? found : undefined;
        },
        { what: "the job failed" },
      );
      expect(job.failedReason).toBe("Invalid `prisma.$queryRaw()` invocation:");
      const held = JSON.stringify(await dumpRedis(redis.redis, failing.prefix));
      for (const value of [submission.reporter.externalId, "Siti Rahayu", "+6281234567890"]) {
        expect(held).not.toContain(value);
      }
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it("keeps a digest, not the WhatsApp id, of a report queued by a version that traced by the id", async () => {
    const messageId = "false_6281234567890@c.us_3EB0C767D26A1D5DAB1F";
    const submission = { ...makeSubmission(), traceId: `whatsapp:${messageId}` };
    await intakeQueue.submit(submission);
    const event = await eventually(
      async () =>
        (await prisma().reportEvent.findFirst({
          where: { report: { submissionId: submission.submissionId }, type: "submitted" },
        })) ?? undefined,
      { what: "the submitted event" },
    );
    expect(event.data).toMatchObject({
      traceId: traceIdOf({ channel: "whatsapp", messageId }),
    });
    expect(JSON.stringify(event.data)).not.toContain("6281234567890");
  });

  it("passes on no trace id of a report whose reporter erased their identity while it was queued", async () => {
    const { logger, lines } = captureLogs();
    const desk = { channel: "telegram" as const, chatId: "-100777" };
    const erasing = { ...settings, prefix: `${redis.prefix}:erasing` };
    const queue = new IntakeQueue(erasing);
    const cards = new OutboundQueues(erasing);
    const worker = startIntakeWorker({
      settings: erasing,
      intake: new ReportIntake(new PrismaReportStore(prisma(), testCipher), {
        trackingCodePrefix: "ADU",
        catalog,
        logger: silentLogger,
        desk: { groups: [desk], privateOn: [] },
      }),
      outbound: cards,
      logger,
      concurrency: 1,
    });
    try {
      const submission = {
        ...makeSubmission({ submittedAt: new Date(Date.now() - 60_000) }),
        traceId: "whatsapp:false_6281234567890@c.us_3EB0",
      };
      const who = { channel: submission.channel, externalId: submission.reporter.externalId };
      await new PrismaPrivacyStore(prisma(), testCipher).erase(who, new Date());
      await queue.submit(submission);
      const stored = await eventually(() => lines.find((line) => line.msg === "report stored"), {
        what: "the report stored",
      });
      expect(stored).toMatchObject({ submissionId: submission.submissionId });
      expect(stored).not.toHaveProperty("traceId");
      const card = await prisma().outboxMessage.findFirstOrThrow({
        where: { chatId: desk.chatId, purpose: "card" },
      });
      const job = await cards.queue("telegram").getJob(card.id);
      expect(job?.data).not.toHaveProperty("traceId");
      expect(JSON.stringify(card.payload)).toContain("identitas dihapus");
    } finally {
      await worker.close();
      await cards.close();
      await queue.close();
    }
  });

  it("queues the reporter's identity sealed, and fails a job sealed with another key at once", async () => {
    const submission = makeSubmission();
    const data = intakeQueue.jobData(submission);
    expect(Object.keys(data).sort()).toEqual(["sealed", "submissionId", "traceId"]);
    for (const value of [submission.reporter.externalId, "Siti Rahayu", "siti", "+6281234567890"]) {
      expect(JSON.stringify(data)).not.toContain(value);
    }

    const otherKey = new IntakeQueue({ ...settings, cipher: new RedisCipher(randomBytes(32)) });
    await otherKey.submit(submission);
    await otherKey.close();
    const job = await eventually(
      async () => {
        const found = await intakeQueue.queue.getJob(submission.submissionId);
        return found?.finishedOn && found.failedReason ? found : undefined;
      },
      { what: "the job failed" },
    );
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain("was REDIS_ENCRYPTION_KEY changed");
    // Kept for the operator, still sealed: nothing of the reporter in clear.
    expect(JSON.stringify(job.data)).not.toContain("Siti Rahayu");
    expect(await prisma().report.count({ where: { submissionId: submission.submissionId } })).toBe(
      0,
    );
  });
});

describe("the outbound worker", () => {
  it("retries a transient failure and delivers the message once", async () => {
    sender.failNext(new Error("socket hang up"));
    const submission = makeSubmission();
    await intakeQueue.submit(submission);
    await eventually(() => sender.textsTo(submission.chatId)[0], {
      what: "confirmation after retry",
    });
    const row = await sentRow(submission.chatId);
    expect(row).toMatchObject({ state: "sent", attempts: 2, lastError: null });
    expect((await outbound.queue("terminal").getJob(row.id))?.attemptsMade).toBe(2);
    expect(sender.textsTo(submission.chatId)).toHaveLength(1);
  });

  it("stops at a permanent failure, records it on the row and on the report's internal timeline", async () => {
    sender.failNext(new DeliveryError("Forbidden: bot was blocked by the user", true));
    const submission = makeSubmission();
    await intakeQueue.submit(submission);
    const row = await eventually(
      async () =>
        (await prisma().outboxMessage.findFirst({
          where: { chatId: submission.chatId, state: "failed" },
        })) ?? undefined,
      { what: "failed outbox row" },
    );
    expect(row).toMatchObject({ attempts: 1, lastError: "Forbidden: bot was blocked by the user" });
    const events = await prisma().reportEvent.findMany({
      where: { reportId: row.reportId ?? "" },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.type, event.public])).toEqual([
      ["submitted", true],
      ["delivery_failed", false],
    ]);
    expect(sender.textsTo(submission.chatId)).toEqual([]);
  });

  it("honours the platform's retry-after without spending an attempt, then delivers once", async () => {
    sender.failNext(new DeliveryError("Too Many Requests: retry after 1", false, 1000));
    const submission = makeSubmission();
    await intakeQueue.submit(submission);
    await eventually(() => sender.textsTo(submission.chatId)[0], {
      what: "confirmation after 429",
    });
    const row = await sentRow(submission.chatId);
    expect(row).toMatchObject({ state: "sent", attempts: 2 });
    // Only the successful run counts as an attempt: the 429 paused the queue instead of failing.
    const job = await outbound.queue("terminal").getJob(row.id);
    expect(job?.attemptsMade).toBe(1);
    expect(sender.textsTo(submission.chatId)).toHaveLength(1);
  });

  it("re-queues outbox rows left pending by a process that died before queueing them", async () => {
    const submission = makeSubmission();
    const stored = await intake.store(submission); // committed, but never handed to the queue
    expect(stored.pendingOutbox).toHaveLength(1);
    expect(await outbound.recoverPending(prisma(), ["terminal"])).toBeGreaterThanOrEqual(1);
    await eventually(() => sender.textsTo(submission.chatId)[0], {
      what: "recovered confirmation",
    });
  });
});
