import { describe, expect, it } from "vitest";
import {
  generateTrackingCode,
  normalizeTrackingCode,
  TRACKING_ALPHABET,
  TRACKING_CODE_PATTERN,
  trackingCodeOf,
} from "../../../src/core/reports/tracking-code.js";

describe("tracking codes", () => {
  it("are short, prefixed and free of characters that are easy to confuse", () => {
    const codes = Array.from({ length: 2000 }, () => generateTrackingCode("ADU"));
    for (const code of codes) expect(code).toMatch(/^ADU-[2-9A-HJKMNP-Z]{6}$/);
    expect(TRACKING_ALPHABET).not.toMatch(/[01OIL]/);
    // Drawn at random from 31^6 ≈ 887 million codes: among 2,000 draws one pair repeats about
    // once in 450 runs (the birthday bound), three pairs once in 500 million; a generator
    // that was not random would repeat far more.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(codes.length - 2);
  });

  it("are told at Kirim from the submission: the same one always, different ones apart", () => {
    // Fixed submission ids, so the outcome is too: 2,000 random ones would share a code about
    // once in 450 runs, which the intake resolves by telling the second reporter a new number.
    const ids = Array.from(
      { length: 2000 },
      (_, index) => `0192f3a4-7b1c-7d2e-8f30-${index.toString(16).padStart(12, "0")}`,
    );
    const codes = ids.map((id) => trackingCodeOf(id, "ADU"));
    for (const code of codes) expect(code).toMatch(TRACKING_CODE_PATTERN);
    expect(ids.map((id) => trackingCodeOf(id, "ADU"))).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(trackingCodeOf(ids[0] ?? "", "LPR").slice(4)).toBe(codes[0]?.slice(4));
  });

  it("are read back however a reporter types them", () => {
    // A phone's keyboard may turn the dash into an en or em dash, or a minus sign.
    for (const typed of [
      "ADU-7K3F9Q",
      "adu-7k3f9q",
      "ADU7K3F9Q",
      " 7k3f9q ",
      "adu 7k3 f9q",
      "ADU–7K3F9Q",
      "ADU—7K3F9Q",
      "adu−7k3f9q",
      "ADU-7K3F9Q,",
      "ADU-7K3F9Q:",
      "(ADU-7K3F9Q)",
    ]) {
      expect(normalizeTrackingCode(typed, "ADU")).toBe("ADU-7K3F9Q");
    }
    expect(normalizeTrackingCode("LPR-7K3F9Q", "ADU")).toBe("LPR-7K3F9Q");
  });

  it("are refused when they cannot be codes", () => {
    for (const typed of [
      "ADU-7K3F9",
      "ADU-7K3F9O",
      "ADU-1K3F9Q",
      "hello world",
      "",
      "ADU-7K3F9Q9",
    ]) {
      expect(normalizeTrackingCode(typed, "ADU")).toBeUndefined();
    }
  });
});
