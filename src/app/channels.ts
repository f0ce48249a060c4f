import type { ChannelAdapter, ChannelSender } from "../channels/channel.js";
import {
  TelegramChannel,
  type TelegramTokenRejectedError,
} from "../channels/telegram/telegram-channel.js";
import { TerminalChannel } from "../channels/terminal/terminal-channel.js";
import { createWhatsAppChannel, type WhatsAppOverrides } from "../channels/whatsapp/setup.js";
import type { StaffDesk } from "../core/desk/desk.js";
import type { StaffRole } from "../core/words.js";
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
  readonly senders: ChannelSender[];
  readonly terminal: TerminalChannel | undefined;
  readonly telegram: TelegramChannel | undefined;
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
  const terminal = options.terminal
    ? new TerminalChannel({ ...options.terminal, user: config.TERMINAL_USER })
    : undefined;
  if (terminal) {
    receivers.push(terminal);
    senders.push(terminal);
  }
  let telegram: TelegramChannel | undefined;
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
    if (desk) receivers.push(channel);
    telegram = channel;
  }
  if (desk && config.WHATSAPP_ENABLED) {
    const whatsapp = createWhatsAppChannel(config, logger, options.whatsapp);
    receivers.push(whatsapp);
    senders.push(whatsapp);
  }
  return { receivers, senders, terminal, telegram };
}
