import { traceIdOf, type OutboundMessage } from "../../core/messages.js";
import type { Logger } from "../../infra/logger.js";
import {
  DeliveryError,
  isTracked,
  sendInParts,
  sendsText,
  type ChannelHealth,
  type ChannelAdapter,
  type MessageHandler,
  type SendContext,
  type SendResult,
  type StoredFiles,
} from "../channel.js";
import { ChatOrder } from "../chat-order.js";
import { WhatsAppConnection, type ReconnectDelays } from "./connection.js";
import { toDeliveryError } from "./errors.js";
import { toInbound } from "./inbound.js";
import { LoginPrompt } from "./login.js";
import { escapeWhatsApp, renderMessages } from "./render.js";
import type { WhatsAppClientFactory, WhatsAppMessage } from "./transport.js";
import { privateDirectory } from "../../core/media/private-dir.js";
import { maskedAccount } from "../../core/privacy/masked-account.js";

export interface WhatsAppChannelOptions {
  readonly createClient: WhatsAppClientFactory;
  readonly sessionDir: string;
  readonly maxMediaBytes: number;
  /** Where the files a message carries are read from (the MediaStore). */
  readonly files: StoredFiles;
  readonly sendPerMinute: number;
  readonly logger: Logger;
  /** Where the login QR code is drawn; default stderr, since stdout carries the JSON logs. */
  readonly console?: NodeJS.WritableStream;
  readonly reconnect?: ReconnectDelays;
  /** How long a delivery waits for a (re)connecting session before it is retried later. */
  readonly sendWaitMs?: number;
  /** Groups whose staff the bot hears (the desk's STAFF_WHATSAPP_GROUP, agencies' chats). */
  readonly staffGroups?: readonly string[];
}

/** Chat ids the channel writes to: a person's private chat, or a (staff) group. */
const CHAT_ID = /^[0-9]+@(c\.us|lid)$|^[0-9]+(-[0-9]+)?@g\.us$/;

/**
 * WhatsApp through whatsapp-web.js. Messages of one chat are handled strictly in order (chats
 * concurrently); replies go straight back, later messages through the outbound queue at a
 * pace WhatsApp does not treat as spam.
 */
export class WhatsAppChannel implements ChannelAdapter {
  readonly channel = "whatsapp" as const;
  readonly rateLimit: { readonly max: number; readonly durationMs: number };
  private readonly connection: WhatsAppConnection;
  private readonly chats = new ChatOrder();
  private readonly staffGroups: ReadonlySet<string>;
  private handler?: MessageHandler;

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.rateLimit = { max: options.sendPerMinute, durationMs: 60_000 };
    this.staffGroups = new Set(options.staffGroups ?? []);
    this.connection = new WhatsAppConnection({
      createClient: options.createClient,
      login: new LoginPrompt({
        sessionDir: options.sessionDir,
        logger: options.logger,
        console: options.console ?? process.stderr,
      }),
      logger: options.logger,
      onMessage: (message) => this.enqueue(message),
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    });
  }

  /** Connects in the background: linking the number may wait for an operator. */
  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
    // The linked phone's login lives here: whoever reads it can act as the bot's number.
    await privateDirectory(this.options.sessionDir);
    this.connection.start();
    this.options.logger.info(
      { sessionDir: this.options.sessionDir },
      "opening WhatsApp Web with the saved session",
    );
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    await this.chats.idle();
    await this.connection.stop();
  }

  /** Ready once WhatsApp Web opened the linked session; not while waiting for a login. */
  health(): ChannelHealth {
    const state = this.connection.state;
    return { ok: state === "ready", state };
  }

  async send(
    chatId: string,
    message: OutboundMessage,
    context: SendContext = {},
  ): Promise<SendResult> {
    if (!CHAT_ID.test(chatId))
      throw new DeliveryError(`WhatsApp: ${maskedAccount(chatId)} is not a chat id`, true);
    const client = await this.connection.readyClient(this.options.sendWaitMs ?? 30_000);
    if (!client) {
      throw new DeliveryError(
        `WhatsApp is not connected (${this.connection.state}); will retry`,
        false,
      );
    }
    const files = message.files ?? [];
    const texts = sendsText(message) ? renderMessages(message) : [];
    try {
      // Files follow the text, each quoting the card when there is one.
      return await sendInParts(
        [
          ...texts.map((text) => ({
            kind: "text" as const,
            send: async () => ({ platformMessageId: await client.sendText(chatId, text) }),
          })),
          ...files.map((file) => ({
            kind: "file" as const,
            send: async () => {
              const bytes = await this.options.files.read(file);
              const platformMessageId = await client.sendMedia(
                chatId,
                {
                  mimetype: file.mime,
                  data: bytes.toString("base64"),
                  filesize: bytes.length,
                  ...(file.name ? { filename: file.name } : {}),
                },
                {
                  asDocument: file.kind === "document",
                  ...(file.caption ? { caption: escapeWhatsApp(file.caption) } : {}),
                  ...(context.replyTo ? { quotedMessageId: context.replyTo } : {}),
                },
              );
              return { platformMessageId };
            },
          })),
        ],
        context,
      );
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Chains the message after the earlier ones of its chat. */
  private enqueue(message: WhatsAppMessage): void {
    void this.chats.run(
      message.from,
      () => this.process(message),
      (error) => this.options.logger.error({ err: error }, "failed to handle a WhatsApp message"),
    );
  }

  private async process(message: WhatsAppMessage): Promise<void> {
    const inbound = toInbound(message, this.options.maxMediaBytes, this.staffGroups);
    if (!inbound || !this.handler) return;
    const replies = await this.handler.handle(inbound);
    try {
      for (const reply of replies) {
        const sent = await this.send(inbound.chatId, reply);
        if (isTracked(reply) && sent.platformMessageId)
          await this.handler.shown?.(inbound, sent.platformMessageId, reply);
      }
    } catch (error) {
      this.options.logger.error(
        { err: error, traceId: traceIdOf(inbound) },
        "could not send a WhatsApp reply",
      );
    }
  }
}
