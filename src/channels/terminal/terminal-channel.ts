import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { createInterface, type Interface } from "node:readline";
import { MediaUnavailableError } from "../../core/media/media-store.js";
import { parseCommand, startsCommand } from "../../core/conversation/commands.js";
import type {
  ChannelCapabilities,
  InboundContent,
  InboundMessage,
  OutboundMessage,
} from "../../core/messages.js";
import { sanitizeUserText, type RichText } from "../../core/text.js";
import {
  isTracked,
  type ChannelAdapter,
  type MessageHandler,
  type SendResult,
} from "../channel.js";

export interface TerminalChannelOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  /** The citizen this terminal speaks for (their "account" on this channel). */
  readonly user: string;
}

/** Typed text only: options by number, a location as an address, a file by its path. */
export const TERMINAL_CAPABILITIES: ChannelCapabilities = {
  buttons: false,
  locationSharing: false,
  files: "path",
};

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/**
 * A citizen's chat in the terminal: one line in, the bot's replies out, options numbered as on
 * WhatsApp. A line that is a file's path (as a file manager pastes it: quoted, or with its
 * spaces escaped) is sent as an attachment; a path to nothing gets "file not found" at once.
 * Also the terminal's sender for later messages.
 */
export class TerminalChannel implements ChannelAdapter {
  readonly channel = "terminal" as const;
  private readonly interactive: boolean;
  private lines?: Interface;
  private reading?: Promise<void>;
  /** The screen starts empty: a draft or menu left in an earlier run is not on it. */
  private readonly screenSince = new Date();
  /** Until a typed line was read against it, or a menu of this run shows. */
  private menuOutOfView = true;

  constructor(private readonly options: TerminalChannelOptions) {
    this.interactive = options.output.isTTY === true;
  }

  /** Settles when the input ends (Ctrl+D) and every line read has been answered. */
  get finished(): Promise<void> {
    if (!this.reading) throw new Error("the terminal channel was not started");
    return this.reading;
  }

  async start(handler: MessageHandler): Promise<void> {
    this.reading = this.read(handler);
  }

  async stop(): Promise<void> {
    this.lines?.close();
    await this.reading;
  }

  private async read(handler: MessageHandler): Promise<void> {
    const lines = createInterface({
      input: this.options.input,
      output: this.interactive ? this.options.output : undefined,
      terminal: this.interactive,
    });
    this.lines = lines;
    lines.setPrompt("> ");
    if (this.interactive) lines.prompt();
    for await (const line of lines) {
      if (line.trim().length > 0) {
        const content = await this.content(line);
        if ("missing" in content) this.write({ text: [{ text: fileNotFound(content.missing) }] });
        else await this.answer(handler, this.inbound(content));
      }
      if (this.interactive) lines.prompt();
    }
    this.lines = undefined;
  }

  private async answer(handler: MessageHandler, inbound: InboundMessage): Promise<void> {
    const replies = await handler.handle(inbound);
    const { content } = inbound;
    const typed = content.kind === "text" && !startsCommand(content.text);
    if (typed || replies.some((reply) => reply.choices?.length)) this.menuOutOfView = false;
    for (const reply of replies) {
      this.write(reply);
      // A terminal line has no id of its own: one is made up, so the confirmation is recorded
      // (and no longer owed) and a question bound to it, as on the other channels.
      if (isTracked(reply)) await handler.shown?.(inbound, randomUUID(), reply);
    }
  }

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    if (chatId !== this.options.user) {
      throw new Error(`this terminal speaks for ${this.options.user}, not ${chatId}`);
    }
    this.write(message);
    if (this.interactive) this.lines?.prompt(true);
    return {};
  }

  private inbound(content: InboundContent): InboundMessage {
    const user = this.options.user;
    return {
      screenSince: this.screenSince,
      ...(this.menuOutOfView ? { menuOutOfView: true } : {}),
      channel: "terminal",
      capabilities: TERMINAL_CAPABILITIES,
      chatId: user,
      messageId: randomUUID(),
      user: { id: user, displayName: sanitizeUserText(user, { singleLine: true }) },
      content,
      receivedAt: new Date(),
    };
  }

  /** The line as text, as an attachment when it names a file, or the path that names nothing. */
  private async content(line: string): Promise<InboundContent | { missing: string }> {
    const path = pathIn(line);
    if (!path) return { kind: "text", text: sanitizeUserText(line) };
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return { missing: path };
    return {
      kind: "attachment",
      media: {
        kind: "document",
        fileName: sanitizeUserText(path, { singleLine: true }),
        declaredSize: info.size,
        download: () =>
          readFile(path).catch((error: unknown) => {
            throw new MediaUnavailableError(`cannot read ${path}: ${String(error)}`);
          }),
      },
    };
  }

  private write(message: OutboundMessage): void {
    const body = this.render(message.text);
    const options = (message.choices ?? [])
      .flat()
      .map((choice, index) => `   ${index + 1}) ${choice.label}`);
    // A terminal shows no pictures: each file is named, with its place under MEDIA_DIR.
    const files = (message.files ?? []).map(
      (file) => `   📎 ${file.name ?? file.kind} (${file.storagePath})`,
    );
    const prefix = this.interactive ? "\r\u001b[K" : "";
    this.options.output.write(`${prefix}${["🤖 " + body, ...options, ...files].join("\n")}\n`);
  }

  private render(text: RichText): string {
    return text
      .map((span) => (span.bold && this.interactive ? `${BOLD}${span.text}${RESET}` : span.text))
      .join("")
      .replace(/\n/g, "\n   ");
  }
}

/**
 * The file path a line names, when it looks like one: absolute, relative (./, ../) or in the
 * home directory (~/), quoted or with backslash-escaped spaces as terminals paste dragged files.
 * A command (/lapor) is not a path.
 */
function pathIn(line: string): string | undefined {
  const trimmed = line.trim();
  if (parseCommand(trimmed) || trimmed.includes("\n")) return undefined;
  const quoted = /^(['"])(.*)\1$/.exec(trimmed);
  const unquoted = quoted ? (quoted[2] ?? "") : trimmed.replace(/\\(.)/g, "$1");
  // An absolute path has a folder: "/", "/ lapor" or "/bantuan?" is a command mistyped.
  if (!/^(\/[^\s/]+\/|\.{1,2}\/|~\/)/.test(unquoted)) return undefined;
  return unquoted.startsWith("~/") ? `${homedir()}${unquoted.slice(1)}` : unquoted;
}

/** Said before the engine sees the line, so before the person's language is known: both. */
function fileNotFound(path: string): string {
  return `Berkas tidak ditemukan / File not found: ${sanitizeUserText(path, { singleLine: true })}`;
}
