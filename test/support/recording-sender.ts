import type { ChannelSender, SendResult } from "../../src/channels/channel.js";
import type { ChannelName, OutboundMessage } from "../../src/core/messages.js";
import { toPlainText } from "../../src/core/text.js";

/**
 * A stand-in for a chat platform: records what would have reached each chat, and can be told
 * to fail the next deliveries the way a platform does.
 */
export class RecordingSender implements ChannelSender {
  readonly sent: { chatId: string; text: string; message: OutboundMessage }[] = [];
  private readonly failures: Error[] = [];
  private sequence = 0;

  constructor(readonly channel: ChannelName = "terminal") {}

  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, text: toPlainText(message.text), message });
    return { platformMessageId: String(++this.sequence) };
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((entry) => entry.chatId === chatId).map((entry) => entry.text);
  }
}
