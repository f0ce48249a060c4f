import { describe, expect, it } from "vitest";
import { drawRandomBytes } from "../../src/core/random.js";

describe("drawRandomBytes", () => {
  it("never hands out the same bytes twice, across many refills of its pool", () => {
    const seen = new Set<string>();
    // 16 bytes × 5,000 draws is five pools' worth, so draws straddle refills.
    for (let draw = 0; draw < 5_000; draw++) {
      const bytes = drawRandomBytes(16);
      expect(bytes).toHaveLength(16);
      seen.add(bytes.toString("hex"));
    }
    expect(seen.size).toBe(5_000);
  });

  it("draws more than the pool holds in one go", () => {
    const big = drawRandomBytes(20_000);
    expect(big).toHaveLength(20_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
