import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../src/core/messages.js";
import type { TelegramChannel } from "../../../src/channels/telegram/telegram-channel.js";
import { template } from "../../../src/core/text.js";
import { FakeTelegram, visibleText } from "../../support/fake-telegram.js";
import { telegramChannelOn } from "../../support/telegram-channel.js";
import { eventually } from "../../support/wait.js";

let fake: FakeTelegram;
let channel: TelegramChannel;
/** What the handler was given and finished, in order. */
const log: string[] = [];
/** Texts whose handling waits until the test lets it finish. */
const held = new Map<string, { release: () => void; released: Promise<void> }>();

function hold(text: string): () => void {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  held.set(text, { release, released });
  return release;
}

const textOf = (message: InboundMessage) =>
  message.content.kind === "text" ? message.content.text : message.content.kind;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  channel = telegramChannelOn(fake);
  await channel.start({
    handle: async (message) => {
      const text = textOf(message);
      log.push(`${text} starts`);
      await held.get(text)?.released;
      log.push(`${text} ends`);
      return [{ text: template("Diterima: {text}", { text }) }];
    },
  });
  await eventually(() => channel.health().ok, { what: "the channel to poll" });
});

afterAll(async () => {
  await channel.stop();
  await channel.close();
  await fake.stop();
});

describe("Telegram updates", () => {
  it("are handled one after another within a chat, and chats side by side", async () => {
    const release = hold("satu");
    const siti = fake.citizen(801, "Siti");
    const budi = fake.citizen(802, "Budi");
    siti.send("satu");
    siti.send("dua");
    await eventually(() => log.includes("satu starts"), { what: "the first message to start" });
    budi.send("tiga");
    await budi.expect("Diterima: tiga");
    // Siti's second message waits for her first, however long it takes; Budi's does not.
    expect(log).not.toContain("dua starts");
    release();
    await siti.expect("Diterima: dua");
    expect(log.filter((line) => /satu|dua/.test(line))).toEqual([
      "satu starts",
      "satu ends",
      "dua starts",
      "dua ends",
    ]);
    expect(fake.messagesTo(801).map((message) => visibleText(message.text))).toEqual([
      "Diterima: satu",
      "Diterima: dua",
    ]);
  });
});
