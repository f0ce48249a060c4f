import type { ChannelAdapter, ChannelSender } from "../channels/channel.js";
import {
  TelegramChannel,
  type TelegramTokenRejectedError,
} from "../channels/telegram/telegram-channel.js";
import { TerminalChannel } from "../channels/terminal/terminal-channel.js";
import { createWhatsAppChannel, type WhatsAppOverrides } from "../channels/whatsapp/setup.js";
import type { StaffDesk } from "../core/desk/desk.js";
import type { StaffRole } from "../core/words.js";
import type { FastifyPluginAsync } from "fastify";
import { cloudSettings, type CloudSettings } from "../channels/whatsapp/cloud/config.js";
import { RedisLastInbound } from "../channels/whatsapp/cloud/last-inbound.js";
import { loadTemplates } from "../channels/whatsapp/cloud/templates.js";
import { WhatsAppCloudChannel } from "../channels/whatsapp/cloud/whatsapp-cloud-channel.js";
import { markFailed, recordReceipt, releaseWaiting, rowOf } from "../queues/delivery-states.js";
import { maskedAccount } from "../core/privacy/masked-account.js";
import type { Services } from "./services.js";

export interface ChannelOptions {
  /** Runs the terminal channel on these streams (`npm run chat`). */
  readonly terminal?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream & { isTTY?: boolean };
  };
  /** Replaces the whatsapp-web.js client and the login console when WhatsApp is enabled (tests). */
  readonly whatsapp?: WhatsAppOverrides;
  /** A part found after start-up began that it cannot run as configured (a refused token). */
  readonly onConfigurationError?: (error: TelegramTokenRejectedError) => void;
}

/** The chat platforms this process uses: those it receives on, and those it delivers on. */
export interface Channels {
  readonly receivers: ChannelAdapter[];
  /** Channels any worker can deliver on (stateless platform APIs). */
  readonly senders: ChannelSender[];
  /** Channels only this process can deliver on, whatever its roles: it holds their session. */
  readonly sessionSenders: ChannelSender[];
  /** Channels whose health `/readyz` reports in this process. */
  readonly checked: ChannelAdapter[];
  /** Webhook endpoints of the platforms this process receives from. */
  readonly webhooks: FastifyPluginAsync[];
  readonly terminal: TerminalChannel | undefined;
}

/**
 * Builds the configured channels. A process with a desk (the bot role) receives on them; any
 * process can deliver on Telegram, but the WhatsApp session lives in the bot process only.
 */
