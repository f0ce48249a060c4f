import { accountIdOf, directChatOf } from "../channels/account-ids.js";
import { loadCatalog, type Catalog } from "../config/catalog.js";
import { DataFileError } from "../config/data-file.js";
import { ConfigError, redisKeyProblems, type Config } from "../config/env.js";
import { readHolidayFile } from "../config/holidays.js";
import { loadPrivacyNotice } from "../config/privacy.js";
import { flowCommandProblems } from "../core/conversation/commands.js";
import { ConversationEngine } from "../core/conversation/engine.js";
import { ReporterFeedback } from "../core/conversation/feedback.js";
import { MeToo } from "../core/conversation/me-too.js";
import { SessionStore } from "../core/conversation/session-store.js";
import { PendingCodes } from "../core/conversation/pending-codes.js";
import { PrismaConfirmationLog } from "../infra/db/confirmation-log.js";
import { UserLimits } from "../core/conversation/user-limits.js";
import { StaffDesk } from "../core/desk/desk.js";
import { tellStaffRemoved, type FarewellDependencies } from "../core/desk/staff-farewell.js";
import { loadFlows, type FlowSet } from "../core/flows/loader.js";
import { MediaStore } from "../core/media/media-store.js";
import { maskedAccount } from "../core/privacy/masked-account.js";
import { RedisCipher } from "../core/privacy/redis-cipher.js";
import type { PrivacyNotice } from "../core/privacy/notice.js";
import type { ScriptRunner } from "../core/redis-script.js";
import { AccountabilityReports } from "../core/reports/accountability-service.js";
import type { AccountabilityChart } from "../core/reports/accountability-text.js";
import type { OutboundFile } from "../core/messages.js";
import { accountabilityChartPng } from "../reporting/charts/render.js";
import { DeadlinePolicy } from "../core/reports/deadline-policy.js";
import { DeadlineService } from "../core/reports/deadlines.js";
import type { Recipient } from "../core/reports/outbox.js";
import type { DeskChats } from "../core/reports/recipients.js";
import { RatingService } from "../core/reports/ratings.js";
import { ReportWorkflow } from "../core/reports/workflow.js";
import { StaffDirectory } from "../core/staff/staff-directory.js";
import { systemClock, type Clock } from "../core/time/clock.js";
import { HolidayBook, holidaysOf, shippedInPart } from "../core/time/holiday-book.js";
import { WorkingCalendar } from "../core/time/working-days.js";
import { reportPageUrl } from "../http/public/links.js";
import { Broadcast } from "../infra/broadcast.js";
import { configuredPostgres, openDatabase, type Database } from "../infra/db/database.js";
import { migrate } from "../infra/db/migrate.js";
import { createStores, type Stores } from "../infra/db/stores.js";
import { syncCatalog } from "../infra/db/sync-catalog.js";
import type { Logger } from "../infra/logger.js";
import {
  configuredRedis,
  createRedis,
  logRedisErrors,
  resolveRedis,
  watchRedis,
  type Redis,
  type RedisHealth,
} from "../infra/redis.js";
import { RedisScriptClient } from "../infra/redis-scripts.js";
import { waitForService, type RequiredService, type StartupWait } from "../infra/startup.js";
import { Metrics } from "../observability/metrics.js";
import { DeadlineScheduler } from "../queues/deadlines.js";
import { IntakeQueue } from "../queues/intake.js";
import type { QueueSettings } from "../queues/options.js";
import { OutboundQueues } from "../queues/outbound.js";
import type { Cleanups } from "./cleanups.js";
import { upgradeRedisPrivacy } from "./redis-privacy-upgrade.js";

/** Two installations (two databases) were configured with one Redis prefix. */
export class PrefixClashError extends Error {
  override name = "PrefixClashError";
}

