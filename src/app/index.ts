import type { ConversationEngine } from "../core/conversation/engine.js";
import type { Database } from "../infra/db/database.js";
import type { Logger } from "../infra/logger.js";
import type { Redis, RedisHealth } from "../infra/redis.js";
import { buildChannels, type ChannelOptions } from "./channels.js";
import { Cleanups } from "./cleanups.js";
import { startHttp } from "./http.js";
import { buildConversation, buildServices, type BuildOptions } from "./services.js";
import { startDelivery, startWorkers } from "./worker.js";

export { PrefixClashError } from "./services.js";

export const ROLES = ["bot", "worker", "http"] as const;
export type Role = (typeof ROLES)[number];

export interface AppOptions extends BuildOptions, ChannelOptions {
  readonly roles: ReadonlySet<Role>;
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
 * The composition root: builds the shared services, then starts each requested role. The bot
 * role answers messages (a desk and an engine behind the channels), the worker role runs the
 * queues, the http role serves health, metrics and the dashboard.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { roles } = options;
  const logger: Logger = options.logger;
  const cleanups = new Cleanups(logger);
  try {
    const services = await buildServices(options, cleanups);
    const conversation = roles.has("bot") ? buildConversation(services) : undefined;
    const channels = buildChannels(services, conversation?.desk, options);
    // After the workers and receivers that send on them (cleanups run in reverse).
    cleanups.push(async () => {
      for (const sender of channels.senders) await sender.close?.();
    });
    // A session (whatsapp-web.js, the terminal) lives in this process: only it can deliver there.
    const delivering = [
      ...(roles.has("worker") ? channels.senders : []),
      ...channels.sessionSenders,
    ];
    if (roles.has("worker")) await startWorkers(services, cleanups);
    await startDelivery(services, delivering, cleanups);

    const engine = conversation?.engine;
    if (engine) {
      for (const channel of channels.receivers) {
        await channel.start(engine);
        // Stopping to receive comes first on shutdown (cleanups run in reverse).
        cleanups.push(() => channel.stop());
      }
      if (channels.receivers.length === 0) {
        logger.warn(
          "no chat channel is configured: set TELEGRAM_BOT_TOKEN for Telegram, " +
            "WHATSAPP_ENABLED=true for WhatsApp, or try the flows in the terminal with `npm run chat`",
        );
      }
    }
    // Webhooks need an HTTP server in the bot process, whether or not it has the http role.
    if (roles.has("http") || channels.webhooks.length > 0) {
      await startHttp(
        services,
        {
          operations: roles.has("http"),
          webhooks: channels.webhooks,
          // A worker's Telegram sender holds no state; the Cloud API's knows a refused token.
          checked: channels.checked,
        },
        cleanups,
      );
    }
    logger.info(
      { roles: [...roles], channels: channels.receivers.map((channel) => channel.channel) },
      "Aduan is running",
    );
    return {
      database: services.database,
      redis: services.redis,
      engine,
      redisHealth: services.redisHealth,
      terminalDone: channels.terminal?.finished,
      stop: () => cleanups.run(),
    };
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}
