import { MediaTooLargeError, MediaUnavailableError } from "../../core/media/media-store.js";
import type {
  ChannelCapabilities,
  InboundContent,
  InboundMessage,
  IncomingMedia,
} from "../../core/messages.js";
import { sanitizeUserText } from "../../core/text.js";
import { sharedLocation } from "../channel.js";
import type { WhatsAppMessage } from "./transport.js";

/** No buttons (they no longer work in whatsapp-web.js); location pins and files from the app. */
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = {
  buttons: false,
  locationSharing: true,
  files: "upload",
};

/** Names for message kinds the bot cannot use, as the user would call them. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  sticker: "stiker / sticker",
  ptt: "pesan suara / voice note",
  audio: "audio",
  video: "video",
  album: "album",
  vcard: "kontak / contact",
  multi_vcard: "kontak / contact",
  poll_creation: "polling / poll",
  scheduled_event_creation: "acara / event",
  groups_v4_invite: "undangan grup / group invite",
  order: "pesanan / order",
  product: "produk / product",
  payment: "pembayaran / payment",
};

/** Not something a person wrote: receipts, deletions, reactions, encryption notices… */
const SYSTEM_TYPES = new Set([
  "revoked",
  "protocol",
  "e2e_notification",
  "notification",
  "notification_template",
  "gp2",
  "group_notification",
  "broadcast_notification",
  "call_log",
  "ciphertext",
  "debug",
  "reaction",
]);

/** A person's private chat: a phone-number id, or a privacy-preserving linked id (@lid). */
const PRIVATE_CHAT = /^[0-9]+@(c\.us|lid)$/;

function mediaOf(message: WhatsAppMessage, maxBytes: number): IncomingMedia {
  const fileName = sanitizeUserText(message.fileName ?? "", { singleLine: true });
  return {
    kind: message.type === "image" ? "photo" : "document",
    ...(fileName ? { fileName } : {}),
    ...(message.fileSize !== undefined ? { declaredSize: message.fileSize } : {}),
    async download() {
      if (message.fileSize !== undefined && message.fileSize > maxBytes)
        throw new MediaTooLargeError(message.fileSize);
      const media = await message.downloadMedia().catch((error: unknown) => {
        throw new MediaUnavailableError(
          `WhatsApp could not download the file: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      if (!media) throw new MediaUnavailableError("WhatsApp no longer has this file");
      const bytes = Buffer.from(media.data, "base64");
      if (bytes.length > maxBytes) throw new MediaTooLargeError(bytes.length);
      return bytes;
    },
  };
}

function contentOf(message: WhatsAppMessage, maxBytes: number): InboundContent {
  switch (message.type) {
    case "chat":
      return { kind: "text", text: sanitizeUserText(message.body) };
    case "location":
      if (message.location) {
        const { latitude, longitude, name, address } = message.location;
        return sharedLocation(latitude, longitude, [name, address]);
      }
      break;
    case "image":
    case "document":
      if (message.hasMedia) {
        const caption = sanitizeUserText(message.body);
        return {
          kind: "attachment",
          media: mediaOf(message, maxBytes),
          ...(caption ? { caption } : {}),
        };
      }
      break;
  }
  const what = UNSUPPORTED[message.type];
  return what ? { kind: "unsupported", what } : { kind: "unsupported" };
}

/**
 * A message from a private chat, or from one of the staff groups (the desk's, an agency's), as
 * an inbound message; undefined for anything else (other groups, status updates, broadcast
 * lists, channels, our own messages, system notices), which the bot ignores on purpose. Every
 * string the user controls (text, caption, file name, display name) is sanitised here.
 */
export function toInbound(
  message: WhatsAppMessage,
  maxBytes: number,
  staffGroups: ReadonlySet<string> = new Set(),
): InboundMessage | undefined {
  if (message.fromMe || message.isStatus || message.broadcast) return undefined;
  if (SYSTEM_TYPES.has(message.type)) return undefined;
  const group = staffGroups.has(message.from);
  // In a group the sender is its author; the staff directory knows them by that account.
  const sender = group ? message.author : message.from;
  if (!sender || !PRIVATE_CHAT.test(sender)) return undefined;
  const phone = sender.endsWith("@c.us") ? `+${sender.split("@")[0] ?? ""}` : undefined;
  const displayName = sanitizeUserText(message.notifyName ?? "", { singleLine: true });
  return {
    channel: "whatsapp",
    capabilities: WHATSAPP_CAPABILITIES,
    chatId: message.from,
    messageId: message.id,
    ...(group ? { group: true } : {}),
    user: {
      id: sender,
      ...(displayName ? { displayName } : {}),
      ...(phone ? { phone } : {}),
    },
    content: contentOf(message, maxBytes),
    ...(message.quotedMessageId ? { replyTo: { messageId: message.quotedMessageId } } : {}),
    receivedAt: new Date(),
  };
}