/** What every role is built from: connections, queues, stores and the domain's services. */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly catalog: Catalog;
  readonly flows: FlowSet;
  readonly calendar: WorkingCalendar;
  /** The process's one metrics registry and one clock: whatever counts or dates gets them. */
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly redis: Redis;
  readonly redisHealth: () => RedisHealth;
  /** Conversations' other Redis work (names, erasure, menus): no queue's scripts on it. */
  readonly conversationRedis: Redis;
  /** Every command a message or a report costs, as scripts on a client of their own. */
  readonly turnScripts: ScriptRunner;
  readonly database: Database;
  readonly stores: Stores;
  /** The Redis key prefix of queues and conversations (REDIS_PREFIX, else the database's). */
  readonly prefix: string;
  readonly queueSettings: QueueSettings;
  readonly intakeQueue: IntakeQueue;
  readonly outbound: OutboundQueues;
  readonly deadlineScheduler: DeadlineScheduler;
  readonly deadlines: DeadlineService;
  /** The holiday list deadlines skip; admins keep it with /libur. */
  readonly holidays: HolidayBook;
  /** The followed-up figures: /statistik, the monthly summary and the public page share them. */
  readonly accountability: AccountabilityReports;
  readonly workflow: ReportWorkflow;
  readonly directory: StaffDirectory;
  readonly sessions: SessionStore;
  /** Codes told at Kirim: pending for /status (bot role), owed until sent (both roles). */
  readonly pendingCodes: PendingCodes;
  readonly media: MediaStore;
  /** Where the desk works: its groups, or WhatsApp admins privately (see `deskChatsOf`). */
  readonly desk: DeskChats;
  /** The privacy notice citizens accept before a report (PRIVACY_FILE). */
  readonly privacyNotice: PrivacyNotice;
}

export interface BuildOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Lines for the person who started the process while it waits for Redis or PostgreSQL. */
  readonly say?: (line: string) => void;
  /** Aborted when the process is asked to stop while it is still starting. */
  readonly signal?: AbortSignal;
}

/**
 * Connects to Redis and PostgreSQL (waiting for them, with a readable line per attempt),
 * applies migrations and builds the services every role shares. Data files are read first,
 * so a bad catalog or flow fails before any service is touched.
 */
