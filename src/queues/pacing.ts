import type { Redis } from "ioredis";
import type { RedisCipher } from "../core/privacy/redis-cipher.js";

/**
 * How long a claim on an outbox row lasts: longer than any send takes (a holder that dies
 * mid-send leaves the row to the next holder after this), and released at once on a failure.
 */
const CLAIM_MS = 120_000;
/** How soon a message another holder is sending looks again (it is usually sent by then). */
const CLAIM_RECHECK_MS = 1_000;

/**
 * Reserves a send slot: the bot's next slot, unless this chat had a message too recently. A
 * message outside the bot's pacing (botInterval 0) takes only the chat's slot. With a claim,
 * the slot also claims the row for its holder, unless another holder has it.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local botInterval = tonumber(ARGV[2])
local chatInterval = tonumber(ARGV[3])
local paused = redis.call('pttl', KEYS[3])
if paused > 0 then return {0, paused} end
if KEYS[4] then
  local holder = redis.call('get', KEYS[4])
  if holder and holder ~= ARGV[4] then return {0, CLAIM_RECHECK_MS} end
end
local chatNext = tonumber(redis.call('get', KEYS[2]) or '0')
if chatNext > now then return {0, math.ceil(chatNext - now)} end
local at = now
if botInterval > 0 then
  at = math.max(now, tonumber(redis.call('get', KEYS[1]) or '0'))
  redis.call('set', KEYS[1], at + botInterval, 'PX', math.ceil(at - now + botInterval + 1000))
end
redis.call('set', KEYS[2], at + chatInterval, 'PX', math.ceil(at - now + chatInterval + 1000))
if KEYS[4] then redis.call('set', KEYS[4], ARGV[4], 'PX', CLAIM_MS) end
return {1, math.ceil(at - now)}
`
  .replaceAll("CLAIM_RECHECK_MS", String(CLAIM_RECHECK_MS))
  .replaceAll("CLAIM_MS", String(CLAIM_MS));

/** Gives a claim up, if its holder still has it. */
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
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
    claim?: { readonly outboxId: string; readonly holder: string },
  ): Promise<SendSlot> {
    const [reserved, waitMs] = (await this.redis.eval(
      RESERVE,
      claim ? 4 : 3,
      `${this.prefix}:pace:${channel}`,
      // A chat id is a phone number or an account id: never in clear in a key name.
      `${this.prefix}:pace:${channel}:${this.cipher.pseudonym(chatId)}`,
      this.pauseKey(channel),
      ...(claim ? [this.claimKey(claim.outboxId)] : []),
      Date.now(),
      // Fractions kept: 30 messages a second are 33⅓ ms apart, not 34.
      botIntervalMs,
      chatIntervalMs,
      ...(claim ? [claim.holder] : []),
    )) as [number, number];
    return { reserved: reserved === 1, waitMs };
  }

  /**
   * The platform asked the bot to wait (a 429's retry-after): no slot of the channel is given
   * until then, to the outbound queue (paused as well) or to a delivery outside it.
   */
  async pause(channel: string, ms: number): Promise<void> {
    await this.redis.set(this.pauseKey(channel), "1", "PX", Math.max(1, Math.ceil(ms)));
  }

  /** Gives up a claim taken with reserve, so the next holder need not wait for it to lapse. */
  async release(outboxId: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.claimKey(outboxId), holder);
  }

  private pauseKey(channel: string): string {
    return `${this.prefix}:pace:${channel}:paused`;
  }

  /** An outbox row's id is a random uuid: nothing personal in the key. */
  private claimKey(outboxId: string): string {
    return `${this.prefix}:pace:claim:${outboxId}`;
  }
}
