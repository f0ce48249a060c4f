import { randomUUID } from "node:crypto";
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
    // Drawn at random from 31^6 ≈ 887 million codes: 2,000 draws practically never repeat.
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are told at Kirim from the submission: the same one always, different ones apart", () => {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
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
