import type { Redis } from "ioredis";
import { todayIn } from "../time/dates.js";
import type { InboundMessage } from "../messages.js";
import type { ConversationKey } from "./session-store.js";

export interface UserLimitsOptions {
  readonly prefix: string;
  /** Messages one user may send per window; the rest are dropped. */
  readonly messagesPerWindow: number;
  readonly windowMs: number;
  /** Reports one user may submit per calendar day in `timeZone`. */
  readonly reportsPerDay: number;
  readonly timeZone: string;
}

/** What to do with an inbound message under the flood limit. */
export type Admission = "accept" | "drop-with-notice" | "drop";

/**
 * Per-user limits kept in Redis, so they hold across bot processes: a flood of messages is
 * dropped with a single notice per window, and reports per day are capped.
 */
export class UserLimits {
  constructor(
    private readonly redis: Redis,
    readonly options: UserLimitsOptions,
  ) {}

  /** Counts per person and chat: a staff member's group messages leave their private chat be. */
  async admit(
    message: Pick<InboundMessage, "channel" | "chatId" | "user">,
    now: Date,
  ): Promise<Admission> {
    const window = Math.floor(now.getTime() / this.options.windowMs);
    const counter = `${this.options.prefix}:flood:${message.channel}:${message.chatId}:${message.user.id}:${window}`;
    const results = await this.redis
      .multi()
      .incr(counter)
      .pexpire(counter, this.options.windowMs * 2)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count <= this.options.messagesPerWindow) return "accept";
    return count === this.options.messagesPerWindow + 1 ? "drop-with-notice" : "drop";
  }

  async mayReport(key: ConversationKey, now: Date): Promise<boolean> {
    const submitted = await this.redis.get(this.reportsKey(key, now));
    return Number(submitted ?? 0) < this.options.reportsPerDay;
  }

  async countReport(key: ConversationKey, now: Date): Promise<void> {
    const counter = this.reportsKey(key, now);
    await this.redis
      .multi()
      .incr(counter)
      .pexpire(counter, 2 * 24 * 3_600_000)
      .exec();
  }

  private reportsKey(key: ConversationKey, now: Date): string {
    return `${this.options.prefix}:reports:${key.channel}:${key.userId}:${todayIn(this.options.timeZone, now)}`;
  }
}
