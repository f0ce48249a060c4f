import { createHash } from "node:crypto";
import { z } from "zod";
import { NOTICE_KINDS } from "./words.js";
import type { RichText } from "./text.js";

/** Where reports come from: the chat channels, and other systems filing through Open311. */
export const CHANNELS = ["terminal", "telegram", "whatsapp", "open311"] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** The channels people chat on: the only ones anything is ever sent to. */
export const CHAT_CHANNELS = [
  "terminal",
  "telegram",
  "whatsapp",
] as const satisfies readonly ChannelName[];

/** Whether a reporter on this channel can be written to (Open311 filers follow their token). */
export const hasChat = (channel: ChannelName): boolean =>
  (CHAT_CHANNELS as readonly ChannelName[]).includes(channel);

export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface InboundUser {
  /** The platform's stable account id (never a display name). */
  readonly id: string;
  readonly displayName?: string;
  readonly username?: string;
  readonly phone?: string;
}

/** A photo or document the user sent; fetched only when a step wants it. */
export interface IncomingMedia {
  readonly kind: "photo" | "document";
  readonly fileName?: string;
  readonly declaredSize?: number;
  /** Resolves to the file's bytes; rejects with MediaUnavailableError when it is gone. */
  download(): Promise<Buffer>;
}

export type InboundContent =
  | { readonly kind: "text"; readonly text: string }
  /** A pressed button (or a numbered option chosen on a text-only channel). */
  | { readonly kind: "choice"; readonly value: string }
  | {
      readonly kind: "location";
      readonly latitude: number;
      readonly longitude: number;
      /** The name and address of a place picked on the map (not of a bare pin). */
      readonly place?: string;
    }
  | { readonly kind: "attachment"; readonly media: IncomingMedia; readonly caption?: string }
  /**
   * Something the bot cannot use. `what` names its kind as the person would call it (a
   * sticker, a voice note…); left out when the platform handed over nothing to name (a deleted
   * message, a kind the platform does not pass on). `edited`: a change to a message sent before,
   * whose new words the platform does not give.
   */
  | { readonly kind: "unsupported"; readonly what?: string; readonly edited?: boolean };

/**
 * What a channel's app lets a person do, declared by the channel: the core words its prompts
 * from these ("press Done" or "type 1"), never from the channel's name.
 */
export interface ChannelCapabilities {
  /** Options are buttons to press; otherwise a numbered list answered by typing. */
  readonly buttons: boolean;
  /** The most options one message shows as buttons; more go as a numbered list, typed. */
  readonly maxButtons?: number;
  /** A location request shows its own button only: options beside it are typed. */
  readonly locationButtonOnly?: boolean;
  /**
   * A pressed option arrives as its label, typed (Telegram's reply keyboard), so a whole label
   * is a press rather than words of the person's own.
   */
  readonly labelKeys?: boolean;
  /** The app can share a location pin. */
  readonly locationSharing: boolean;
  /** How a file is attached: sent from the app, or named by its path (a terminal). */
  readonly files: "upload" | "path";
  /**
   * The app opens a reply to a question by itself (Telegram's force_reply), so in a group an
   * answer is told from talk by replying to its question.
   */
  readonly forceReply?: boolean;
}

/** Whether a message's options reach the person as buttons, or as a numbered list to type. */
export function optionsPressable(
  capabilities: ChannelCapabilities,
  options: number,
  asksLocation: boolean,
): boolean {
  return (
    capabilities.buttons &&
    options <= (capabilities.maxButtons ?? Number.POSITIVE_INFINITY) &&
    !(asksLocation && capabilities.locationButtonOnly)
  );
}

/** One thing a user did, in the same shape whatever the channel. */
export interface InboundMessage {
  readonly channel: ChannelName;
  /** What the channel this message came from can show and take. */
  readonly capabilities: ChannelCapabilities;
  /** Where replies go: the private chat with this user. */
  readonly chatId: string;
  /** Unique per channel; a message delivered twice carries the same id. */
  readonly messageId: string;
  readonly user: InboundUser;
  readonly content: InboundContent;
  readonly receivedAt: Date;
  /** Set for messages in a group chat (a staff chat); replies then go to the group. */
  readonly group?: boolean;
  /** The earlier message this one answers (a reply on Telegram), by platform message id. */
  readonly replyTo?: { readonly messageId: string; readonly userId?: string };
  /**
   * The person's screen shows only what was sent since then (a terminal chat started on an
   * empty screen): a draft last touched before is out of view, and its question is shown again
   * before a typed line is taken as its answer.
   */
  readonly screenSince?: Date;
  /** No menu was shown on that screen yet: the menu stored from before is out of view. */
  readonly menuOutOfView?: boolean;
}

/**
 * Follows one inbound message through the logs: the channel and a digest of the platform's own
 * id of the update. A report's intake job carries it, the lines that store and confirm the
 * report repeat it, and its `submitted` event keeps it. The id itself would put a phone number
 * in all three: whatsapp-web.js ids hold it in clear (`false_6281…@c.us_3EB0…`) and a Cloud API
 * wamid in base64, which no erasure finds.
 */
