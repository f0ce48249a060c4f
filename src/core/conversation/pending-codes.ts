import type { Redis } from "ioredis";
import type { ChannelName } from "../messages.js";
import type { RedisCipher } from "../privacy/redis-cipher.js";
import { redisScript, type ScriptRunner } from "../redis-script.js";

/**
 * How long a told code is pending (and its confirmation owed) without a stored report: long
 * enough to cover PostgreSQL being away for a working day; then "not found" again.
 */
export const PENDING_CODE_MS = 24 * 60 * 60 * 1000;

/**
 * The code is pending and its confirmation owed, in one command.
 * KEYS: the told code, the owed confirmations; ARGV: pending ms, now ms, the submission id.
 */
const TOLD = redisScript(`
redis.call('set', KEYS[1], '1', 'PX', ARGV[1])
redis.call('zadd', KEYS[2], ARGV[2], ARGV[3])`);

/** A confirmation told at Kirim that its channel has not reported sent. */
export interface OwedConfirmation {
  readonly submissionId: string;
  /** When the report was queued (epoch ms). */
  readonly toldAt: number;
}

/**
 * Tracking codes told at *Kirim*, from the moment their report is queued until the worker
 * stores it and the reply carrying the code went out:
 * - /status says a report whose code was told is being stored (a burst, or PostgreSQL away)
 *   instead of not found. Kept per reporter, under a pseudonym of who and which code, so a
 *   key names nobody and tells no one else that a code exists.
 * - The confirmation is owed until the channel sent it: a bot that dies (or a platform that
 *   refuses the reply) between queueing the report and sending the reply leaves it owed, and
 *   the worker sends it through the outbox instead (ConfirmationSweep). The list holds
 *   submission ids only, which name nobody.
 */
export class PendingCodes {
  /** `scripts` only for `told`, which the bot alone calls: a worker never connects it. */
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly options: { readonly prefix: string; readonly cipher: RedisCipher },
  ) {}

  private key(channel: ChannelName, userId: string, code: string): string {
    const mark = this.options.cipher.pseudonymOnce(`${channel}:${userId}:${code}`);
    return `${this.options.prefix}:told:${mark}`;
  }

  private get owedKey(): string {
    return `${this.options.prefix}:owed-confirmations`;
  }

  /** Before the report is queued, so a queued report's confirmation is always owed first. */
  async told(
    channel: ChannelName,
    userId: string,
    code: string,
    submissionId: string,
    now: Date,
  ): Promise<void> {
    await this.scripts.run(
      TOLD,
      [this.key(channel, userId, code), this.owedKey],
      [PENDING_CODE_MS, now.getTime(), submissionId],
    );
  }

  /**
   * Its report is stored: from now on /status reads it from the database, where it may also
   * no longer be theirs (an identity erased meanwhile), never "being stored" for the rest of
   * the day.
   */
  async stored(channel: ChannelName, userId: string, code: string): Promise<void> {
    await this.redis.del(this.key(channel, userId, code));
  }

  async pending(channel: ChannelName, userId: string, code: string): Promise<boolean> {
    return (await this.redis.exists(this.key(channel, userId, code))) === 1;
  }

  /** Confirmations owed since before `before`, oldest first: `limit` of them from `offset`. */
  async owedSince(
    before: Date,
    page: { offset: number; limit: number },
  ): Promise<OwedConfirmation[]> {
    const flat = await this.redis.zrangebyscore(
      this.owedKey,
      "-inf",
      before.getTime(),
      "WITHSCORES",
      "LIMIT",
      page.offset,
      page.limit,
    );
    const owed: OwedConfirmation[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      owed.push({ submissionId: flat[index] ?? "", toldAt: Number(flat[index + 1]) });
    }
    return owed;
  }

  /** No longer owed: the channel sent them, the outbox has them, or they were given up. */
  async settle(submissionIds: readonly string[]): Promise<void> {
    if (submissionIds.length > 0) await this.redis.zrem(this.owedKey, ...submissionIds);
  }
}
