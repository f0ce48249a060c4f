import type { Redis } from "ioredis";
import type { ChannelName } from "../messages.js";
import type { RedisCipher } from "../privacy/redis-cipher.js";

/** Long enough to cover PostgreSQL being away for a working day; then "not found" again. */
const PENDING_MS = 24 * 60 * 60 * 1000;

/**
 * Tracking codes told at *Kirim* whose report the worker may not have stored yet (a burst of
 * reports, or PostgreSQL away): /status says such a report is being stored instead of not
 * found. Kept per reporter, under a pseudonym of who and which code, so a key names nobody
 * and tells no one else that a code exists.
 */
export class PendingCodes {
  constructor(
    private readonly redis: Redis,
    private readonly options: { readonly prefix: string; readonly cipher: RedisCipher },
  ) {}

  private key(channel: ChannelName, userId: string, code: string): string {
    const mark = this.options.cipher.pseudonym(`${channel}:${userId}:${code}`);
    return `${this.options.prefix}:told:${mark}`;
  }

  async told(channel: ChannelName, userId: string, code: string): Promise<void> {
    await this.redis.set(this.key(channel, userId, code), "1", "PX", PENDING_MS);
  }

  async pending(channel: ChannelName, userId: string, code: string): Promise<boolean> {
    return (await this.redis.exists(this.key(channel, userId, code))) === 1;
  }
}
