import type { Redis } from "ioredis";
import type { RedisCipher } from "../../../core/privacy/redis-cipher.js";
import { CUSTOMER_SERVICE_WINDOW_MS } from "./service-window.js";

/**
 * When each citizen last wrote, which decides whether the service window is open, and whether
 * they were told since that something waits for them.
 */
export interface LastInbound {
  /** They wrote at `at`: the window opens, and a later wait may be told again. */
  record(chatId: string, at: Date): Promise<void>;
  lastInboundAt(chatId: string): Promise<Date | undefined>;
  /**
   * True for the first caller since they last wrote, when they wrote nothing after `seen` (the
   * last message the caller found the window closed by): that one tells them something waits.
   */
  claimWaitingNotice(chatId: string, seen: Date | undefined): Promise<boolean>;
  /** The claimed notice could not go (Meta busy): the next message kept may tell them. */
  releaseWaitingNotice(chatId: string): Promise<void>;
}

/**
 * Keeps the later of two times, so a late redelivery of an old message never moves it back;
 * a newer message also ends the wait they were told of.
 */
const RECORD_LATEST = `
local previous = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > previous then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('del', KEYS[2])
end
return 1
`;

/** Claims telling them only if they wrote nothing since the sender looked, so a message just in wins. */
const CLAIM_UNLESS_WROTE = `
local last = tonumber(redis.call('get', KEYS[1]) or '0')
if last > tonumber(ARGV[1]) then return 0 end
if redis.call('set', KEYS[2], '1', 'PX', ARGV[2], 'NX') then return 1 end
return 0
`;

/** As long as a last-inbound time is kept: a week past the window. */
const KEEP_MS = CUSTOMER_SERVICE_WINDOW_MS + 7 * 24 * 60 * 60 * 1000;

/**
 * In Redis, so every process (webhook receivers, workers sending notices) reads the same time.
 * Kept a week past the window, for the "last wrote" shown with a held notice.
 */
export class RedisLastInbound implements LastInbound {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: RedisCipher,
  ) {}

  /** The chat id is the citizen's phone number: only its pseudonym goes in the key. */
  private key(chatId: string, what: "last-inbound" | "told-waiting" = "last-inbound"): string {
    return `${this.prefix}:wa-cloud:${what}:${this.cipher.pseudonym(chatId)}`;
  }

  async record(chatId: string, at: Date): Promise<void> {
    await this.redis.eval(
      RECORD_LATEST,
      2,
      this.key(chatId),
      this.key(chatId, "told-waiting"),
      at.getTime(),
      KEEP_MS,
    );
  }

  async claimWaitingNotice(chatId: string, seen: Date | undefined): Promise<boolean> {
    const claimed = await this.redis.eval(
      CLAIM_UNLESS_WROTE,
      2,
      this.key(chatId),
      this.key(chatId, "told-waiting"),
      seen?.getTime() ?? 0,
      KEEP_MS,
    );
    return claimed === 1;
  }

  async releaseWaitingNotice(chatId: string): Promise<void> {
    await this.redis.del(this.key(chatId, "told-waiting"));
  }

  async lastInboundAt(chatId: string): Promise<Date | undefined> {
    const value = await this.redis.get(this.key(chatId));
    return value ? new Date(Number(value)) : undefined;
  }
}
