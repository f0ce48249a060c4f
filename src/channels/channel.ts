import type {
  ChannelName,
  InboundContent,
  InboundMessage,
  OutboundMessage,
} from "../core/messages.js";
import { sanitizeUserText, toPlainText } from "../core/text.js";

export interface SendResult {
  /** The platform's id of the message, kept on the outbox row (to edit or quote it later). */
  readonly platformMessageId?: string;
  /**
   * Every platform message it went as, in order, when it went as several (a long text in
   * parts, then its files): a person may quote any of them to answer it, not only the one
   * whose id is kept.
   */
  readonly partMessageIds?: readonly string[];
}

/** What the outbound worker knows about a delivery beyond its message. */
export interface SendContext {
  /**
   * The platform already refused this message because the recipient's conversation window is
   * closed (WhatsApp Cloud API 131047): whatever our record of their last message says.
   */
  readonly windowClosed?: boolean;
  /**
   * The platform id of the message this one answers in the chat (a report's card, which its
   * files reply to); platforms without replies ignore it.
   */
  readonly replyTo?: string;
  /**
   * Where an earlier attempt at this message stopped, when it goes as several platform
   * messages (a long text in parts, then its files): the parts the platform already took are
   * not sent again, so the recipient does not get them twice.
   */
  readonly resume?: DeliveryProgress;
  /** Told after each part the platform took but the last, so a retry can resume after it. */
  readonly onProgress?: (progress: DeliveryProgress) => Promise<void>;
}

/** How far a message sent as several platform messages has gone. */
export interface DeliveryProgress {
  /** How many of its parts, in order, the platform has taken. */
  readonly partsSent: number;
  /** The id the message is kept under so far (what `SendResult` would say if it ended here). */
  readonly platformMessageId?: string;
  /** The ids of the parts the platform took, in order, so the whole message's are known. */
  readonly partMessageIds?: readonly string[];
}

/** Whether a message goes with a text of its own: always, unless it carries files and no words. */
export function sendsText(message: OutboundMessage): boolean {
  return (message.files ?? []).length === 0 || toPlainText(message.text).trim() !== "";
}

/** One platform message of an outbound message sent as several: a part of its text, or a file. */
export interface MessagePart {
  readonly kind: "text" | "file";
  readonly send: () => Promise<SendResult>;
}

/**
 * Sends a message's parts in order (its text's, then its files) and says the id it is kept
 * under: its text's last part's (the one with the options), else its first file's; and, when
 * there were several, every part's id. A retry (`context.resume`) starts at the first part the
 * platform did not take; after each part but the last, `context.onProgress` is told how far it
 * went.
 */
export async function sendInParts(
  parts: readonly MessagePart[],
  context: SendContext,
): Promise<SendResult> {
  const skipped = Math.min(context.resume?.partsSent ?? 0, parts.length);
  let kept = context.resume?.platformMessageId;
  const ids = [...(context.resume?.partMessageIds ?? [])];
  for (const [index, part] of parts.entries()) {
    if (index < skipped) continue;
    const sent = await part.send();
    if (part.kind === "text" || !kept) kept = sent.platformMessageId;
    if (sent.platformMessageId) ids.push(sent.platformMessageId);
    if (index + 1 < parts.length) {
      await context.onProgress?.({
        partsSent: index + 1,
        ...(kept ? { platformMessageId: kept } : {}),
        partMessageIds: [...ids],
      });
    }
  }
  return inParts(kept, ids);
}

/** A `SendResult` for a message that went as the platform messages `ids`, kept under `kept`. */
export function inParts(kept: string | undefined, ids: readonly string[]): SendResult {
  return {
    ...(kept ? { platformMessageId: kept } : {}),
    ...(ids.length > 1 ? { partMessageIds: ids } : {}),
  };
}

/** Where a channel reads the files it uploads (the MediaStore). */
export interface StoredFiles {
  read(file: { readonly storagePath: string }): Promise<Buffer>;
}

/** Delivers outbound messages on one channel; used by the outbound worker. */
export interface ChannelSender {
  readonly channel: ChannelName;
  /**
   * Pacing the platform tolerates for bulk sending across all chats (spread evenly);
   * `bulkOnly`: messages of the interactive lane (answers to someone's action) are not counted,
   * as on Telegram, whose broadcast limit does not apply to replies in a conversation.
   */
  readonly rateLimit?: {
    readonly max: number;
    readonly durationMs: number;
    readonly bulkOnly?: boolean;
  };
  /** Shortest time between two messages to one chat, when the platform limits that. */
  chatIntervalMs?(chatId: string): number;
  send(chatId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
  /**
   * Replaces a message sent earlier (a staff card showing a report's current state). Channels
   * that cannot edit leave it out, and the update is sent as a new message instead.
   */
  edit?(chatId: string, platformMessageId: string, message: OutboundMessage): Promise<SendResult>;
  /**
   * For a message `send` refused until its recipient writes (`DeliveryError.waitsForRecipient`):
   * whether they have written since it looked, so the message can go now after all.
   */
  wroteSinceHeld?(chatId: string, held: DeliveryError): Promise<boolean>;
  /** Lets go of the connections kept to the platform, once nothing sends on the channel. */
  close?(): Promise<void>;
}

/** What a channel hands inbound messages to: the conversation engine. */
export interface MessageHandler {
  /** Returns the immediate replies; never throws. */
  handle(message: InboundMessage): Promise<OutboundMessage[]>;
  /**
   * A reply to `message` whose platform id matters (`isTracked`) was sent with this id;
   * never throws.
   */
  shown?(message: InboundMessage, platformMessageId: string, reply: OutboundMessage): Promise<void>;
}

/**
 * A shared location; `place` holds what the app says of a place picked on the map (its name,
 * its address), put on one line.
 */
export function sharedLocation(
  latitude: number,
  longitude: number,
  place: readonly (string | undefined)[],
): InboundContent {
  const named = sanitizeUserText(place.filter(Boolean).join(", "), { singleLine: true });
  return { kind: "location", latitude, longitude, ...(named ? { place: named } : {}) };
}

/**
 * Replies whose platform id the handler is told once sent: a question awaiting an answer (only
 * an answer to it counts), and a notice to a reporter (the tracking code told at Kirim, which
 * is recorded like the messages the outbox sends, so receipts and replies to it find it).
 */
export function isTracked(reply: OutboundMessage): boolean {
  return reply.awaitsReply === true || reply.notice !== undefined;
}

/** A chat platform: receives for the engine (bot role) and sends for the outbound worker. */
export interface ChannelAdapter extends ChannelSender {
  /** Starts passing inbound messages to `handler`. */
  start(handler: MessageHandler): Promise<void>;
  /** Stops receiving and lets go of the platform; unanswered messages are redelivered later. */
  stop(): Promise<void>;
  /**
   * Whether the channel receives right now, from state it already holds (no platform call),
   * for `/readyz`. Channels without a platform connection (the terminal) leave it out.
   */
  health?(): ChannelHealth;
}

export interface ChannelHealth {
  readonly ok: boolean;
  /** What an operator reads: polling, webhook, waiting_for_login, ... */
  readonly state: string;
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

  /**
   * The platform delivers this only once the recipient writes again (a closed conversation
   * window): the message waits for that instead of failing.
   */
  get waitsForRecipient(): boolean {
    return false;
  }
}