export async function buildServices(options: BuildOptions, cleanups: Cleanups): Promise<Services> {
  const { config, logger } = options;
  const catalog = loadCatalog(config.CATALOG_FILE);
  const desk = deskChatsOf(config);
  refuseDeskGroupAsAgency(catalog, desk, config.CATALOG_FILE);
  const flows = loadFlows(config.FLOWS_DIR);
  const holidayFile = readHolidayFile(config.HOLIDAYS_FILE);
  const privacyNotice = loadPrivacyNotice(config.PRIVACY_FILE, retentionPeriods(config));
  // The file's list until the database's (seeded from it, kept with /libur) is loaded.
  const calendar = new WorkingCalendar(
    config.TIME_ZONE,
    holidaysOf(holidayFile),
    config.OFFICE_HOURS,
  );
  const metrics = new Metrics();
  const clock = systemClock;
  // main.ts refuses to start without it (the terminal chat makes its own).
  if (!config.REDIS_ENCRYPTION_KEY) throw new ConfigError(redisKeyProblems(config));
  const cipher = new RedisCipher(Buffer.from(config.REDIS_ENCRYPTION_KEY, "base64"));

  const endpoint = await resolveRedis({
    url: config.REDIS_URL,
    dataDir: config.DATA_DIR,
    logger,
  });
  cleanups.push(() => endpoint.close());
  await waitForServices(
    [
      ...(endpoint.origin === "configured" ? [configuredRedis(endpoint.url)] : []),
      ...(config.DATABASE_URL ? [configuredPostgres(config.DATABASE_URL)] : []),
    ],
    {
      timeoutSeconds: config.STARTUP_TIMEOUT_SECONDS,
      say: options.say ?? ((line) => process.stderr.write(`${line}\n`)),
      logger,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const redis = createRedis(endpoint.url, "main");
  const redisHealth = watchRedis(redis, logger);
  cleanups.push(() => redis.quit());
  // Conversations have a connection of their own: ioredis copies every script defined on a
  // connection into each MULTI made on it, and BullMQ defines dozens on the one it is given,
  // which cost a turn more CPU than the rest of its Redis work.
  const conversationRedis = createRedis(endpoint.url, "conversations", {
    // Turns of many people run at once: their commands share one write to Redis.
    enableAutoPipelining: true,
  });
  // Its loss and recovery are the main connection's, logged once by watchRedis.
  logRedisErrors(conversationRedis, logger, "conversation Redis connection error");
  cleanups.push(() => conversationRedis.quit());
  // A turn's two scripts a message and a report's three (admission, the code told, the count),
  // on a client that spends half of ioredis's CPU on a command: under a crowd, ioredis was a
  // tenth of the main thread's time.
  const turnScripts = new RedisScriptClient(endpoint.url, { name: "turns" });
  logRedisErrors(turnScripts, logger, "conversation turns' Redis connection error");
  cleanups.push(() => turnScripts.quit());

  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    logger,
  });
  cleanups.push(() => database.close());
  await migrate(database, logger);
  await syncCatalog(database.prisma, catalog);
  // Installations sharing one Redis keep apart by default: the prefix comes with the database.
  const installation = await database.prisma.installation.findFirstOrThrow();
  const prefix = config.REDIS_PREFIX ?? installation.redisPrefix;
  await claimPrefix(redis, prefix, installation.id);
  logger.info(
    { redisPrefix: prefix, installation: installation.id },
    config.REDIS_PREFIX ? "Redis prefix from REDIS_PREFIX" : "Redis prefix of this database",
  );
  logger.info(
    { catalogVersion: catalog.data.version, flows: flows.flows.map((flow) => flow.id) },
    "catalog and flows loaded",
  );

  const queueSettings: QueueSettings = {
    connection: redis,
    prefix: `${prefix}:q`,
    installation: installation.id,
    attempts: config.JOB_ATTEMPTS,
    cipher,
  };
  const intakeQueue = new IntakeQueue(queueSettings);
  const outbound = new OutboundQueues(queueSettings);
  cleanups.push(
    () => intakeQueue.close(),
    () => outbound.close(),
  );
  await upgradeRedisPrivacy({ redis, prefix, cipher, intake: intakeQueue, outbound, logger });

  const stores = createStores(database.prisma, cipher);
  const directory = new StaffDirectory(stores.staff, directChatOf);
  await syncConfiguredAdmins(directory, config, {
    reports: stores.reports,
    languages: stores.reportQueries,
    outbox: outbound,
    staffLanguage: config.DEFAULT_LANGUAGE,
    logger,
  });
  const policy = new DeadlinePolicy(calendar, {
    verifyDays: config.VERIFY_WORKING_DAYS,
    followUpDays: config.FOLLOW_UP_WORKING_DAYS,
    autoCloseDays: config.AUTO_CLOSE_WORKING_DAYS,
    reminderHour: config.REMINDER_HOUR,
    holdDays: config.HOLD_WORKING_DAYS,
  });
  const deadlines = new DeadlineService(stores.reports, {
    policy,
    calendar,
    catalog,
    logger,
    timeZone: config.TIME_ZONE,
    staffLanguage: config.DEFAULT_LANGUAGE,
    desk,
    metrics,
    clock,
  });
  // Every process that changes reports moves their deadlines; only workers fire them.
  const deadlineScheduler = new DeadlineScheduler(queueSettings, deadlines, logger, clock);
  cleanups.push(() => deadlineScheduler.close());
  const seeded = await stores.holidays.seed(holidayFile);
  if (seeded.length > 0) logger.info({ years: seeded }, "holidays of HOLIDAYS_FILE stored");
  const holidayChanges = new Broadcast(redis, `${prefix}:holidays`);
  const holidays = new HolidayBook(
    stores.holidays,
    calendar,
    shippedInPart(holidayFile),
    async () => {
      await holidayChanges.publish();
      await deadlineScheduler.requestResync();
    },
  );
  await holidays.reload();
  cleanups.push(
    await holidayChanges.listen(async () => {
      await holidays.reload();
    }, logger),
  );
  const media = new MediaStore({
    dir: config.MEDIA_DIR,
    maxBytes: config.MEDIA_MAX_BYTES,
    allowedTypes: config.MEDIA_ALLOWED_TYPES,
  });
  await media.prepare();
  const queues = [intakeQueue.queue, ...outbound.all(), deadlineScheduler.queue];
  for (const queue of queues) logRedisErrors(queue, logger, "queue error");
  metrics.watchQueues(queues);

  return {
    config,
    logger,
    catalog,
    flows,
    calendar,
    metrics,
    clock,
    redis,
    redisHealth,
    conversationRedis,
    turnScripts,
    database,
    stores,
    prefix,
    queueSettings,
    intakeQueue,
    outbound,
    deadlineScheduler,
    deadlines,
    holidays,
    accountability: new AccountabilityReports(stores.timelines, {
      calendar,
      policy,
      catalog,
      timeZone: config.TIME_ZONE,
      clock,
    }),
    workflow: new ReportWorkflow(stores.reports, {
      catalog,
      logger,
      desk,
      staffLanguage: config.DEFAULT_LANGUAGE,
      timeZone: config.TIME_ZONE,
      reopenWindowDays: config.AUTO_CLOSE_WORKING_DAYS,
      listeners: [deadlineScheduler],
      deadlines,
      clock,
      ...publicPageOf(config),
    }),
    directory,
    // Conversations (bot role), and the menus that outbox messages show in them (worker role).
    // A draft is deleted RETENTION_DRAFT_DAYS after it was last touched (after its timeout,
    // so a returning person is still told it expired).
    sessions: new SessionStore(conversationRedis, turnScripts, {
      prefix,
      cipher,
      retentionMs:
        (config.CONVERSATION_TIMEOUT_MINUTES + config.RETENTION_DRAFT_DAYS * 24 * 60) * 60_000,
    }),
    pendingCodes: new PendingCodes(conversationRedis, turnScripts, { prefix, cipher }),
    media,
    privacyNotice,
    desk,
  };
}

