import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { RedisCipher } from "../privacy/redis-cipher.js";
import { todayIn } from "../time/dates.js";
import type { InboundMessage } from "../messages.js";
import type { ConversationKey, TurnCounter } from "./session-store.js";

export interface UserLimitsOptions {
  readonly prefix: string;
  /** Account and chat ids appear in key names only as its pseudonyms. */
  readonly cipher: RedisCipher;
  /** Messages one user may send per window; the rest are dropped. */
  readonly messagesPerWindow: number;
  readonly windowMs: number;
  /** Reports one user may submit per calendar day in `timeZone`. */
  readonly reportsPerDay: number;
  readonly timeZone: string;
  /** Reports all users together may submit per minute; none without it. */
  readonly intakePerMinute?: number;
}

const INTAKE_WINDOW_MS = 60_000;

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
    const { key, ttlMs } = this.counter(message, now);
    const results = await this.redis.multi().incr(key).pexpire(key, ttlMs).exec();
    return this.judge(Number(results?.[0]?.[1] ?? 0));
  }

  /**
   * The flood counter a message counts against, for a caller that increments it itself (a
   * conversation's turn does, in the round trip that takes its lock).
   */
  counter(message: Pick<InboundMessage, "channel" | "chatId" | "user">, now: Date): TurnCounter {
    const window = Math.floor(now.getTime() / this.options.windowMs);
    const who = this.options.cipher.pseudonym(`${message.chatId}:${message.user.id}`);
    return {
      key: `${this.options.prefix}:flood:${message.channel}:${who}:${window}`,
      ttlMs: this.options.windowMs * 2,
    };
  }

  /** What to do with a message that made its flood counter `count`. */
  judge(count: number): Admission {
    if (count <= this.options.messagesPerWindow) return "accept";
    return count === this.options.messagesPerWindow + 1 ? "drop-with-notice" : "drop";
  }

  async mayReport(key: ConversationKey, now: Date): Promise<boolean> {
    const submitted = await this.redis.get(this.reportsKey(key, now));
    return Number(submitted ?? 0) < this.options.reportsPerDay;
  }

  /**
   * Takes a place in this minute's intake, when the deployment caps it; false when the minute
   * is full, so a crowd of accounts cannot bury the desk. Returns the seconds to wait.
   */
  async admitIntake(
    now: Date,
  ): Promise<{ admitted: true } | { admitted: false; waitSeconds: number }> {
    const max = this.options.intakePerMinute;
    if (max === undefined) return { admitted: true };
    // A sliding minute: a fixed one would let twice the ceiling through around its edge.
    const key = `${this.options.prefix}:intake-rate`;
    const at = now.getTime();
    const member = `${at}:${randomUUID()}`;
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, 0, at - INTAKE_WINDOW_MS)
      .zadd(key, at, member)
      .zcard(key)
      .pexpire(key, INTAKE_WINDOW_MS)
      .exec();
    if (Number(results?.[2]?.[1] ?? 0) <= max) return { admitted: true };
    await this.redis.zrem(key, member);
    const [, oldest] = await this.redis.zrange(key, 0, 0, "WITHSCORES");
    const freeAt = Number(oldest ?? at) + INTAKE_WINDOW_MS;
    return { admitted: false, waitSeconds: Math.max(1, Math.ceil((freeAt - at) / 1000)) };
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
    const who = this.options.cipher.pseudonym(key.userId);
    return `${this.options.prefix}:reports:${key.channel}:${who}:${todayIn(this.options.timeZone, now)}`;
  }
}
