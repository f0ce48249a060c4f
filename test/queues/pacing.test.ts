import { afterAll, describe, expect, it } from "vitest";
import { SendPacer } from "../../src/queues/pacing.js";
import { createTestRedis, testCipher } from "../support/services.js";

const testRedis = createTestRedis();
const { redis, prefix } = testRedis;
afterAll(() => testRedis.cleanup());

/** 25 bulk messages a second, one message a second to a private chat, as on Telegram. */
const BULK_MS = 40;
const CHAT_MS = 1_100;

describe("the send pacer", () => {
  it("lets a message answering someone's action pass a queue of bulk notices, but not its chat's spacing", async () => {
    const pacer = new SendPacer(redis, prefix, testCipher);
    // A hundred bulk notices reserve the next four seconds of the bot's sending.
    let lastBulk = 0;
    for (let chat = 0; chat < 100; chat++) {
      const slot = await pacer.reserve("telegram", `bulk-${chat}`, BULK_MS, CHAT_MS);
      expect(slot.reserved).toBe(true);
      lastBulk = slot.waitMs;
    }
    expect(lastBulk).toBeGreaterThan(3_000);

    // The confirmation after Kirim goes at once: it takes no slot of the bot's...
    const confirmation = await pacer.reserve("telegram", "citizen", 0, CHAT_MS);
    expect(confirmation).toEqual({ reserved: true, waitMs: 0 });
    // ...and takes none from the bulk notices, which keep their pace behind it.
    const nextBulk = await pacer.reserve("telegram", "bulk-100", BULK_MS, CHAT_MS);
    expect(nextBulk.waitMs).toBeGreaterThanOrEqual(lastBulk);

    // The same chat's next message still waits for the chat's interval.
    const again = await pacer.reserve("telegram", "citizen", 0, CHAT_MS);
    expect(again.reserved).toBe(false);
    expect(again.waitMs).toBeGreaterThan(1_000);
  });
});
