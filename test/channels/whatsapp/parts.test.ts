import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryProgress } from "../../../src/channels/channel.js";
import { renderMessages } from "../../../src/channels/whatsapp/render.js";
import { WhatsAppChannel } from "../../../src/channels/whatsapp/whatsapp-channel.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { PNG } from "../../support/engine-harness.js";
import { FakeWhatsApp } from "../../support/fake-whatsapp.js";
import { silentLogger, temporaryDirectory } from "../../support/services.js";

/**
 * A message too long for one WhatsApp message goes as several (then its files); when WhatsApp
 * fails a later part, the retry the outbound worker makes starts at that part: the recipient
 * never gets one twice.
 */

const whatsapp = new FakeWhatsApp();
const sessions = temporaryDirectory();
let channel: WhatsAppChannel;

beforeAll(async () => {
  whatsapp.linked = true;
  channel = new WhatsAppChannel({
    createClient: whatsapp.createClient,
    sessionDir: sessions.path,
    maxMediaBytes: 1024 * 1024,
    files: { read: () => Promise.resolve(PNG) },
    sendPerMinute: 6000,
    logger: silentLogger,
    console: { write: () => true } as unknown as NodeJS.WritableStream,
  });
  await channel.start({ handle: async () => [], shown: async () => undefined });
});

afterAll(async () => {
  await channel.stop();
  sessions.remove();
});

/** A `/lihat` long enough for three messages, with an option after the last. */
const longMessage: OutboundMessage = {
  text: [
    {
      text: Array.from({ length: 400 }, (_, line) => `Baris ${line + 1} riwayat laporan`).join(
        "\n",
      ),
    },
  ],
  choices: [[{ value: "ok", label: "Oke" }]],
};

/** Sends as the outbound worker does: after a failure, again from where the last try got. */
async function sendWithRetries(chatId: string, message: OutboundMessage) {
  let resume: DeliveryProgress | undefined;
  const onProgress = async (progress: DeliveryProgress) => {
    resume = progress;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await channel.send(chatId, message, { ...(resume ? { resume } : {}), onProgress });
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe("a WhatsApp message sent in parts", () => {
  it("is retried from the part that failed, keeping the last part's id and every part's", async () => {
    const chat = "6281200000001@c.us";
    const parts = renderMessages(longMessage);
    expect(parts).toHaveLength(3);
    whatsapp.failNextSend(new Error("Protocol error: Target closed."), (_, text) =>
      text.startsWith(parts[1]?.slice(0, 40) ?? "-"),
    );
    whatsapp.failNextSend(new Error("Protocol error: Target closed."), (_, text) =>
      text.endsWith("*1.* Oke"),
    );

    const result = await sendWithRetries(chat, longMessage);

    expect(whatsapp.textsTo(chat)).toEqual(parts);
    expect(result.platformMessageId).toBe(whatsapp.sentTo(chat).at(-1)?.id);
    // Those of parts an earlier attempt sent too: a reply may quote any.
    expect(result.partMessageIds).toEqual(whatsapp.sentTo(chat).map((sent) => sent.id));
  });

  it("sends a photo that failed again without its text, keeping the text's id", async () => {
    const chat = "6281200000002@c.us";
    const withPhoto: OutboundMessage = {
      text: [{ text: "Foto pendukung laporan ADU-7K3F9Q" }],
      files: [
        {
          kind: "photo",
          mime: "image/png",
          storagePath: "ab/photo.png",
          size: PNG.length,
          caption: "Foto dari pelapor",
        },
      ],
    };
    whatsapp.failNextSend(new Error("Protocol error: Target closed."), (_, text) =>
      text.startsWith("Foto dari pelapor"),
    );

    const result = await sendWithRetries(chat, withPhoto);

    expect(whatsapp.textsTo(chat)).toEqual([
      "Foto pendukung laporan ADU-7K3F9Q",
      "Foto dari pelapor",
    ]);
    expect(whatsapp.mediaTo(chat)).toHaveLength(1);
    expect(result.platformMessageId).toBe(whatsapp.sentTo(chat)[0]?.id);
    // A reply quoting the photo is about the message as much as one quoting its text.
    expect(result.partMessageIds).toEqual(whatsapp.sentTo(chat).map((sent) => sent.id));
  });
});

describe("a WhatsApp message to an address that is no chat", () => {
  it("is refused for good with a reason that keeps the number out of logs and rows", async () => {
    const error = await channel.send("6281234567890", { text: [{ text: "Halo" }] }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ permanent: true });
    expect(String(error)).toContain("*********7890 is not a chat id");
    expect(String(error)).not.toContain("628123456");
  });
});
