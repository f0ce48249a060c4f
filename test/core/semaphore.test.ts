import { describe, expect, it } from "vitest";
import { Semaphore } from "../../src/core/semaphore.js";

/** A task that runs until `finish` is called, recording when it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("Semaphore", () => {
  it("runs at most its limit at once, then the waiting in the order they came", async () => {
    const semaphore = new Semaphore(2);
    const started: string[] = [];
    const a = gate(started, "a");
    const b = gate(started, "b");
    const c = gate(started, "c");
    const d = gate(started, "d");
    const results = [a, b, c, d].map((g) => semaphore.run(g.task));
    await settle();
    expect(started).toEqual(["a", "b"]);
    b.finish();
    await settle();
    expect(started).toEqual(["a", "b", "c"]);
    a.finish();
    c.finish();
    d.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
    expect(started).toEqual(["a", "b", "c", "d"]);
  });

  it("frees the place of a task that fails, and passes its error on", async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error("lock timeout")))).rejects.toThrow(
      "lock timeout",
    );
    expect(await semaphore.run(() => Promise.resolve("next"))).toBe("next");
  });
});
