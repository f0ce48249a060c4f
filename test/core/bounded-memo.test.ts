import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/core/bounded-memo.js";

describe("BoundedMemo", () => {
  it("computes a key's value once and hands the remembered one out after", () => {
    const memo = new BoundedMemo<string, number>(10);
    let computed = 0;
    const length = (key: string) => {
      computed++;
      return key.length;
    };
    expect(memo.getOrAdd("pasar", length)).toBe(5);
    expect(memo.getOrAdd("pasar", length)).toBe(5);
    expect(computed).toBe(1);
  });

  it("forgets everything when a new key would pass its limit, but not for a key it holds", () => {
    const memo = new BoundedMemo<string, number>(2);
    memo.set("a", 1);
    memo.set("b", 2);
    memo.set("b", 3);
    expect([memo.get("a"), memo.get("b")]).toEqual([1, 3]);
    memo.set("c", 4);
    expect([memo.get("a"), memo.get("b"), memo.get("c")]).toEqual([undefined, undefined, 4]);
  });

  it("forgets a deleted key", () => {
    const memo = new BoundedMemo<string, number>(2);
    memo.set("a", 1);
    memo.delete("a");
    expect(memo.get("a")).toBeUndefined();
  });
});