/**
 * Makes the accounts of ADMIN_*_IDS admins, and tells each admin taken out of them (in the
 * audit trail as the setting's doing) that they are no longer staff, as /staf hapus does; on
 * a channel this installation no longer runs they are retired without a message nobody would
 * deliver.
 */
async function syncConfiguredAdmins(
  directory: StaffDirectory,
  config: Config,
  farewell: FarewellDependencies,
): Promise<void> {
  const configured = [
    { channel: "telegram", ids: config.ADMIN_TELEGRAM_IDS, runs: !!config.TELEGRAM_BOT_TOKEN },
    { channel: "whatsapp", ids: config.ADMIN_WHATSAPP_IDS, runs: config.WHATSAPP_ENABLED },
  ] as const;
  for (const { channel, ids, runs } of configured) {
    for (const retired of await directory.syncConfiguredAdmins(channel, ids)) {
      farewell.logger.info(
        { account: maskedAccount(retired.externalId), channel },
        "admin taken out of the configuration; no longer staff",
      );
      if (runs && retired.chatId) {
        await tellStaffRemoved(farewell, { channel, ...retired, chatId: retired.chatId });
      }
    }
  }
}

/** How long personal data is kept (RETENTION_*): the notice states it, the worker enforces it. */
export function retentionPeriods(config: Config): {
  identityMonths: number;
  mediaMonths: number;
  draftDays: number;
} {
  return {
    identityMonths: config.RETENTION_IDENTITY_MONTHS,
    mediaMonths: config.RETENTION_MEDIA_MONTHS,
    draftDays: config.RETENTION_DRAFT_DAYS,
  };
}

/** Draws an accountability chart as a PNG kept with the media, to go with /statistik's figures. */
export function chartDrawer(
  media: MediaStore,
): (chart: AccountabilityChart) => Promise<OutboundFile> {
  return async (chart) => {
    const file = await media.store(accountabilityChartPng(chart), {
      kind: "photo",
      mime: "image/png",
      name: "statistik.png",
    });
    return { kind: "photo", storagePath: file.storagePath, mime: file.mime, size: file.size };
  };
}

/**
 * Where the desk works. On Telegram, its group (STAFF_CHAT_ID); without one, no cards. On
 * WhatsApp, its group (STAFF_WHATSAPP_GROUP), else each WhatsApp admin in their own chat,
 * since a number can be written to without a group. Both at once: both get every card.
 */
export function deskChatsOf(config: Config): DeskChats {
  const groups: Recipient[] = [];
  if (config.STAFF_CHAT_ID && config.TELEGRAM_BOT_TOKEN)
    groups.push({ channel: "telegram", chatId: config.STAFF_CHAT_ID });
  if (config.WHATSAPP_ENABLED && config.STAFF_WHATSAPP_GROUP)
    groups.push({ channel: "whatsapp", chatId: config.STAFF_WHATSAPP_GROUP });
  const privateOn =
    config.WHATSAPP_ENABLED && !config.STAFF_WHATSAPP_GROUP ? (["whatsapp"] as const) : [];
  return { groups, privateOn };
}

/**
 * The desk's group cannot be an agency's too: the desk sees every report, an agency's group
 * only its own, and each group is told what it may see by the catalog.
 */
function refuseDeskGroupAsAgency(catalog: Catalog, desk: DeskChats, catalogFile: string): void {
  const problems = desk.groups.flatMap((group) => {
    const agency = catalog.agencyIn(group);
    const setting = group.channel === "telegram" ? "STAFF_CHAT_ID" : "STAFF_WHATSAPP_GROUP";
    return agency
      ? [
          `agency '${agency.id}': its chat is the desk's group (${setting}); give the agency a group of its own`,
        ]
      : [];
  });
  if (problems.length > 0) throw DataFileError.in(catalogFile, problems);
}

/** The public page of a report, linked from what its reporter is sent (PUBLIC_BASE_URL). */
export function publicPageOf(config: Config): { publicPage?: (code: string) => string } {
  const base = config.PUBLIC_BASE_URL;
  return base ? { publicPage: (code) => reportPageUrl(base, code) } : {};
}

