import type { Redis } from "ioredis";
import type { RedisCipher } from "../core/privacy/redis-cipher.js";

/**
 * Reserves a send slot: the bot's next slot, unless this chat had a message too recently. A
 * message outside the bot's pacing (botInterval 0) takes only the chat's slot.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local botInterval = tonumber(ARGV[2])
local chatInterval = tonumber(ARGV[3])
local chatNext = tonumber(redis.call('get', KEYS[2]) or '0')
if chatNext > now then return {0, math.ceil(chatNext - now)} end
local at = now
if botInterval > 0 then
  at = math.max(now, tonumber(redis.call('get', KEYS[1]) or '0'))
  redis.call('set', KEYS[1], at + botInterval, 'PX', math.ceil(at - now + botInterval + 1000))
end
redis.call('set', KEYS[2], at + chatInterval, 'PX', math.ceil(at - now + chatInterval + 1000))
return {1, math.ceil(at - now)}
`;

export type SendSlot =
  /** Send after `waitMs`; the slot is reserved. */
  | { readonly reserved: true; readonly waitMs: number }
  /** This chat is not ready for another message for `waitMs`; nothing was reserved. */
  | { readonly reserved: false; readonly waitMs: number };

/**
 * Spaces sends evenly across every worker process of a deployment (the slots live in Redis):
 * one bot never exceeds its messages per second, one chat never gets messages closer together
 * than its interval. Even spacing matters: a platform counting over a sliding second refuses
 * the bursts a per-window counter allows at window edges.
 */
export class SendPacer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: RedisCipher,
  ) {}

  async reserve(
    channel: string,
    chatId: string,
    botIntervalMs: number,
    chatIntervalMs: number,
  ): Promise<SendSlot> {
    const [reserved, waitMs] = (await this.redis.eval(
      RESERVE,
      2,
      `${this.prefix}:pace:${channel}`,
      // A chat id is a phone number or an account id: never in clear in a key name.
      `${this.prefix}:pace:${channel}:${this.cipher.pseudonym(chatId)}`,
      Date.now(),
      // Fractions kept: 30 messages a second are 33⅓ ms apart, not 34.
      botIntervalMs,
      chatIntervalMs,
    )) as [number, number];
    return { reserved: reserved === 1, waitMs };
  }
}
