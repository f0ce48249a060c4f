import { randomUUID } from "node:crypto";
import type { RedisCipher } from "../privacy/redis-cipher.js";
import { redisScript, type ScriptRunner } from "../redis-script.js";
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

export type ReportAdmission =
  | { readonly kind: "admitted" }
  | { readonly kind: "daily-limit" }
  | { readonly kind: "intake-busy"; readonly waitSeconds: number };

const ADMITTED = -1;
const DAILY_LIMIT = -2;

/**
 * The daily cap, then a sliding minute of intake (a fixed one would let twice the ceiling
 * through around its edge): ADMITTED, DAILY_LIMIT, or when the minute is full the time its
 * oldest report came in.
 * KEYS: the person's reports today, the intake window;
 * ARGV: reports per day, now, a unique member, the window ms, the ceiling ("" for none).
 */
const ADMIT_REPORT = redisScript(`
if tonumber(redis.call('get', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return ${DAILY_LIMIT} end
if ARGV[5] == '' then return ${ADMITTED} end
local at = tonumber(ARGV[2])
redis.call('zremrangebyscore', KEYS[2], 0, at - tonumber(ARGV[4]))
redis.call('zadd', KEYS[2], at, ARGV[3])
redis.call('pexpire', KEYS[2], ARGV[4])
if redis.call('zcard', KEYS[2]) <= tonumber(ARGV[5]) then return ${ADMITTED} end
redis.call('zrem', KEYS[2], ARGV[3])
local oldest = redis.call('zrange', KEYS[2], 0, 0, 'WITHSCORES')
return tonumber(oldest[2] or at)`);

/** Counts one more in KEYS[1], which lasts ARGV[1] ms from its first count; returns the count. */
const COUNT = redisScript(`
local count = redis.call('incr', KEYS[1])
if count == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
return count`);

/** How long a person's count of reports for a day is kept: past the day in any time zone. */
const REPORTS_COUNTED_MS = 2 * 24 * 3_600_000;

/** What to do with an inbound message under the flood limit. */
export type Admission = "accept" | "drop-with-notice" | "drop";

/**
 * Per-user limits kept in Redis, so they hold across bot processes: a flood of messages is
 * dropped with a single notice per window, and reports per day are capped.
 */
export class UserLimits {
  constructor(
    private readonly scripts: ScriptRunner,
    readonly options: UserLimitsOptions,
  ) {}

  /** Counts per person and chat: a staff member's group messages leave their private chat be. */
  async admit(
    message: Pick<InboundMessage, "channel" | "chatId" | "user">,
    now: Date,
  ): Promise<Admission> {
    const { key, ttlMs } = this.counter(message, now);
    return this.judge(Number(await this.scripts.run(COUNT, [key], [ttlMs])));
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

  /**
   * Whether `key` may submit a report now: under its daily cap, then (when the deployment caps
   * it) with a place in this minute's intake, so a crowd of accounts cannot bury the desk. One
   * round trip; a refused report takes no place.
   */
  async admitReport(key: ConversationKey, now: Date): Promise<ReportAdmission> {
    const at = now.getTime();
    const max = this.options.intakePerMinute;
    const answer = Number(
      await this.scripts.run(
        ADMIT_REPORT,
        [this.reportsKey(key, now), `${this.options.prefix}:intake-rate`],
        [this.options.reportsPerDay, at, `${at}:${randomUUID()}`, INTAKE_WINDOW_MS, max ?? ""],
      ),
    );
    if (answer === ADMITTED) return { kind: "admitted" };
    if (answer === DAILY_LIMIT) return { kind: "daily-limit" };
    // Full: the place frees when the oldest report of the sliding minute leaves it.
    const freeAt = answer + INTAKE_WINDOW_MS;
    return { kind: "intake-busy", waitSeconds: Math.max(1, Math.ceil((freeAt - at) / 1000)) };
  }

  async countReport(key: ConversationKey, now: Date): Promise<void> {
    await this.scripts.run(COUNT, [this.reportsKey(key, now)], [REPORTS_COUNTED_MS]);
  }

  private reportsKey(key: ConversationKey, now: Date): string {
    const who = this.options.cipher.pseudonym(key.userId);
    return `${this.options.prefix}:reports:${key.channel}:${who}:${todayIn(this.options.timeZone, now)}`;
  }
}
