import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { createInterface, type Interface } from "node:readline";
import { MediaUnavailableError } from "../../core/media/media-store.js";
import type { InboundContent, InboundMessage, OutboundMessage } from "../../core/messages.js";
import type { RichText } from "../../core/text.js";
import type { ChannelAdapter, MessageHandler, SendResult } from "../channel.js";

export interface TerminalChannelOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  /** The citizen this terminal speaks for (their "account" on this channel). */
  readonly user: string;
}

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/**
 * A citizen's chat in the terminal: one line in, the bot's replies out, options numbered as on
 * WhatsApp. A line that is the path of an existing file (as a file manager pastes it, quotes
 * included) is sent as an attachment. Also the terminal's sender for later messages.
 */
export class TerminalChannel implements ChannelAdapter {
  readonly channel = "terminal" as const;
  private readonly interactive: boolean;
  private lines?: Interface;
  private reading?: Promise<void>;

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
        const replies = await handler.handle(await this.inbound(line));
        for (const reply of replies) this.write(reply);
      }
      if (this.interactive) lines.prompt();
    }
    this.lines = undefined;
  }

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    if (chatId !== this.options.user) {
      throw new Error(`this terminal speaks for ${this.options.user}, not ${chatId}`);
    }
    this.write(message);
    if (this.interactive) this.lines?.prompt(true);
    return {};
  }

  private async inbound(line: string): Promise<InboundMessage> {
    const user = this.options.user;
    return {
      channel: "terminal",
      chatId: user,
      messageId: randomUUID(),
      user: { id: user, displayName: user },
      content: (await this.attachment(line)) ?? { kind: "text", text: line },
      receivedAt: new Date(),
    };
  }

  private async attachment(line: string): Promise<InboundContent | undefined> {
    const unquoted = line.trim().replace(/^(['"])(.*)\1$/, "$2");
    if (!/^(\/|\.{1,2}\/|~\/)/.test(unquoted) || unquoted.includes("\n")) return undefined;
    const path = unquoted.startsWith("~/") ? `${homedir()}${unquoted.slice(1)}` : unquoted;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return {
      kind: "attachment",
      media: {
        kind: "document",
        fileName: path,
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
    const prefix = this.interactive ? "\r\u001b[K" : "";
    this.options.output.write(`${prefix}${["🤖 " + body, ...options].join("\n")}\n`);
  }

  private render(text: RichText): string {
    return text
      .map((span) => (span.bold && this.interactive ? `${BOLD}${span.text}${RESET}` : span.text))
      .join("")
      .replace(/\n/g, "\n   ");
  }
}
