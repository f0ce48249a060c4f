import { afterAll, describe, expect, it } from "vitest";
import { SessionStore } from "../../../src/core/conversation/session-store.js";
import { createTestRedis, testCipher } from "../../support/services.js";

const redis = createTestRedis();
afterAll(() => redis.cleanup());

/** A bot process's store; several share one Redis, as webhook processes do. */
const botProcess = () =>
  new SessionStore(redis.redis, {
    prefix: redis.prefix,
    cipher: testCipher,
    retentionMs: 60_000,
  });

let messages = 0;
/** One message from `userId`, seen as @username with a display name. */
async function writes(
  store: SessionStore,
  userId: string,
  username: string,
  displayName: string,
): Promise<void> {
  const messageId = String(++messages);
  await store.turn({ channel: "telegram", userId }, messageId, () =>
    Promise.resolve({ value: undefined, commit: { messageId, seenAs: { username, displayName } } }),
  );
}

describe("the holder of a @username", () => {
  it("is the account that wrote last with it, whichever process took each message", async () => {
    const [first, second] = [botProcess(), botProcess()];
    await writes(first, "111", "pakrt", "Budi");
    expect((await first.usernameHolder("telegram", "@PakRT"))?.externalId).toBe("111");
    // The name changes hands, and a message of the new holder reaches the other process.
    await writes(second, "222", "pakrt", "Agus");
    expect((await first.usernameHolder("telegram", "pakrt"))?.externalId).toBe("222");
    // And back, within minutes, through the process that recorded the first holder.
    await writes(first, "111", "pakrt", "Budi");
    const holder = await second.usernameHolder("telegram", "pakrt");
    expect(holder).toMatchObject({ externalId: "111", displayName: "Budi" });
  });

  it("takes a new display name at once", async () => {
    const store = botProcess();
    await writes(store, "333", "bu_lurah", "Sri");
    await writes(store, "333", "bu_lurah", "Sri Wahyuni");
    expect((await store.usernameHolder("telegram", "bu_lurah"))?.displayName).toBe("Sri Wahyuni");
  });
});