/** The staff desk and the conversation engine: what a bot process answers messages with. */
export function buildConversation(services: Services): {
  desk: StaffDesk;
  engine: ConversationEngine;
} {
  const { config, catalog, calendar, clock, redis, prefix, stores, workflow } = services;
  const desk = new StaffDesk({
    reports: stores.reports,
    store: stores.desk,
    workflow,
    directory: services.directory,
    audit: stores.audit,
    catalog,
    outbox: services.outbound,
    redis,
    prefix,
    cipher: services.queueSettings.cipher,
    logger: services.logger,
    timeZone: config.TIME_ZONE,
    trackingCodePrefix: config.TRACKING_CODE_PREFIX,
    reopenWindowDays: config.AUTO_CLOSE_WORKING_DAYS,
    media: services.media,
    accountId: accountIdOf,
    usernames: services.sessions,
    languages: stores.reportQueries,
    staffLanguage: config.DEFAULT_LANGUAGE,
    statistics: {
      accountability: services.accountability,
      calendar,
      catalog,
      clock,
      draw: chartDrawer(services.media),
    },
    holidays: { holidays: services.holidays, calendar, clock },
    export: {
      reports: stores.reports,
      media: services.media,
      log: stores.exports,
      audit: stores.audit,
      catalog,
      calendar,
      clock,
    },
  });
  const engine = new ConversationEngine({
    store: services.sessions,
    flows: services.flows,
    catalog,
    media: services.media,
    reports: stores.reportQueries,
    intake: services.intakeQueue,
    logger: services.logger,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    timeZone: config.TIME_ZONE,
    trackingCodePrefix: config.TRACKING_CODE_PREFIX,
    ...publicPageOf(config),
    conversationTimeoutMs: config.CONVERSATION_TIMEOUT_MINUTES * 60_000,
    maxAttachments: config.ATTACHMENTS_MAX,
    desk,
    feedback: new ReporterFeedback({
      ratings: new RatingService(stores.reports, workflow, clock),
      outbox: services.outbound,
      redis,
      prefix,
      cipher: services.queueSettings.cipher,
      windowDays: config.AUTO_CLOSE_WORKING_DAYS,
    }),
    confirmations: new PrismaConfirmationLog(services.database.prisma),
    pendingCodes: services.pendingCodes,
    limits: new UserLimits(services.turnScripts, {
      prefix,
      cipher: services.queueSettings.cipher,
      messagesPerWindow: config.USER_MESSAGES_PER_WINDOW,
      windowMs: config.USER_MESSAGE_WINDOW_SECONDS * 1000,
      reportsPerDay: config.REPORTS_PER_DAY,
      intakePerMinute: config.INTAKE_REPORTS_PER_MINUTE,
      timeZone: config.TIME_ZONE,
    }),
    metrics: services.metrics,
    meToo: new MeToo({
      nearby: stores.nearby,
      workflow,
      outbox: services.outbound,
      logger: services.logger,
      radiusMetres: config.NEARBY_RADIUS_METRES,
      days: config.NEARBY_DAYS,
    }),
    clock,
    privacy: { notice: services.privacyNotice, store: stores.privacy },
  });
  const problems = flowCommandProblems(services.flows, engine.commands);
  if (problems.length > 0) throw new DataFileError(problems);
  return { desk, engine };
}

/**
 * Marks the prefix as this installation's in Redis, and refuses one that another installation
 * holds: their queues and conversations would mix, each storing the other's reports.
 */
async function claimPrefix(redis: Redis, prefix: string, installation: string): Promise<void> {
  const key = `${prefix}:installation`;
  if ((await redis.set(key, installation, "NX")) === "OK") return;
  const holder = await redis.get(key);
  if (holder === installation) return;
  throw new PrefixClashError(
    `the Redis prefix '${prefix}' belongs to another installation (another database, ` +
      `installation ${holder ?? "?"}), so the two would take each other's reports. ` +
      "Give this one its own REDIS_PREFIX, or leave REDIS_PREFIX unset to use the prefix that " +
      `comes with its database. If that other installation is gone for good, free the prefix ` +
      `with: redis-cli DEL ${key}`,
  );
}

/**
 * Waits for every service at once; the first that gives up stops the others' waits, so the
 * operator reads its reason last.
 */
async function waitForServices(
  services: readonly RequiredService[],
  wait: StartupWait,
): Promise<void> {
  const giveUp = new AbortController();
  const signal = wait.signal ? AbortSignal.any([wait.signal, giveUp.signal]) : giveUp.signal;
  await Promise.all(
    services.map((service) =>
      waitForService(service, { ...wait, signal }).catch((error: unknown) => {
        giveUp.abort();
        throw error;
      }),
    ),
  );
}
