import { MediaTooLargeError, MediaUnavailableError } from "../../../core/media/media-store.js";
import type {
  ChannelCapabilities,
  InboundContent,
  InboundMessage,
  IncomingMedia,
} from "../../../core/messages.js";
import { sanitizeUserText } from "../../../core/text.js";
import { chatIdOf } from "./chat-ids.js";
import { sharedLocation } from "../../channel.js";
import { CLOUD_LIMITS } from "./render.js";
import type { WebhookContact, WebhookMessage } from "./webhook-schemas.js";

/** Fetches a file by media id, refusing it above `maxBytes` (GraphClient.downloadMedia). */
export type MediaDownloader = (mediaId: string, maxBytes: number) => Promise<Buffer>;

/** Reply buttons and lists (numbered text beyond Meta's limits), location pins, files from the app. */
export const WHATSAPP_CLOUD_CAPABILITIES: ChannelCapabilities = {
  buttons: true,
  // A list holds ten rows; a location request only its "Send location" button (render.ts).
  maxButtons: CLOUD_LIMITS.rows,
  locationButtonOnly: true,
  locationSharing: true,
  files: "upload",
};

/** A caption or typed text, cleaned; undefined when nothing is left. */
const cleaned = (text: string | undefined): string | undefined =>
  sanitizeUserText(text ?? "") || undefined;

/**
 * Names for message kinds the bot cannot use, as the user would call them: by the message's
 * type, or for a message of type `unsupported` by what Meta says it was (`unsupported.type`).
 */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  sticker: "stiker / sticker",
  audio: "audio",
  video: "video",
  contacts: "kontak / contact",
  order: "pesanan / order",
  product: "produk / product",
  gif: "GIF",
  poll_creation: "polling / poll",
  poll_update: "polling / poll",
  group_invite: "undangan grup / group invite",
};

/** Edits reach the bot without their new words: as type `edit`, or `unsupported` of type edit. */
const isEdit = (message: WebhookMessage) =>
  message.type === "edit" ||
  (message.type === "unsupported" && message.unsupported?.type === "edit");

/** Not something a person wrote to the bot: reactions, number changes, chat openings. */
const IGNORED_TYPES = new Set(["reaction", "system", "request_welcome", "ephemeral"]);

function mediaOf(
  kind: IncomingMedia["kind"],
  mediaId: string,
  fileName: string | undefined,
  download: MediaDownloader,
  maxBytes: number,
): IncomingMedia {
  const name = sanitizeUserText(fileName ?? "", { singleLine: true });
  return {
    kind,
    ...(name ? { fileName: name } : {}),
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
      if (text) return { kind: "text", text: sanitizeUserText(text.body) };
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
          : { kind: "text", text: sanitizeUserText(button.text) };
      }
      break;
    case "location":
      if (location) {
        const { latitude, longitude, name, address } = location;
        return sharedLocation(latitude, longitude, [name, address]);
      }
      break;
    case "image":
      if (image) {
        const caption = cleaned(image.caption);
        return {
          kind: "attachment",
          media: mediaOf("photo", image.id, undefined, download, maxBytes),
          ...(caption ? { caption } : {}),
        };
      }
      break;
    case "document":
      if (document) {
        const caption = cleaned(document.caption);
        return {
          kind: "attachment",
          media: mediaOf("document", document.id, document.filename, download, maxBytes),
          ...(caption ? { caption } : {}),
        };
      }
      break;
    case "audio":
      if (message.audio?.voice) return { kind: "unsupported", what: "pesan suara / voice note" };
      break;
  }
  if (isEdit(message)) return { kind: "unsupported", edited: true };
  // Meta's own `unsupported` (a deleted message, a kind it does not pass on) may say what it was.
  const kind = message.type === "unsupported" ? message.unsupported?.type : message.type;
  const what = kind === undefined ? undefined : UNSUPPORTED[kind];
  return what ? { kind: "unsupported", what } : { kind: "unsupported" };
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
  const name = sanitizeUserText(contact?.profile?.name ?? "", { singleLine: true });
  return {
    channel: "whatsapp",
    capabilities: WHATSAPP_CLOUD_CAPABILITIES,
    chatId,
    messageId: message.id,
    user: { id: chatId, ...(name ? { displayName: name } : {}), phone: `+${message.from}` },
    content: contentOf(message, download, maxBytes),
    ...(message.context ? { replyTo: { messageId: message.context.id } } : {}),
    receivedAt: new Date(Number(message.timestamp) * 1000),
  };
}
