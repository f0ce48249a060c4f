import type { Worker } from "bullmq";
import type { ChannelAdapter, ChannelSender } from "./channels/channel.js";
import {
  TelegramChannel,
  type TelegramTokenRejectedError,
} from "./channels/telegram/telegram-channel.js";
import { TerminalChannel } from "./channels/terminal/terminal-channel.js";
import { createWhatsAppChannel, type WhatsAppOverrides } from "./channels/whatsapp/setup.js";
import { loadCatalog } from "./config/catalog.js";
import { loadHolidays } from "./config/holidays.js";
import type { Config } from "./config/env.js";
import { flowCommandProblems } from "./core/conversation/commands.js";
import { ConversationEngine } from "./core/conversation/engine.js";
import { DataFileError } from "./config/data-file.js";
import { SessionStore } from "./core/conversation/session-store.js";
import { UserLimits } from "./core/conversation/user-limits.js";
import { loadFlows } from "./core/flows/loader.js";
import { MediaStore } from "./core/media/media-store.js";
import { ReporterFeedback } from "./core/conversation/feedback.js";
import { label } from "./core/i18n/index.js";
import { DeadlinePolicy } from "./core/reports/deadline-policy.js";
import { DeadlineService } from "./core/reports/deadlines.js";
import { DeskBatches } from "./core/reports/desk-batches.js";
import { ReportIntake } from "./core/reports/intake-service.js";
import { RatingService } from "./core/reports/ratings.js";
import { ReportStatistics } from "./core/reports/statistics.js";
import type { Recipient } from "./core/reports/outbox.js";
import { ReportWorkflow } from "./core/reports/workflow.js";
import { systemClock } from "./core/time/clock.js";
import { WorkingCalendar } from "./core/time/working-days.js";
import type { StaffRole } from "./core/words.js";
import { StaffDesk } from "./core/desk/desk.js";
import { StaffDirectory } from "./core/staff/staff-directory.js";
import { configuredPostgres, openDatabase, type Database } from "./infra/db/database.js";
import { migrate } from "./infra/db/migrate.js";
import { createStores } from "./infra/db/stores.js";
import { syncCatalog } from "./infra/db/sync-catalog.js";
import type { Logger } from "./infra/logger.js";
import {
  configuredRedis,
  createRedis,
  logQueueErrors,
  resolveRedis,
  watchRedis,
  type Redis,
  type RedisEndpoint,
  type RedisHealth,
} from "./infra/redis.js";
import { waitForService, type RequiredService, type StartupWait } from "./infra/startup.js";
import { operationsRoutes } from "./http/operations.js";
import { queueDashboard } from "./http/queue-dashboard.js";
import { startHttpServer } from "./http/server.js";
import { Metrics } from "./observability/metrics.js";
import {
  channelCheck,
  databaseCheck,
  redisCheck,
  type ReadinessCheck,
} from "./observability/readiness.js";
import { DeadlineScheduler, startDeadlineWorker } from "./queues/deadlines.js";
import { IntakeQueue, startIntakeWorker } from "./queues/intake.js";
import type { QueueSettings } from "./queues/options.js";
import { OutboundQueues, startOutboundWorker } from "./queues/outbound.js";

export const ROLES = ["bot", "worker", "http"] as const;

/** Two installations (two databases) were configured with one Redis prefix. */
export class PrefixClashError extends Error {
  override name = "PrefixClashError";
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
export type Role = (typeof ROLES)[number];

/** How long `/readyz` waits for Redis or the database before calling it failed. */
const READINESS_TIMEOUT_MS = 2000;

export interface AppOptions {
  readonly config: Config;
  readonly roles: ReadonlySet<Role>;
  readonly logger: Logger;
  /** Runs the terminal channel on these streams (`npm run chat`). */
  readonly terminal?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream & { isTTY?: boolean };
  };
  /** Replaces the whatsapp-web.js client and the login console when WhatsApp is enabled (tests). */
  readonly whatsapp?: WhatsAppOverrides;
  /** Lines for the person who started the process while it waits for Redis or PostgreSQL. */
  readonly say?: (line: string) => void;
  /** Aborted when the process is asked to stop while it is still starting. */
  readonly signal?: AbortSignal;
  /** A part found after start-up began that it cannot run as configured (a refused token). */
  readonly onConfigurationError?: (error: TelegramTokenRejectedError) => void;
}

