import { describe, expect, it } from "vitest";
import { ShownKeyboards } from "../../../src/channels/telegram/keyboards.js";

describe("the reply keyboards shown in private chats", () => {
  it("tell a key pressed on the keyboard replaced since from one pressed on the keyboard now", () => {
    const keyboards = new ShownKeyboards();
    // Message 10 asks anonim? with Ya / Tidak; "Tidak" (11) is answered by rahasia? (13).
    keyboards.shown("7", 10, ["Ya", "Tidak"]);
    expect(keyboards.isStale("7", 11, "Tidak")).toBe(false);
    keyboards.shown("7", 13, ["Ya", "Tidak"]);
    // A second "Tidak" sent (12) before rahasia? was asked is the first question's key.
    expect(keyboards.isStale("7", 12, "Tidak")).toBe(true);
    // Pressed once rahasia? was on screen, the same key answers it.
    expect(keyboards.isStale("7", 14, "Tidak")).toBe(false);
    // Words that were no key, and other chats, are never stale.
    expect(keyboards.isStale("7", 12, "tidak tahu")).toBe(false);
    expect(keyboards.isStale("8", 12, "Tidak")).toBe(false);
  });

  it("count a key pressed before its keyboard was taken away as stale, and know nothing older", () => {
    const keyboards = new ShownKeyboards();
    keyboards.shown("7", 20, ["Pengaduan (ada masalah)", "Aspirasi"]);
    keyboards.shown("7", 22, []);
    expect(keyboards.isStale("7", 21, "Pengaduan (ada masalah)")).toBe(true);
    // Before the first keyboard it knows of, nothing can be told: the press counts.
    expect(keyboards.isStale("7", 5, "Aspirasi")).toBe(false);
  });
});
