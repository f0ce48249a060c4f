import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  SessionStore,
  type Commit,
  type ConversationKey,
  type Session,
} from "../../../src/core/conversation/session-store.js";
import { createTestRedis, testCipher } from "../../support/services.js";

const redis = createTestRedis();
afterAll(() => redis.cleanup());

/** A bot process's store; several share one Redis, as webhook processes do. */
const botProcess = (lockTtlMs?: number) =>
  new SessionStore(redis.redis, redis.scripts, {
    prefix: redis.prefix,
    cipher: testCipher,
    retentionMs: 60_000,
    ...(lockTtlMs ? { lockTtlMs } : {}),
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

describe("a turn that outlives its conversation's lock", () => {
  const key = { channel: "telegram" as const, userId: "444" };
  const draftAt = (stepId: string): Session => ({
    v: 1,
    flowId: "pengaduan",
    stepId,
    answers: {},
    editing: false,
    submissionId: randomUUID(),
    startedAt: Date.now(),
    updatedAt: Date.now(),
  });

  /**
   * A turn of `person` held up (a database stall) in one bot process past its 200 ms lock while
   * `meanwhile` runs in another process; then it tries to save `commit`.
   */
  async function stalledTurn(
    person: ConversationKey,
    commit: Commit,
    meanwhile: (other: SessionStore) => Promise<unknown>,
  ): Promise<{ saved: Promise<string>; other: SessionStore }> {
    const [slow, other] = [botProcess(200), botProcess(200)];
    let started: () => void = () => undefined;
    const turnStarted = new Promise<void>((resolve) => (started = resolve));
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const saved = slow.turn(person, commit.messageId, async () => {
      started();
      await resumed;
      return { value: "slow", commit };
    });
    await turnStarted;
    await sleep(250);
    await meanwhile(other);
    resume();
    return { saved, other };
  }

  it("saves nothing once another turn took the lock, and leaves its message to be handled again", async () => {
    // The person's next message reaches another process, which takes the expired lock.
    const { saved, other } = await stalledTurn(
      key,
      { messageId: "m1", session: draftAt("lama") },
      (quick) =>
        quick.turn(key, "m2", () =>
          Promise.resolve({
            value: "quick",
            commit: { messageId: "m2", session: draftAt("baru") },
          }),
        ),
    );
    await expect(saved).rejects.toThrow(/another turn took it/);
    const after = await other.turn(key, "m1", (state) =>
      Promise.resolve({ value: { step: state.session?.stepId, seen: state.seen } }),
    );
    expect(after).toEqual({ step: "baru", seen: false });
  });

  it("saves nothing of a person whose data was erased meanwhile by another process", async () => {
    const erased = { channel: "telegram" as const, userId: "666" };
    // The person's next message, /hapusdata confirmed, reaches another process.
    const { saved, other } = await stalledTurn(
      erased,
      {
        messageId: "m4",
        session: draftAt("lama"),
        seenAs: { username: "warga_lupa", displayName: "Siti" },
      },
      (quick) =>
        quick.turn(erased, "m5", () =>
          Promise.resolve({ value: "erased", commit: { messageId: "m5", forget: {} } }),
        ),
    );
    await expect(saved).rejects.toThrow(/erased meanwhile/);
    const pseudonym = testCipher.pseudonym(erased.userId);
    const keys = await redis.redis.keys(`${redis.prefix}:*`);
    expect(keys.filter((name) => name.includes(pseudonym))).toEqual([]);
    expect(await other.usernameHolder("telegram", "warga_lupa")).toBeUndefined();
  });

  it("saves its outcome when nothing else happened in the conversation meanwhile", async () => {
    const store = botProcess(100);
    const other = { channel: "telegram" as const, userId: "555" };
    await store.turn(other, "m3", async () => {
      await sleep(250);
      return { value: undefined, commit: { messageId: "m3", session: draftAt("lambat") } };
    });
    const after = await store.turn(other, "m3", (state) =>
      Promise.resolve({ value: { step: state.session?.stepId, seen: state.seen } }),
    );
    expect(after).toEqual({ step: "lambat", seen: true });
  });
});
