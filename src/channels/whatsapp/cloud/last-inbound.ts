import type { Redis } from "ioredis";
import type { RedisCipher } from "../../../core/privacy/redis-cipher.js";
import { CUSTOMER_SERVICE_WINDOW_MS } from "./service-window.js";

/** When each citizen last wrote, which decides whether the service window is open. */
export interface LastInbound {
  record(chatId: string, at: Date): Promise<void>;
  lastInboundAt(chatId: string): Promise<Date | undefined>;
}

/** Keeps the later of two times, so a late redelivery of an old message never moves it back. */
const RECORD_LATEST = `
local previous = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > previous then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1
`;

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
  private key(chatId: string): string {
    return `${this.prefix}:wa-cloud:last-inbound:${this.cipher.pseudonym(chatId)}`;
  }

  async record(chatId: string, at: Date): Promise<void> {
    const keepMs = CUSTOMER_SERVICE_WINDOW_MS + 7 * 24 * 60 * 60 * 1000;
    await this.redis.eval(RECORD_LATEST, 1, this.key(chatId), at.getTime(), keepMs);
  }

  async lastInboundAt(chatId: string): Promise<Date | undefined> {
    const value = await this.redis.get(this.key(chatId));
    return value ? new Date(Number(value)) : undefined;
  }
}
