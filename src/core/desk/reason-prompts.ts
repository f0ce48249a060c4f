import type { Redis } from "ioredis";
import { z } from "zod";
import { startsCommand } from "../conversation/commands.js";
import type { InboundMessage } from "../messages.js";
import type { RedisCipher } from "../privacy/redis-cipher.js";

/** The desk actions whose button asks for a reason before acting. */
export type PromptedAction = "hold" | "reject";

const promptSchema = z.object({
  action: z.enum(["hold", "reject"]),
  code: z.string(),
  /** The chat the question was asked in: only an answer there counts. */
  chatId: z.string(),
  expiresAt: z.number(),
  /** The platform's id of the question, once the channel reports it: a reply must quote it. */
  messageId: z.string().optional(),
});
export type PendingPrompt = z.infer<typeof promptSchema>;

/** What a staff member's next message in the prompt's chat does to it. */
export type PromptSettlement =
  | { readonly kind: "answer"; readonly prompt: PendingPrompt; readonly text: string }
  /** The answer came after the question expired: nothing is changed. */
  | { readonly kind: "expired"; readonly prompt: PendingPrompt }
  /** Something else came first (a command, a button, a reply to another message): dropped. */
  | { readonly kind: "cancelled"; readonly prompt: PendingPrompt }
  /** A reply to another staff member's question, which only they answer: nothing changes. */
  | { readonly kind: "not-yours"; readonly prompt: PendingPrompt };

export interface ReasonPromptOptions {
  readonly prefix: string;
  /** Staff account ids appear in key names only as its pseudonyms. */
  readonly cipher: RedisCipher;
  /** How long the question can be answered. */
  readonly answerWithinMs: number;
}

/**
 * Where only a reply to the question answers it: a group of an app that opens the reply by
 * itself. Elsewhere (a private chat; a WhatsApp group, whose quoted ids do not always match the
 * message sent) the asker's next message is the answer too.
 */
export function repliesOnly(message: InboundMessage): boolean {
  return message.group === true && message.capabilities.forceReply === true;
}

/** How long an expired question is remembered, so a late answer is told it came too late. */
const REMEMBER_EXPIRED_MS = 24 * 60 * 60 * 1000;

/**
 * Questions the desk asks after a button (the reason to hold or reject a report). A question
 * is bound to the report, the person and the chat it was asked in, and is answered only by
 * that person's next message there: a reply to the question itself, or plain text where a
 * reply is not required (`repliesOnly`). Anything else first (a command, a button, a reply to
 * another card, in a Telegram group a message that replies to nothing, which is talk among
 * colleagues) drops it, so text meant for one report, or for no report, never becomes the
 * reason a citizen is given.
 */
export class ReasonPrompts {
  constructor(
    private readonly redis: Redis,
    private readonly options: ReasonPromptOptions,
  ) {}

  private key(channel: string, userId: string): string {
    return `${this.options.prefix}:desk:prompt:${channel}:${this.options.cipher.pseudonym(userId)}`;
  }

  /** The question as a message of a chat, for whoever else replies to it. */
  private messageKey(channel: string, chatId: string, messageId: string): string {
    const where = this.options.cipher.pseudonym(`${channel}:${chatId}:${messageId}`);
    return `${this.options.prefix}:desk:prompt-message:${where}`;
  }

  /** Records the question; a newer one replaces any question still open for this person. */
  async ask(
    asker: { channel: string; userId: string; chatId: string },
    action: PromptedAction,
    code: string,
    now: Date,
  ): Promise<void> {
    const prompt: PendingPrompt = {
      action,
      code,
      chatId: asker.chatId,
      expiresAt: now.getTime() + this.options.answerWithinMs,
    };
    await this.redis.set(
      this.key(asker.channel, asker.userId),
      JSON.stringify(prompt),
      "PX",
      this.options.answerWithinMs + REMEMBER_EXPIRED_MS,
    );
  }

  /** The channel sent the question with this platform id: from now on a reply must quote it. */
  async shown(message: InboundMessage, platformMessageId: string): Promise<void> {
    const key = this.key(message.channel, message.user.id);
    const prompt = await this.read(key);
    if (!prompt || prompt.chatId !== message.chatId || prompt.messageId) return;
    const shown = JSON.stringify({ ...prompt, messageId: platformMessageId });
    await this.redis
      .multi()
      .set(key, shown, "KEEPTTL")
      .set(
        this.messageKey(message.channel, message.chatId, platformMessageId),
        shown,
        "PX",
        Math.max(1, prompt.expiresAt - message.receivedAt.getTime()),
      )
      .exec();
  }

  /**
   * Settles the question open for the sender in this chat, if any, with this message. Only one
   * message settles a question, even when two arrive at once.
   */
  async settle(message: InboundMessage, now: Date): Promise<PromptSettlement | undefined> {
    const key = this.key(message.channel, message.user.id);
    const prompt = await this.read(key);
    if (!prompt || prompt.chatId !== message.chatId) return this.othersQuestion(message);
    if ((await this.redis.del(key)) === 0) return undefined;
    if (prompt.messageId) {
      await this.redis.del(this.messageKey(message.channel, prompt.chatId, prompt.messageId));
    }
    const { content, replyTo } = message;
    const text = content.kind === "text" ? content.text.trim() : "";
    const answers =
      text.length > 0 &&
      !startsCommand(text) &&
      (replyTo === undefined ? !repliesOnly(message) : replyTo.messageId === prompt.messageId);
    if (answers && now.getTime() > prompt.expiresAt) return { kind: "expired", prompt };
    if (answers) return { kind: "answer", prompt, text };
    if (now.getTime() > prompt.expiresAt) return undefined;
    return { kind: "cancelled", prompt };
  }

  /** A reply to a question another staff member was asked, while it is open. */
  private async othersQuestion(message: InboundMessage): Promise<PromptSettlement | undefined> {
    const { replyTo } = message;
    if (!replyTo) return undefined;
    const prompt = await this.read(
      this.messageKey(message.channel, message.chatId, replyTo.messageId),
    );
    return prompt ? { kind: "not-yours", prompt } : undefined;
  }

  private async read(key: string): Promise<PendingPrompt | undefined> {
    const raw = await this.redis.get(key);
    if (!raw) return undefined;
    try {
      const parsed = promptSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
