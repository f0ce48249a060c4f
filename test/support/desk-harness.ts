import { randomUUID } from "node:crypto";
import type { Logger } from "../../src/infra/logger.js";
import type { Worker } from "bullmq";
import { TERMINAL_CAPABILITIES } from "../../src/channels/terminal/terminal-channel.js";
import { ConversationEngine } from "../../src/core/conversation/engine.js";
import { ReporterFeedback } from "../../src/core/conversation/feedback.js";
import { loadHolidays, readHolidayFile } from "../../src/config/holidays.js";
import { HolidayBook, shippedInPart } from "../../src/core/time/holiday-book.js";
import { AccountabilityReports } from "../../src/core/reports/accountability-service.js";
import { DeadlinePolicy } from "../../src/core/reports/deadline-policy.js";
import { DeadlineService } from "../../src/core/reports/deadlines.js";
import { WorkingCalendar } from "../../src/core/time/working-days.js";
import { SessionStore } from "../../src/core/conversation/session-store.js";
import { StaffDesk } from "../../src/core/desk/desk.js";
import type { PrivacyNotice } from "../../src/core/privacy/notice.js";
import { MediaStore } from "../../src/core/media/media-store.js";
import type { InboundMessage, OutboundMessage } from "../../src/core/messages.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import type { PendingOutbox, Recipient } from "../../src/core/reports/outbox.js";
import { RatingService } from "../../src/core/reports/ratings.js";

import { ReportWorkflow, type ReportChangeListener } from "../../src/core/reports/workflow.js";
import { UserLimits, type UserLimitsOptions } from "../../src/core/conversation/user-limits.js";
import { StaffDirectory } from "../../src/core/staff/staff-directory.js";
import { toPlainText } from "../../src/core/text.js";
import { PENDING_OUTBOX } from "../../src/infra/db/outbox-rows.js";
import { createStores } from "../../src/infra/db/stores.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { IntakeQueue } from "../../src/queues/intake.js";
import { OutboundQueues, startOutboundWorker } from "../../src/queues/outbound.js";
import { RecordingSender } from "./recording-sender.js";
import { catalog, flows } from "./engine-harness.js";
import {
  testCipher,
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  temporaryDirectory,
} from "./services.js";
import { eventually } from "./wait.js";
import { makeSubmission } from "./submissions.js";

/** The deadlines tests count with: 3 working days to verify, 5 to follow up or hold, … */
export const testDeadlinePolicy = (calendar: WorkingCalendar): DeadlinePolicy =>
  new DeadlinePolicy(calendar, {
    verifyDays: 3,
    followUpDays: 5,
    autoCloseDays: 10,
    reminderHour: 8,
    holdDays: 5,
  });

const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
const policy = testDeadlinePolicy(calendar);

export const DESK_CHAT: Recipient = { channel: "telegram", chatId: "-1001" };

/**
 * The engine with the staff desk on real PostgreSQL and Redis, everyone on the terminal
 * channel. Outbox rows stay in the database for tests to read, until `deliverOutbox()`.
 */
