import { MediaTooLargeError, MediaUnavailableError } from "../../../core/media/media-store.js";
import type { InboundContent, InboundMessage, IncomingMedia } from "../../../core/messages.js";
import { chatIdOf } from "./chat-ids.js";
import type { WebhookContact, WebhookMessage } from "./webhook-schemas.js";

/** Fetches a file by media id, refusing it above `maxBytes` (GraphClient.downloadMedia). */
export type MediaDownloader = (mediaId: string, maxBytes: number) => Promise<Buffer>;

/** Names for message kinds the bot cannot use, as the user would call them. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  sticker: "stiker / sticker",
  audio: "audio",
  video: "video",
  contacts: "kontak / contact",
  order: "pesanan / order",
};

/** Not something a person wrote to the bot: reactions, number changes, chat openings. */
const IGNORED_TYPES = new Set(["reaction", "system", "request_welcome", "ephemeral"]);

function mediaOf(
  kind: IncomingMedia["kind"],
  mediaId: string,
  fileName: string | undefined,
  download: MediaDownloader,
  maxBytes: number,
): IncomingMedia {
  return {
    kind,
    ...(fileName ? { fileName } : {}),
    async download() {
      try {
        return await download(mediaId, maxBytes);
      } catch (error) {
        if (error instanceof MediaTooLargeError) throw error;
        throw new MediaUnavailableError(
          `WhatsApp could not hand over the file: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}

function contentOf(
  message: WebhookMessage,
  download: MediaDownloader,
  maxBytes: number,
): InboundContent {
  const { text, interactive, button, location, image, document } = message;
  switch (message.type) {
    case "text":
      if (text) return { kind: "text", text: text.body };
      break;
    case "interactive": {
      const picked = interactive?.button_reply ?? interactive?.list_reply;
      if (picked) return { kind: "choice", value: picked.id };
      break;
    }
    case "button":
      // A quick-reply button of a template: its payload is the choice, else its label.
      if (button) {
        return button.payload
          ? { kind: "choice", value: button.payload }
          : { kind: "text", text: button.text };
      }
      break;
    case "location":
      if (location)
        return { kind: "location", latitude: location.latitude, longitude: location.longitude };
      break;
    case "image":
      if (image) {
        return {
          kind: "attachment",
          media: mediaOf("photo", image.id, undefined, download, maxBytes),
          ...(image.caption ? { caption: image.caption } : {}),
        };
      }
      break;
    case "document":
      if (document) {
        return {
          kind: "attachment",
          media: mediaOf("document", document.id, document.filename, download, maxBytes),
          ...(document.caption ? { caption: document.caption } : {}),
        };
      }
      break;
    case "audio":
      if (message.audio?.voice) return { kind: "unsupported", what: "pesan suara / voice note" };
      break;
  }
  return { kind: "unsupported", what: UNSUPPORTED[message.type] ?? "pesan ini / this message" };
}

/**
 * A message a citizen sent to the number as an inbound message; undefined for events that
 * are not a person writing (reactions, number changes). The wamid is the message id: Meta
 * redelivers a message with the same wamid, and the engine handles each id once.
 */
export function toInbound(
  message: WebhookMessage,
  contact: WebhookContact | undefined,
  download: MediaDownloader,
  maxBytes: number,
): InboundMessage | undefined {
  if (IGNORED_TYPES.has(message.type)) return undefined;
  const chatId = chatIdOf(message.from);
  const name = contact?.profile?.name;
  return {
    channel: "whatsapp",
    chatId,
    messageId: message.id,
    user: { id: chatId, ...(name ? { displayName: name } : {}), phone: `+${message.from}` },
    content: contentOf(message, download, maxBytes),
    ...(message.context ? { replyTo: { messageId: message.context.id } } : {}),
    receivedAt: new Date(Number(message.timestamp) * 1000),
  };
}
