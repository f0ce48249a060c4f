import type { ChannelName, OutboundMessage } from "../core/messages.js";

export interface SendResult {
  /** The platform's id of the message, kept on the outbox row (to edit or quote it later). */
  readonly platformMessageId?: string;
}

/** Delivers outbound messages on one channel; used by the outbound worker. */
export interface ChannelSender {
  readonly channel: ChannelName;
  /** Pacing the platform tolerates for bulk sending across all chats. */
  readonly rateLimit?: { readonly max: number; readonly durationMs: number };
  send(chatId: string, message: OutboundMessage): Promise<SendResult>;
}

/**
 * A failed delivery, classified: `permanent` failures (the user blocked the bot, the chat is
 * gone) are never retried; `retryAfterMs` is the platform's request to slow down.
 */
export class DeliveryError extends Error {
  override name = "DeliveryError";

  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