export function buildChannels(
  services: Services,
  desk: StaffDesk | undefined,
  options: ChannelOptions,
): Channels {
  const { config, catalog, logger, directory } = services;
  const receivers: ChannelAdapter[] = [];
  const senders: ChannelSender[] = [];
  const sessionSenders: ChannelSender[] = [];
  const checked: ChannelAdapter[] = [];
  const webhooks: FastifyPluginAsync[] = [];
  const terminal = options.terminal
    ? new TerminalChannel({ ...options.terminal, user: config.TERMINAL_USER })
    : undefined;
  if (terminal) {
    receivers.push(terminal);
    sessionSenders.push(terminal);
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const staffGroups: { chatId: string; role: StaffRole }[] = [
      ...(config.STAFF_CHAT_ID ? [{ chatId: config.STAFF_CHAT_ID, role: "admin" as const }] : []),
      ...catalog.agencies.flatMap((agency) => {
        const chat = catalog.agencyChat(agency.id);
        return chat?.channel === "telegram"
          ? [{ chatId: chat.chatId, role: "officer" as const }]
          : [];
      }),
    ];
    const channel = new TelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      mode: config.TELEGRAM_MODE,
      ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
        ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } }
        : {}),
      flows: services.flows,
      maxMediaBytes: config.MEDIA_MAX_BYTES,
      files: services.media,
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
      directory.onChange((change) => {
        if (change.channel === "telegram" && change.chatId)
          channel.showStaffMenu(change.chatId, change.role);
      });
    }
    senders.push(channel);
    if (desk) {
      receivers.push(channel);
      checked.push(channel);
      const webhook = channel.webhookRoute();
      if (webhook) webhooks.push(webhook);
    }
  }
  const cloud = config.WHATSAPP_ENABLED ? cloudSettings(config) : undefined;
  if (cloud) {
    const whatsapp = buildCloudChannel(services, cloud);
    // The Cloud API is stateless HTTP: any worker delivers, bot processes take the webhook.
    senders.push(whatsapp);
    checked.push(whatsapp);
    if (desk) {
      receivers.push(whatsapp);
      webhooks.push(whatsapp.webhookRoute());
    }
  } else if (desk && config.WHATSAPP_ENABLED) {
    // Staff groups on WhatsApp: the desk's, and agencies' chats given as whatsapp:<id>.
    const staffGroups = [
      ...(config.STAFF_WHATSAPP_GROUP ? [config.STAFF_WHATSAPP_GROUP] : []),
      ...catalog.agencies.flatMap((agency) => {
        const chat = catalog.agencyChat(agency.id);
        return chat?.channel === "whatsapp" ? [chat.chatId] : [];
      }),
    ];
    const whatsapp = createWhatsAppChannel(
      config,
      logger,
      services.media,
      staffGroups,
      options.whatsapp,
    );
    receivers.push(whatsapp);
    sessionSenders.push(whatsapp);
    checked.push(whatsapp);
  }
  return { receivers, senders, sessionSenders, checked, webhooks, terminal };
}

/**
 * WhatsApp through Meta's Cloud API: notices outside the 24-hour window go as the approved
 * templates of WHATSAPP_CLOUD_TEMPLATES_FILE; Meta's receipts are kept on the outbox rows; a
 * notice with no template waits until the citizen writes again.
 */
function buildCloudChannel(services: Services, settings: CloudSettings): WhatsAppCloudChannel {
  const { config, logger, redis, prefix, outbound, database, clock } = services;
  const prisma = database.prisma;
  return new WhatsAppCloudChannel({
    settings,
    templates: loadTemplates(settings.templatesFile),
    lastInbound: new RedisLastInbound(redis, prefix, services.queueSettings.cipher),
    maxMediaBytes: config.MEDIA_MAX_BYTES,
    language: config.DEFAULT_LANGUAGE,
    files: services.media,
    logger,
    clock,
    onStatus: async (event) => {
      const message = {
        channel: "whatsapp" as const,
        chatId: event.chatId,
        platformMessageId: event.platformMessageId,
      };
      if (event.status === "delivered" || event.status === "read") {
        await recordReceipt(prisma, message, event.status, event.at);
        return;
      }
      if (event.status !== "failed" || !event.failure) return;
      const row = await rowOf(prisma, message);
      if (!row) {
        // Nothing to fail or resend, but an operator must see a refused template here.
        logger.warn(
          {
            code: event.failure.code,
            reason: event.failure.reason,
            platformMessageId: maskedAccount(event.platformMessageId),
          },
          "Meta failed a WhatsApp message no outbox row holds (an immediate reply, the waiting template, or a message to someone erased since)",
        );
        return;
      }
      if (event.failure.kind === "reengagement_required") {
        // Meta found the window closed after all: the notice goes again, as its template.
        await prisma.outboxMessage.update({ where: { id: row.id }, data: { state: "pending" } });
        await outbound.requeue([row], { windowClosed: true });
        return;
      }
      await markFailed(prisma, clock(), row.id, `${event.failure.code}: ${event.failure.reason}`);
    },
    onWindowOpened: async (chatId) => {
      const released = await releaseWaiting(prisma, "whatsapp", chatId);
      if (released.length > 0) {
        await outbound.requeue(released);
        logger.info({ messages: released.length }, "messages that waited for a citizen are sent");
      }
    },
  });
}
