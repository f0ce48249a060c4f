import type { Context } from "grammy";
import type { Message } from "grammy/types";
import type {
  ChannelCapabilities,
  InboundContent,
  InboundMessage,
  IncomingMedia,
} from "../../core/messages.js";
import { sanitizeUserText } from "../../core/text.js";
import { sharedLocation } from "../channel.js";

/** Fetches a file the user sent; see files.ts. */
export type FileFetcher = (fileId: string, declaredSize: number | undefined) => Promise<Buffer>;

/** Reply-keyboard and inline buttons, a location button, photos and documents from the app. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  buttons: true,
  labelKeys: true,
  locationSharing: true,
  files: "upload",
  forceReply: true,
};

/** Names for message kinds the bot cannot use, as the user would call them. */
const UNSUPPORTED: readonly (readonly [keyof Message, string])[] = [
  ["sticker", "stiker / sticker"],
  ["voice", "pesan suara / voice note"],
  ["video_note", "video bulat / video note"],
  ["video", "video"],
  ["animation", "GIF"],
  ["audio", "audio"],
  ["poll", "polling / poll"],
  ["dice", "dadu / dice"],
  ["contact", "kontak / contact"],
  ["game", "game"],
  ["story", "story"],
];

function mediaOf(message: Message, fetch: FileFetcher): IncomingMedia | undefined {
  const photo = message.photo?.at(-1); // sizes come smallest first
  if (photo) {
    return {
      kind: "photo",
      declaredSize: photo.file_size,
      download: () => fetch(photo.file_id, photo.file_size),
    };
  }
  const document = message.document;
  if (document) {
    const fileName = sanitizeUserText(document.file_name ?? "", { singleLine: true });
    return {
      kind: "document",
      ...(fileName ? { fileName } : {}),
      declaredSize: document.file_size,
      download: () => fetch(document.file_id, document.file_size),
    };
  }
  return undefined;
}

function contentOf(message: Message, fetch: FileFetcher): InboundContent {
  if (message.text !== undefined) return { kind: "text", text: sanitizeUserText(message.text) };
  const location = message.venue?.location ?? message.location;
  if (location) {
    const { title, address } = message.venue ?? {};
    return sharedLocation(location.latitude, location.longitude, [title, address]);
  }
  const media = mediaOf(message, fetch);
  if (media) {
    const caption = sanitizeUserText(message.caption ?? "");
    return { kind: "attachment", media, ...(caption ? { caption } : {}) };
  }
  const unsupported = UNSUPPORTED.find(([key]) => message[key] !== undefined);
  return unsupported ? { kind: "unsupported", what: unsupported[1] } : { kind: "unsupported" };
}

/**
 * An update from a private chat, or from one of the staff group chats, as an inbound message;
 * undefined for anything else (other groups, channels, edits, service messages), which the bot
 * ignores on purpose. The update id is the message id: Telegram redelivers an update with the
 * same id. Every string the user controls (text, caption, file name, names) is sanitised here.
 */
export function toInbound(
  ctx: Context,
  fetch: FileFetcher,
  staffChats: ReadonlySet<string> = new Set(),
): InboundMessage | undefined {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from || from.is_bot) return undefined;
  const group = chat.type !== "private";
  if (group && !staffChats.has(String(chat.id))) return undefined;
  // In a private chat the chat is the user; anything else is forged, and replies must never
  // go to a chat other than the sender's own.
  if (!group && chat.id !== from.id) return undefined;
  const quoted = ctx.message?.reply_to_message;
  const displayName = sanitizeUserText(
    [from.first_name, from.last_name].filter(Boolean).join(" "),
    {
      singleLine: true,
    },
  );
  const username = sanitizeUserText(from.username ?? "", { singleLine: true });
  const base = {
    channel: "telegram" as const,
    capabilities: TELEGRAM_CAPABILITIES,
    chatId: String(chat.id),
    messageId: String(ctx.update.update_id),
    user: {
      id: String(from.id),
      ...(displayName ? { displayName } : {}),
      ...(username ? { username } : {}),
    },
    receivedAt: new Date(),
    ...(group ? { group: true } : {}),
    ...(quoted
      ? {
          replyTo: {
            messageId: String(quoted.message_id),
            // A reply names a person (`/staf tambah petugas …`), never a bot's message.
            ...(quoted.from && !quoted.from.is_bot ? { userId: String(quoted.from.id) } : {}),
          },
        }
      : {}),
  };
  const callback = ctx.callbackQuery;
  if (callback?.data !== undefined)
    return { ...base, content: { kind: "choice", value: callback.data } };
  const message = ctx.message;
  if (!message) return undefined;
  return { ...base, content: contentOf(message, fetch) };
}