export interface RunningApp {
  readonly database: Database;
  readonly redis: Redis;
  readonly engine: ConversationEngine | undefined;
  /** The state of the main Redis connection, for readiness checks. */
  readonly redisHealth: () => RedisHealth;
  /** Settles when the terminal's input ends; undefined without a terminal. */
  readonly terminalDone: Promise<void> | undefined;
  /** Stops taking messages, lets running jobs finish, then closes every connection. */
  stop(): Promise<void>;
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

/**
 * The composition root: builds the services the requested roles need and starts them.
 * Checks flows and catalog before touching any service, so a bad file fails fast.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, roles, logger } = options;
  const catalog = loadCatalog(config.CATALOG_FILE);
  const flows = loadFlows(config.FLOWS_DIR);
  const calendar = new WorkingCalendar(config.TIME_ZONE, loadHolidays(config.HOLIDAYS_FILE));

  // The process's one metrics registry and one clock: whatever counts or dates gets them here.
  const metrics = new Metrics();
  const clock = systemClock;
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) =>
        logger.error({ err: error }, "error while stopping"),
      );
    }
  };

  try {
    const endpoint: RedisEndpoint = await resolveRedis({
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

    const settings: QueueSettings = {
      connection: redis,
      prefix: `${prefix}:q`,
      installation: installation.id,
      attempts: config.JOB_ATTEMPTS,
    };
    const intakeQueue = new IntakeQueue(settings);
    const outbound = new OutboundQueues(settings);
    cleanups.push(
      () => intakeQueue.close(),
      () => outbound.close(),
    );

    const media = new MediaStore({
      dir: config.MEDIA_DIR,
      maxBytes: config.MEDIA_MAX_BYTES,
      allowedTypes: config.MEDIA_ALLOWED_TYPES,
    });
    const stores = createStores(database.prisma);
    const directory = new StaffDirectory(stores.staff);
    await directory.syncConfiguredAdmins("telegram", config.ADMIN_TELEGRAM_IDS);
    await directory.syncConfiguredAdmins("whatsapp", config.ADMIN_WHATSAPP_IDS);
    // The desk's staff chat is a Telegram group; without Telegram there are no desk cards.
    const deskChat: Recipient | undefined =
      config.STAFF_CHAT_ID && config.TELEGRAM_BOT_TOKEN
        ? { channel: "telegram", chatId: config.STAFF_CHAT_ID }
        : undefined;
    const staffSettings = {
      ...(deskChat ? { deskChat } : {}),
      staffLanguage: config.DEFAULT_LANGUAGE,
      timeZone: config.TIME_ZONE,
    };
    const deadlines = new DeadlineService(stores.reports, {
      policy: new DeadlinePolicy(calendar, {
        verifyDays: config.VERIFY_WORKING_DAYS,
        followUpDays: config.FOLLOW_UP_WORKING_DAYS,
        autoCloseDays: config.AUTO_CLOSE_WORKING_DAYS,
        reminderHour: config.REMINDER_HOUR,
      }),
      calendar,
      catalog,
      logger,
      timeZone: config.TIME_ZONE,
      staffLanguage: config.DEFAULT_LANGUAGE,
      ...(deskChat ? { deskChat } : {}),
      metrics,
      clock,
    });
    // Every process that changes reports moves their deadlines; only workers fire them.
    const deadlineScheduler = new DeadlineScheduler(settings, deadlines, logger, clock);
    cleanups.push(() => deadlineScheduler.close());
    const queues = [intakeQueue.queue, ...outbound.all(), deadlineScheduler.queue];
    for (const queue of queues) logQueueErrors(queue, logger, "queue error");
    metrics.watchQueues(queues);
    const workflow = new ReportWorkflow(stores.reports, {
      catalog,
      logger,
      ...staffSettings,
      reopenWindowDays: config.AUTO_CLOSE_WORKING_DAYS,
      listeners: [deadlineScheduler],
      clock,
    });
    // Conversations (bot role), and the menus that outbox messages show in them (worker role).
    const sessions = new SessionStore(redis, {
      prefix,
      retentionMs: (config.CONVERSATION_TIMEOUT_MINUTES + 7 * 24 * 60) * 60_000,
    });
    // The desk lives where conversations are handled: bot processes.
    const desk = roles.has("bot")
      ? new StaffDesk({
          reports: stores.reports,
          store: stores.desk,
          workflow,
          directory,
          catalog,
          outbox: outbound,
          redis,
          prefix,
          logger,
          timeZone: config.TIME_ZONE,
          trackingCodePrefix: config.TRACKING_CODE_PREFIX,
          reopenWindowDays: config.AUTO_CLOSE_WORKING_DAYS,
          media,
          usernames: sessions,
          statistics: {
            statistics: new ReportStatistics(
              stores.reports,
              calendar,
              config.FOLLOW_UP_WORKING_DAYS,
              clock,
            ),
            calendar,
            catalog,
            clock,
          },
        })
      : undefined;
    const engine = desk
      ? new ConversationEngine({
          store: sessions,
          flows,
          catalog,
          media,
          reports: stores.reportQueries,
          intake: intakeQueue,
          logger,
          defaultLanguage: config.DEFAULT_LANGUAGE,
          timeZone: config.TIME_ZONE,
          trackingCodePrefix: config.TRACKING_CODE_PREFIX,
          conversationTimeoutMs: config.CONVERSATION_TIMEOUT_MINUTES * 60_000,
          maxAttachments: config.ATTACHMENTS_MAX,
          desk,
          feedback: new ReporterFeedback({
            ratings: new RatingService(stores.reports, workflow, clock),
            outbox: outbound,
            redis,
            prefix,
            windowDays: config.AUTO_CLOSE_WORKING_DAYS,
          }),
          limits: new UserLimits(redis, {
            prefix,
            messagesPerWindow: config.USER_MESSAGES_PER_WINDOW,
            windowMs: config.USER_MESSAGE_WINDOW_SECONDS * 1000,
            reportsPerDay: config.REPORTS_PER_DAY,
            intakePerMinute: config.INTAKE_REPORTS_PER_MINUTE,
            timeZone: config.TIME_ZONE,
          }),
          metrics,
          clock,
        })
      : undefined;
    const flowProblems = engine ? flowCommandProblems(flows, engine.commands) : [];
    if (flowProblems.length > 0) throw new DataFileError(flowProblems);

    // Channels this process receives on (bot role), and those it can deliver on (worker role).
    const receivers: ChannelAdapter[] = [];
    const senders: ChannelSender[] = [];
    let terminal: TerminalChannel | undefined;
    if (options.terminal) {
      terminal = new TerminalChannel({ ...options.terminal, user: config.TERMINAL_USER });
      receivers.push(terminal);
      senders.push(terminal);
    }
    let telegram: TelegramChannel | undefined;
    if (config.TELEGRAM_BOT_TOKEN) {
      const staffGroups: { chatId: string; role: StaffRole }[] = [
        ...(config.STAFF_CHAT_ID ? [{ chatId: config.STAFF_CHAT_ID, role: "admin" as const }] : []),
        ...catalog.agencies.flatMap((agency) =>
          agency.chat ? [{ chatId: agency.chat, role: "officer" as const }] : [],
        ),
      ];
      telegram = new TelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        mode: config.TELEGRAM_MODE,
        ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
          ? {
              webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET },
            }
          : {}),
        flows,
        maxMediaBytes: config.MEDIA_MAX_BYTES,
        sendPerSecond: config.TELEGRAM_SEND_PER_SECOND,
        logger,
        onTokenRejected:
          options.onConfigurationError ??
          ((error) => logger.fatal({ err: error }, "Telegram refused the bot token")),
        staffChats: staffGroups.map((group) => group.chatId),
        ...(desk
          ? {
              staffMenus: {
                menu: (role, language) => desk.menu(role, language),
                accounts: () => directory.accounts("telegram"),
                groups: staffGroups,
              },
            }
          : {}),
      });
      if (desk) {
        const channel = telegram;
        directory.onChange((change) => {
          if (change.channel === "telegram" && change.chatId)
            channel.showStaffMenu(change.chatId, change.role);
        });
      }
      // Any process with the token can deliver; only bot processes receive.
      senders.push(telegram);
      if (engine) receivers.push(telegram);
    }

    // The WhatsApp session lives in the bot process, so only that process can deliver on it,
    // whatever its other roles.
    if (engine && config.WHATSAPP_ENABLED) {
      const whatsapp = createWhatsAppChannel(config, logger, options.whatsapp);
      receivers.push(whatsapp);
      senders.push(whatsapp);
    }
    const delivering = roles.has("worker")
      ? senders
      : senders.filter((sender) => sender.channel === "whatsapp");

    if (roles.has("worker")) {
      const deskBatchMs = config.DESK_BATCH_SECONDS * 1000;
      const deskBatches = deskChat
        ? new DeskBatches(stores.reports, {
            catalog,
            deskChat,
            staffLanguage: config.DEFAULT_LANGUAGE,
            timeZone: config.TIME_ZONE,
          })
        : undefined;
      const intake = new ReportIntake(stores.reports, {
        trackingCodePrefix: config.TRACKING_CODE_PREFIX,
        catalog,
        logger,
        ...staffSettings,
      });
      const workers = [
        startIntakeWorker({
          settings,
          intake,
          outbound,
          logger,
          concurrency: config.INTAKE_CONCURRENCY,
          afterStore: async (result) => {
            await deadlineScheduler.sync(result.reportId);
            if (result.waitsForDeskBatch) await deadlineScheduler.scheduleDeskBatch(deskBatchMs);
          },
          metrics,
        }),
        startDeadlineWorker({
          settings,
          service: deadlines,
          outbound,
          logger,
          workflow,
          autoCloseText: label(config.DEFAULT_LANGUAGE, "autoClosedText", {
            days: config.AUTO_CLOSE_WORKING_DAYS,
          }),
          clock,
          ...(deskBatches ? { deskBatches } : {}),
        }),
      ];
      for (const worker of workers) metrics.timeJobs(worker);
      if (await deskBatches?.waiting()) await deadlineScheduler.scheduleDeskBatch(deskBatchMs);
      cleanups.push(() => Promise.all(workers.map((worker) => worker.close())));
      await deadlineScheduler.scheduleDigest(config.DIGEST_HOUR, config.TIME_ZONE);
      const scheduled = await deadlineScheduler.resyncOpenReports();
      logger.info({ openReports: scheduled }, "deadline timers of open reports are scheduled");
    }
    if (delivering.length > 0) {
      const workers: Worker[] = delivering.map((sender) =>
        startOutboundWorker({
          settings,
          queues: outbound,
          prisma: database.prisma,
          sender,
          logger,
          metrics,
          clock,
          menus: sessions,
        }),
      );
      for (const worker of workers) metrics.timeJobs(worker);
      // Workers stop before the queues and connections they use (cleanups run in reverse).
      cleanups.push(() => Promise.all(workers.map((worker) => worker.close())));
      const recovered = await outbound.recoverPending(
        database.prisma,
        delivering.map((sender) => sender.channel),
      );
      if (recovered > 0)
        logger.info({ recovered }, "re-queued outbox messages that were still pending");
    }

    if (engine) {
      for (const channel of receivers) {
        await channel.start(engine);
        // Stopping to receive comes first on shutdown (cleanups run in reverse).
        cleanups.push(() => channel.stop());
      }
      if (receivers.length === 0) {
        logger.warn(
          "no chat channel is configured: set TELEGRAM_BOT_TOKEN for Telegram, " +
            "WHATSAPP_ENABLED=true for WhatsApp, or try the flows in the terminal with `npm run chat`",
        );
      }
    }

    // Webhooks need an HTTP server in the bot process, whether or not it has the http role.
    const webhook = engine ? telegram?.webhookRoute() : undefined;
    if (roles.has("http") || webhook) {
      const plugins = webhook ? [webhook] : [];
      if (roles.has("http")) {
        const readiness: ReadinessCheck[] = [
          redisCheck(redis, redisHealth, READINESS_TIMEOUT_MS),
          databaseCheck(database.prisma, READINESS_TIMEOUT_MS),
          // Only channels this process receives on: a worker's Telegram sender holds no state.
          ...(engine ? receivers : []).flatMap((receiver) => {
            const health = receiver.health?.bind(receiver);
            return health ? [channelCheck(receiver.channel, health)] : [];
          }),
        ];
        plugins.push(
          operationsRoutes({ readiness, metrics }),
          queueDashboard({ queues, user: config.ADMIN_USER, password: config.ADMIN_PASSWORD }),
        );
      }
      const server = await startHttpServer({
        host: config.HTTP_HOST,
        port: config.HTTP_PORT,
        logger,
        plugins,
      });
      cleanups.push(() => server.close());
      logger.info({ host: config.HTTP_HOST, port: config.HTTP_PORT }, "HTTP server listening");
    }

    logger.info(
      { roles: [...roles], channels: receivers.map((channel) => channel.channel) },
      "Aduan is running",
    );
    return {
      database,
      redis,
      engine,
      redisHealth,
      terminalDone: terminal?.finished,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