export async function createDeskHarness(
  options: {
    listeners?: ReportChangeListener[];
    withoutDeskChat?: boolean;
    /** What /libur takes as today (it lists this year's and next year's holidays). */
    holidayToday?: Date;
    /** The privacy notice asked before a report, with /dataku and /hapusdata. */
    privacy?: PrivacyNotice;
    /** The desk's logger (what an operator reads); silent unless given. */
    logger?: Logger;
    /** The engine's clock, which flood windows count from. */
    clock?: () => Date;
    /** Flood control and the daily cap, as the engine harness takes them. */
    limits?: Omit<UserLimitsOptions, "prefix" | "timeZone" | "cipher">;
  } = {},
) {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const mediaDir = temporaryDirectory();
  await syncCatalog(db.database.prisma, catalog);
  const prisma = db.database.prisma;
  const enqueued: PendingOutbox[] = [];
  const media = new MediaStore({ dir: mediaDir.path, maxBytes: 1024, allowedTypes: ["image/png"] });
  const staffSettings = {
    ...(options.withoutDeskChat ? {} : { desk: { groups: [DESK_CHAT], privateOn: [] } }),
    staffLanguage: "id" as const,
    timeZone: "Asia/Jakarta",
  };
  const stores = createStores(prisma, testCipher);
  const holidayFile = readHolidayFile("config/holidays.yaml");
  await stores.holidays.seed(holidayFile);
  // Its own calendar: /libur changes it.
  const holidayCalendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
  const holidayChanges: Date[] = [];
  const { holidayToday } = options;
  const holidays = new HolidayBook(
    stores.holidays,
    holidayCalendar,
    shippedInPart(holidayFile),
    async () => {
      holidayChanges.push(new Date());
    },
  );
  // Deadlines move as in the service (timers are not scheduled here: no listener unless given).
  const deadlines = new DeadlineService(stores.reports, {
    policy,
    calendar,
    catalog,
    logger: silentLogger,
    ...staffSettings,
  });
  const workflow = new ReportWorkflow(stores.reports, {
    catalog,
    logger: silentLogger,
    deadlines,
    ...staffSettings,
    ...(options.listeners ? { listeners: options.listeners } : {}),
  });
  const directory = new StaffDirectory(stores.staff);
  const intake = new ReportIntake(stores.reports, {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
    ...staffSettings,
    dueDates: (submittedAt) => deadlines.atSubmission(submittedAt),
    // Nothing is delivered here, so cards pile up pending: the desk would look busy forever.
    deskBurst: Number.POSITIVE_INFINITY,
  });
  const intakeQueue = new IntakeQueue(queueSettings(redis, 1));
  const sessions = new SessionStore(redis.redis, redis.scripts, {
    prefix: redis.prefix,
    cipher: testCipher,
    retentionMs: 3_600_000,
  });
  let delivery: { queues: OutboundQueues; worker: Worker; sender: RecordingSender } | undefined;
  const engine = new ConversationEngine({
    store: sessions,
    flows,
    catalog,
    media,
    reports: stores.reportQueries,
    intake: intakeQueue,
    logger: silentLogger,
    defaultLanguage: "id",
    timeZone: "Asia/Jakarta",
    trackingCodePrefix: "ADU",
    conversationTimeoutMs: 3_600_000,
    maxAttachments: 5,
    desk: new StaffDesk({
      reports: stores.reports,
      store: stores.desk,
      workflow,
      directory,
      audit: stores.audit,
      catalog,
      outbox: { enqueue: async (rows) => void enqueued.push(...rows) },
      redis: redis.redis,
      prefix: redis.prefix,
      cipher: testCipher,
      logger: options.logger ?? silentLogger,
      timeZone: "Asia/Jakarta",
      trackingCodePrefix: "ADU",
      reopenWindowDays: 10,
      media,
      usernames: sessions,
      languages: stores.reportQueries,
      staffLanguage: "id",
      export: {
        reports: stores.reports,
        media,
        log: stores.exports,
        audit: stores.audit,
        catalog,
        calendar,
      },
      statistics: {
        accountability: new AccountabilityReports(stores.timelines, {
          calendar,
          policy,
          catalog,
          timeZone: "Asia/Jakarta",
        }),
        calendar,
        catalog,
      },
      holidays: {
        holidays,
        calendar: holidayCalendar,
        ...(holidayToday ? { clock: () => holidayToday } : {}),
      },
    }),
    ...(options.privacy ? { privacy: { notice: options.privacy, store: stores.privacy } } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.limits
      ? {
          limits: new UserLimits(redis.scripts, {
            ...options.limits,
            prefix: redis.prefix,
            cipher: testCipher,
            timeZone: "Asia/Jakarta",
          }),
        }
      : {}),
    feedback: new ReporterFeedback({
      ratings: new RatingService(stores.reports, workflow),
      outbox: { enqueue: async (rows) => void enqueued.push(...rows) },
      redis: redis.redis,
      prefix: redis.prefix,
      cipher: testCipher,
      windowDays: 10,
    }),
  });

  return {
    db,
    prisma,
    redis,
    workflow,
    directory,
    enqueued,
    holidayCalendar,
    /** When /libur changed the list (each change would move open reports' deadlines). */
    holidayChanges,
    /** Files a report straight through intake, as the worker would; returns its code. */
    async file(overrides: Parameters<typeof makeSubmission>[0] = {}) {
      const submission = makeSubmission(overrides);
      const result = await intake.store(submission);
      return { code: result.trackingCode, reporterId: submission.reporter.externalId };
    },
    async staff(externalId: string, role: "admin" | "officer", agencyId: string | null = null) {
      return directory.add({ channel: "terminal", externalId, role, agencyId, addedBy: "test" });
    },
    /** Where the desk keeps files (attachments, exports). */
    mediaDir: mediaDir.path,
    /** Sends a message as this terminal user and returns the replies as they are. */
    async handle(
      userId: string,
      text: string,
      extra: Partial<
        Pick<InboundMessage, "group" | "replyTo" | "chatId" | "channel" | "capabilities">
      > = {},
    ): Promise<OutboundMessage[]> {
      return engine.handle(message(userId, { kind: "text", text }, extra));
    },
    /** Sends a message as this terminal user and returns the replies as plain text. */
    async say(
      userId: string,
      text: string,
      extra: Partial<
        Pick<InboundMessage, "group" | "replyTo" | "chatId" | "channel" | "capabilities">
      > = {},
    ): Promise<string> {
      const replies = await engine.handle(message(userId, { kind: "text", text }, extra));
      return plainReplies(replies);
    },
    /** The channel sent `reply` to this user's chat as `platformMessageId`, as channels report. */
    async shown(
      userId: string,
      reply: OutboundMessage,
      platformMessageId: string,
      extra: Partial<Pick<InboundMessage, "group" | "chatId">> = {},
    ): Promise<void> {
      await engine.shown(
        message(userId, { kind: "text", text: "" }, extra),
        platformMessageId,
        reply,
      );
    },
    /** Sends a file as this terminal user, with an optional caption, maybe quoting a message. */
    async sendFile(
      userId: string,
      bytes: Buffer,
      caption?: string,
      extra: Partial<Pick<InboundMessage, "replyTo">> = {},
    ) {
      const replies = await engine.handle(
        message(
          userId,
          {
            kind: "attachment",
            media: { kind: "photo", declaredSize: bytes.length, download: async () => bytes },
            ...(caption ? { caption } : {}),
          },
          extra,
        ),
      );
      return plainReplies(replies);
    },
    async press(
      userId: string,
      value: string,
      extra: Partial<Pick<InboundMessage, "group" | "chatId">> = {},
    ) {
      const replies = await engine.handle(message(userId, { kind: "choice", value }, extra));
      return { text: plainReplies(replies), replies };
    },
    /**
     * Delivers the pending outbox rows to this terminal chat through the real outbound worker
     * (as a worker process would), and returns what reached each chat.
     */
    async deliverOutbox(chatId: string): Promise<RecordingSender> {
      if (!delivery) {
        const settings = queueSettings(redis, 3);
        const queues = new OutboundQueues(settings);
        const sender = new RecordingSender("terminal");
        const worker = startOutboundWorker({
          settings,
          queues,
          prisma,
          sender,
          logger: silentLogger,
          menus: sessions,
        });
        delivery = { queues, worker, sender };
      }
      const pending = { channel: "terminal" as const, chatId, state: "pending" as const };
      await delivery.queues.enqueue(
        await prisma.outboxMessage.findMany({
          where: pending,
          select: PENDING_OUTBOX,
          orderBy: { seq: "asc" },
        }),
      );
      await eventually(async () => (await prisma.outboxMessage.count({ where: pending })) === 0, {
        what: `the outbox of ${chatId} to be delivered`,
      });
      return delivery.sender;
    },
    async status(code: string) {
      return (await prisma.report.findUniqueOrThrow({ where: { trackingCode: code } })).status;
    },
    /** Every outbox message about this report, as plain text with its chat and purpose. */
    async outbox(code: string) {
      const rows = await prisma.outboxMessage.findMany({
        where: { report: { trackingCode: code } },
        orderBy: { createdAt: "asc" },
      });
      return rows.map((row) => ({
        chatId: row.chatId,
        purpose: row.purpose,
        replacesId: row.replacesId,
        id: row.id,
        message: row.payload as unknown as OutboundMessage,
        text: toPlainText((row.payload as unknown as OutboundMessage).text),
      }));
    },
    async close() {
      await delivery?.worker.close();
      await delivery?.queues.close();
      await intakeQueue.close();
      await redis.cleanup();
      await db.drop();
      mediaDir.remove();
    },
  };
}

function message(
  userId: string,
  content: InboundMessage["content"],
  extra: Partial<Pick<InboundMessage, "group" | "replyTo" | "chatId" | "channel" | "capabilities">>,
): InboundMessage {
  return {
    channel: "terminal",
    capabilities: TERMINAL_CAPABILITIES,
    chatId: userId,
    messageId: randomUUID(),
    user: { id: userId, displayName: `Orang ${userId}` },
    content,
    receivedAt: new Date(),
    ...extra,
  };
}

function plainReplies(replies: OutboundMessage[]): string {
  return replies.map((reply) => toPlainText(reply.text)).join("\n---\n");
}

export type DeskHarness = Awaited<ReturnType<typeof createDeskHarness>>;
