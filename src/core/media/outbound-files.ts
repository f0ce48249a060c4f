import { formatBytes, label, t } from "../i18n/index.js";
import { channelLabels } from "../i18n/labels.js";
import type { ChannelName, Language, OutboundFile, OutboundMessage } from "../messages.js";
import { joinLines, type RichText } from "../text.js";
import type { StoredFile } from "./media-store.js";

const MB = 1024 * 1024;

/**
 * What a bot may upload, per platform. Telegram bots: photos up to 10 MB, any other file up
 * to 50 MB (downloads up to 20 MB). WhatsApp (Cloud API media limits, which whatsapp-web.js
 * sessions stay within too): images 5 MB, documents 100 MB. A photo above its platform's photo
 * limit goes as a document; a file above the document limit is not sent, and a note says so.
 */
export const FILE_LIMITS: Readonly<
  Record<ChannelName, { readonly photo: number; readonly document: number }>
> = {
  telegram: { photo: 10 * MB, document: 50 * MB },
  whatsapp: { photo: 5 * MB, document: 100 * MB },
  // The terminal names the stored file's path; nothing is uploaded.
  terminal: { photo: Number.MAX_SAFE_INTEGER, document: Number.MAX_SAFE_INTEGER },
  open311: { photo: 0, document: 0 },
};

/** Most files one message carries (Telegram's album size). */
const FILES_PER_MESSAGE = 10;

export interface FileMessageOptions {
  readonly channel: ChannelName;
  readonly language: Language;
  /** anonim: the reporter's own file names are replaced (`lampiran-1.jpg`). */
  readonly anonymous: boolean;
  /** The first line of the first message (which report, whose files). */
  readonly header: RichText;
  /** The number of the first file among the report's files, for the names it is given. */
  readonly firstNumber?: number;
}

const extensionOf = (file: StoredFile) => /\.([a-z0-9]+)$/.exec(file.storagePath)?.[1] ?? "bin";

/**
 * A report's stored files as messages to one chat: the header, a note for each file too large
 * for the platform, then the files, at most ten per message. Documents are marked as passed
 * on as received (only images are cleaned of metadata).
 */
export function fileMessages(
  files: readonly StoredFile[],
  options: FileMessageOptions,
): OutboundMessage[] {
  const { channel, language } = options;
  const limits = FILE_LIMITS[channel];
  const notes: RichText[] = [];
  const outbound: OutboundFile[] = [];
  files.forEach((file, index) => {
    const n = (options.firstNumber ?? 1) + index;
    const ext = extensionOf(file);
    const given = options.anonymous ? undefined : file.originalName;
    const name =
      given ??
      label(language, file.kind === "photo" ? "mediaPhotoName" : "mediaAttachmentName", { n, ext });
    if (file.size > limits.document) {
      notes.push(
        t(language, "mediaTooBig", {
          name,
          size: formatBytes(file.size),
          platform: channelLabels[language][channel],
          max: formatBytes(limits.document),
        }),
      );
      return;
    }
    const asPhoto = file.kind === "photo" && file.size <= limits.photo;
    outbound.push({
      kind: asPhoto ? "photo" : "document",
      storagePath: file.storagePath,
      mime: file.mime,
      size: file.size,
      name,
      ...(file.kind === "document" ? { caption: label(language, "mediaDocumentAsReceived") } : {}),
    });
  });
  const messages: OutboundMessage[] = [];
  for (let start = 0; start < outbound.length; start += FILES_PER_MESSAGE) {
    messages.push({
      text: start === 0 ? joinLines([options.header, ...notes]) : [],
      files: outbound.slice(start, start + FILES_PER_MESSAGE),
    });
  }
  if (messages.length === 0) messages.push({ text: joinLines([options.header, ...notes]) });
  return messages;
}
