import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessages } from "../../../src/channels/telegram/render.js";
import type { TelegramChannel } from "../../../src/channels/telegram/telegram-channel.js";
import { joinLines, template } from "../../../src/core/text.js";
import { FakeTelegram, visibleText } from "../../support/fake-telegram.js";
import { telegramChannelOn } from "../../support/telegram-channel.js";

let fake: FakeTelegram;
let channel: TelegramChannel;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  // Only sends here: never started.
  channel = telegramChannelOn(fake);
});

afterAll(async () => {
  await channel.close();
  await fake.stop();
});

/** A line of `n` emoji: two UTF-16 units each, one character for Telegram. */
const emojiLine = (n: number, marker: string) => `${marker} ${"🙂".repeat(n)}`;

describe("long messages on Telegram", () => {
  it("keep their formatting when only the HTML is longer than the limit", () => {
    const text = template("*Catatan* {body}", { body: "<>".repeat(1500) });
    const [only, ...more] = renderMessages({ text });
    expect(more).toEqual([]);
    expect(only?.text.startsWith("<b>Catatan</b> &lt;&gt;")).toBe(true);
    expect(only?.text).not.toContain("…");
  });

  it("arrive whole in several messages, emoji intact, buttons under the last", async () => {
    const lines = ["A", "B", "C"].map((marker) => template(emojiLine(1500, marker)));
    const result = await channel.send("700", {
      text: joinLines([template("*Laporan panjang*"), ...lines]),
      choices: [[{ value: "ok", label: "Oke" }]],
    });
    const parts = fake.messagesTo(700);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((part) => visibleText(part.text)).join("\n")).toBe(
      ["Laporan panjang", ...["A", "B", "C"].map((marker) => emojiLine(1500, marker))].join("\n"),
    );
    expect(parts[0]?.text.startsWith("<b>Laporan panjang</b>")).toBe(true);
    expect(parts.map((part) => part.reply_markup?.inline_keyboard?.length ?? 0)).toEqual([
      ...parts.slice(1).map(() => 0),
      1,
    ]);
    // The outbox keeps the last part's id: it has the buttons and is nearest the reply box;
    // every part's id too, since a reply may quote any.
    expect(result.platformMessageId).toBe(String(parts.at(-1)?.message_id));
    expect(result.partMessageIds).toEqual(parts.map((part) => String(part.message_id)));
  });

  it("are cut with a visible mark when an edit cannot split them", async () => {
    const sent = await channel.send("701", { text: template("Kartu laporan") });
    await channel.edit("701", sent.platformMessageId ?? "", {
      text: template(`*Kartu* {body}`, { body: "🙂".repeat(5000) }),
      choices: [[{ value: "$d:vr:ADU-XXXXXX", label: "Verifikasi" }]],
    });
    const card = fake.messagesTo(701)[0];
    const visible = visibleText(card?.text ?? "");
    expect(Array.from(visible)).toHaveLength(4096);
    expect(visible.endsWith("🙂 …")).toBe(true);
    expect(card?.text.startsWith("<b>Kartu</b>")).toBe(true);
    expect(card?.reply_markup?.inline_keyboard?.[0]?.[0]?.text).toBe("Verifikasi");
  });
});
