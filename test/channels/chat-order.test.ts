import { describe, expect, it } from "vitest";
import { ChatOrder } from "../../src/channels/chat-order.js";

/** A task that finishes when told to, noting when it started and ended. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const task = async () => {
    log.push(`${name} starts`);
    await opened;
    log.push(`${name} ends`);
  };
  return { task, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("messages of one chat in order", () => {
  it("starts a chat's next message only once the one before it has been handled", async () => {
    const order = new ChatOrder();
    const log: string[] = [];
    const first = gate(log, "first");
    const second = gate(log, "second");
    const failed: unknown[] = [];
    const done = [
      order.run("7", first.task, (error) => failed.push(error)),
      order.run("7", second.task, (error) => failed.push(error)),
    ];
    await settle();
    expect(log).toEqual(["first starts"]);
    second.open();
    await settle();
    expect(log).toEqual(["first starts"]);
    first.open();
    await Promise.all(done);
    expect(log).toEqual(["first starts", "first ends", "second starts", "second ends"]);
    expect(failed).toEqual([]);
  });

  it("handles different chats side by side", async () => {
    const order = new ChatOrder();
    const log: string[] = [];
    const slow = gate(log, "slow");
    const quick = gate(log, "quick");
    const noFailure = () => undefined;
    const slowDone = order.run("7", slow.task, noFailure);
    const quickDone = order.run("8", quick.task, noFailure);
    await settle();
    expect(log).toEqual(["slow starts", "quick starts"]);
    quick.open();
    await quickDone;
    expect(log).toEqual(["slow starts", "quick starts", "quick ends"]);
    slow.open();
    await slowDone;
  });

  it("goes on with a chat after a message that failed, and says why it failed", async () => {
    const order = new ChatOrder();
    const failed: unknown[] = [];
    const handled: string[] = [];
    const broken = order.run(
      "7",
      () => Promise.reject(new Error("database down")),
      (error) => failed.push(error),
    );
    const next = order.run(
      "7",
      async () => {
        handled.push("next");
      },
      (error) => failed.push(error),
    );
    await expect(broken).resolves.toBeUndefined();
    await next;
    expect(handled).toEqual(["next"]);
    expect(failed).toEqual([new Error("database down")]);
  });

  it("is idle once every message given so far has been handled", async () => {
    const order = new ChatOrder();
    const log: string[] = [];
    const pending = gate(log, "pending");
    void order.run("7", pending.task, () => undefined);
    let idle = false;
    const waiting = order.idle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    pending.open();
    await waiting;
    expect(log).toEqual(["pending starts", "pending ends"]);
  });
});
