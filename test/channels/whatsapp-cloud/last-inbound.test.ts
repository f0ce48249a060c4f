import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLastInbound } from "../../../src/channels/whatsapp/cloud/last-inbound.js";
import { createTestRedis, testCipher, type TestRedis } from "../../support/services.js";

const HOUR = 60 * 60 * 1000;
const chat = "6281234500009@c.us";
const at = (hours: number) => new Date(Date.UTC(2026, 11, 1) + hours * HOUR);

let redis: TestRedis;
let lastInbound: RedisLastInbound;

beforeAll(() => {
  redis = createTestRedis();
  lastInbound = new RedisLastInbound(redis.redis, redis.prefix, testCipher);
});

afterAll(async () => {
  await redis.cleanup();
});

describe("telling someone silent that messages wait for them", () => {
  it("is claimed once per silence, not when they wrote since the sender looked, and again after they wrote", async () => {
    await lastInbound.record(chat, at(0));
    // The sender saw their message of hour 0; they wrote again since: nothing waits for them.
    await lastInbound.record(chat, at(2));
    expect(await lastInbound.claimWaitingNotice(chat, at(0))).toBe(false);
    expect(await lastInbound.claimWaitingNotice(chat, at(2))).toBe(true);
    expect(await lastInbound.claimWaitingNotice(chat, at(2))).toBe(false);

    // An old message delivered late ends no silence.
    await lastInbound.record(chat, at(1));
    expect(await lastInbound.claimWaitingNotice(chat, at(2))).toBe(false);

    await lastInbound.record(chat, at(28));
    expect(await lastInbound.claimWaitingNotice(chat, at(28))).toBe(true);

    // Meta was busy: given back, the next message kept may tell them.
    await lastInbound.releaseWaitingNotice(chat);
    expect(await lastInbound.claimWaitingNotice(chat, at(28))).toBe(true);
  });

  it("is claimed for someone who never wrote, once", async () => {
    const stranger = "6281234500010@c.us";
    expect(await lastInbound.claimWaitingNotice(stranger, undefined)).toBe(true);
    expect(await lastInbound.claimWaitingNotice(stranger, undefined)).toBe(false);
  });

  it("keeps neither the number nor the chat id in Redis", async () => {
    await lastInbound.record(chat, at(0));
    await lastInbound.claimWaitingNotice(chat, at(30));
    const keys = await redis.redis.keys(`${redis.prefix}:*`);
    expect(keys.some((key) => key.includes("told-waiting"))).toBe(true);
    expect(keys.join(" ")).not.toContain("6281234500009");
  });
});
