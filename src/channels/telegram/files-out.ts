import { InputFile, InputMediaBuilder, type Api } from "grammy";
import type { Message } from "grammy/types";
import type { OutboundFile } from "../../core/messages.js";
import type { StoredFiles } from "../channel.js";
import { escapeHtml } from "./render.js";

/** Telegram's longest caption, in visible characters. */
export const CAPTION_LIMIT = 1024;

/** Bot-uploaded file ids kept per process: enough for the files of the busiest hours. */
const KNOWN_FILE_IDS = 2000;

export interface FileSendOptions {
  /** HTML shown under the first file (the message's own text, when short enough). */
  readonly caption?: string;
  /** The message the files answer (a report's card). */
  readonly replyTo?: number;
}

/**
 * Sends stored files to a chat: photos as an album (or one photo), documents likewise, each
 * replying to the card. A file the bot uploaded before is sent again by the `file_id` Telegram
 * gave it (no second upload); only the bot's own uploads are reused, since those are the
 * cleaned bytes from storage, never what a citizen sent.
 */
export class TelegramFileSender {
  private readonly fileIds = new Map<string, string>();

  constructor(private readonly files: StoredFiles) {}

  /** Returns the messages sent, in order; the later calls go through `continuation` (retried). */
  async send(
    first: Api,
    continuation: Api,
    chatId: string,
    files: readonly OutboundFile[],
    options: FileSendOptions,
  ): Promise<number[]> {
    const ids: number[] = [];
    let caption = options.caption;
    const reply = options.replyTo
      ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
      : {};
    for (const run of runsOf(files)) {
      const api = ids.length === 0 ? first : continuation;
      const captions = run.map((file, index) =>
        joinCaption(index === 0 ? caption : undefined, file.caption),
      );
      caption = undefined;
      const media = await Promise.all(run.map((file) => this.media(file)));
      let sent: Message[];
      if (run.length === 1 && run[0] && media[0] !== undefined) {
        const other = { ...reply, ...captionOf(captions[0]) };
        sent = [
          run[0].kind === "photo"
            ? await api.sendPhoto(chatId, media[0], other)
            : await api.sendDocument(chatId, media[0], other),
        ];
      } else {
        const item = (index: number) => media[index] ?? "";
        // A run is of one kind, and an album takes photos or documents, never both.
        sent =
          run[0]?.kind === "photo"
            ? await api.sendMediaGroup(
                chatId,
                run.map((_, index) =>
                  InputMediaBuilder.photo(item(index), captionOf(captions[index])),
                ),
                reply,
              )
            : await api.sendMediaGroup(
                chatId,
                run.map((_, index) =>
                  InputMediaBuilder.document(item(index), captionOf(captions[index])),
                ),
                reply,
              );
      }
      sent.forEach((message, index) => this.remember(run[index], message));
      ids.push(...sent.map((message) => message.message_id));
    }
    return ids;
  }

  private async media(file: OutboundFile): Promise<string | InputFile> {
    const known = this.fileIds.get(file.storagePath);
    if (known) return known;
    return new InputFile(await this.files.read(file), file.name);
  }

  private remember(file: OutboundFile | undefined, message: Message): void {
    if (!file) return;
    const fileId =
      file.kind === "photo" ? message.photo?.at(-1)?.file_id : message.document?.file_id;
    if (!fileId) return;
    this.fileIds.delete(file.storagePath);
    this.fileIds.set(file.storagePath, fileId);
    if (this.fileIds.size > KNOWN_FILE_IDS) {
      const oldest = this.fileIds.keys().next().value;
      if (oldest !== undefined) this.fileIds.delete(oldest);
    }
  }
}

/** Albums hold photos or documents, not both: consecutive files of one kind form a run. */
function runsOf(files: readonly OutboundFile[]): OutboundFile[][] {
  const runs: OutboundFile[][] = [];
  for (const file of files) {
    const last = runs.at(-1);
    if (last?.[0]?.kind === file.kind) last.push(file);
    else runs.push([file]);
  }
  return runs;
}

function joinCaption(html: string | undefined, plain: string | undefined): string | undefined {
  const parts = [html, plain === undefined ? undefined : escapeHtml(plain)].filter(
    (part): part is string => part !== undefined && part !== "",
  );
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

const captionOf = (caption: string | undefined) =>
  caption ? { caption, parse_mode: "HTML" as const } : {};