export function traceIdOf(message: Pick<InboundMessage, "channel" | "messageId">): string {
  const digest = createHash("sha256").update(message.messageId).digest("hex");
  return `${message.channel}:${digest.slice(0, TRACE_DIGEST_LENGTH)}`;
}

/** 64 bits: unique enough to follow one message through a day's logs. */
const TRACE_DIGEST_LENGTH = 16;
const TRACE_DIGEST = new RegExp(`^[0-9a-f]{${TRACE_DIGEST_LENGTH}}$`);

/**
 * A trace id as traced now: one a chat channel's message got from an earlier version (the
 * platform's id itself, still in jobs queued or failed before the upgrade) becomes its digest.
 */
export function currentTraceId(traceId: string): string {
  const at = traceId.indexOf(":");
  const channel = CHAT_CHANNELS.find((name) => name === traceId.slice(0, at));
  const messageId = traceId.slice(at + 1);
  if (at < 0 || !channel || TRACE_DIGEST.test(messageId)) return traceId;
  return traceIdOf({ channel, messageId });
}

export interface Choice {
  /** Opaque to channels: sent back unchanged as a `choice` when picked. */
  readonly value: string;
  readonly label: string;
}

/** A stored file sent with a message (a report's evidence, staff proof, a chart). */
export interface OutboundFile {
  readonly kind: "photo" | "document";
  /** Under MEDIA_DIR, content-addressed (StoredFile.storagePath). */
  readonly storagePath: string;
  readonly mime: string;
  readonly size: number;
  /** The name a document is shown with. */
  readonly name?: string;
  /** The line shown under the file (a document's "sent as received"). */
  readonly caption?: string;
}

/** One message to a user, rendered by the channel with its own affordances. */
export interface OutboundMessage {
  /**
   * With files, the text goes first (or, on a platform that can, as the first file's caption)
   * and may be empty.
   */
  readonly text: RichText;
  /**
   * Files sent after the text, in order (an album where the platform has one). The sender
   * checks nothing: whoever builds the message keeps to the platform's limits (file-limits.ts).
   */
  readonly files?: readonly OutboundFile[];
  /** Options in rows: inline buttons on Telegram, a numbered list elsewhere. */
  readonly choices?: readonly (readonly Choice[])[];
  /**
   * `location` offers the channel's native location sharing (a button with this label on
   * Telegram); `dismiss` ends such an offer, since Telegram's reply keyboard stays on screen
   * until told otherwise.
   */
  readonly input?:
    { readonly kind: "location"; readonly label: string } | { readonly kind: "dismiss" };
  /**
   * The bot asks for an answer to this very message (the reason for a desk action): Telegram
   * opens the reply box, and the channel reports the message's platform id back through
   * `MessageHandler.shown`, so that only an answer to it counts.
   */
  readonly awaitsReply?: boolean;
  /** The notice this message is, when it tells a reporter about their report. */
  readonly notice?: Notice;
}

/**
 * What a reporter's notice says, as values rather than rendered text: its kind, the reporter's
 * language and the raw values (code, agency, text…), so a platform that must send approved
 * templates outside a conversation can fill one in.
 */
export const noticeSchema = z.object({
  kind: z.enum(NOTICE_KINDS),
  language: z.enum(LANGUAGES),
  values: z.record(z.string(), z.string()),
  /** A confirmation told at Kirim: its submission, to record the message once it is sent. */
  submissionId: z.uuid().optional(),
});
export type Notice = z.infer<typeof noticeSchema>;

const spanSchema = z.object({
  text: z.string(),
  bold: z.boolean().optional(),
  code: z.boolean().optional(),
  link: z.string().optional(),
});

/** Outbound messages are stored in the outbox as JSON and read back through this schema. */
export const outboundMessageSchema = z.object({
  text: z.array(spanSchema),
  choices: z
    .array(z.array(z.object({ value: z.string().min(1).max(64), label: z.string().min(1) })))
    .optional(),
  input: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("location"), label: z.string().min(1).max(64) }),
      z.object({ kind: z.literal("dismiss") }),
    ])
    .optional(),
  notice: noticeSchema.optional(),
  files: z
    .array(
      z.object({
        kind: z.enum(["photo", "document"]),
        // Content-addressed under MEDIA_DIR: never absolute, never climbing out of it.
        storagePath: z.string().regex(/^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,8}$/, {
          error: "expected a content-addressed path such as ab/ab12….jpg",
        }),
        mime: z.string().min(1),
        size: z.number().int().nonnegative(),
        name: z.string().min(1).max(255).optional(),
        caption: z.string().max(1024).optional(),
      }),
    )
    .max(10)
    .optional(),
});

/** Flattens choice rows in display order: option N on a text channel is `flat[N - 1]`. */
export function flattenChoices(message: OutboundMessage): readonly Choice[] {
  return (message.choices ?? []).flat();
}
