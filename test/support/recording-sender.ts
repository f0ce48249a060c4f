import type { ChannelSender, SendResult } from "../../src/channels/channel.js";
import type { ChannelName, OutboundMessage } from "../../src/core/messages.js";
import { toPlainText } from "../../src/core/text.js";

/** The longest text one message holds on Telegram and WhatsApp; a longer one goes in parts. */
const PART_LENGTH = 4096;

/**
 * A stand-in for a chat platform: records what would have reached each chat, and can be told
 * to fail the next deliveries the way a platform does.
 */
export class RecordingSender implements ChannelSender {
  readonly sent: {
    chatId: string;
    text: string;
    message: OutboundMessage;
    /** The platform id of each part the text went as, in order. */
    partIds: string[];
  }[] = [];
  private readonly failures: Error[] = [];
  private sequence = 0;

  constructor(readonly channel: ChannelName = "terminal") {}

  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const text = toPlainText(message.text);
    const partIds = Array.from({ length: Math.max(1, Math.ceil(text.length / PART_LENGTH)) }, () =>
      String(++this.sequence),
    );
    this.sent.push({ chatId, text, message, partIds });
    return {
      platformMessageId: partIds.at(-1),
      ...(partIds.length > 1 ? { partMessageIds: partIds } : {}),
    };
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((entry) => entry.chatId === chatId).map((entry) => entry.text);
  }
}
