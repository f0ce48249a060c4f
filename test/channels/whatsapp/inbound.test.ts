import { describe, expect, it } from "vitest";
import { toInbound } from "../../../src/channels/whatsapp/inbound.js";
import type { WhatsAppMessage } from "../../../src/channels/whatsapp/transport.js";
import { MediaTooLargeError, MediaUnavailableError } from "../../../src/core/media/media-store.js";
import { PNG } from "../../support/engine-harness.js";

const MAX = 1024;

function message(fields: Partial<WhatsAppMessage>): WhatsAppMessage {
  return {
    id: "false_6281234500001@c.us_3EB0",
    from: "6281234500001@c.us",
    fromMe: false,
    isStatus: false,
    broadcast: false,
    type: "chat",
    body: "",
    hasMedia: false,
    downloadMedia: () => Promise.resolve(undefined),
    ...fields,
  };
}

describe("WhatsApp messages as inbound messages", () => {
  it("reads a text from a person, with their number and profile name", () => {
    expect(toInbound(message({ body: "/lapor", notifyName: "Siti" }), MAX)).toMatchObject({
      channel: "whatsapp",
      chatId: "6281234500001@c.us",
      messageId: "false_6281234500001@c.us_3EB0",
      user: { id: "6281234500001@c.us", displayName: "Siti", phone: "+6281234500001" },
      content: { kind: "text", text: "/lapor" },
    });
  });

  it("cleans what the person controls: file names, captions, texts and profile names", () => {
    const document = toInbound(
      message({
        type: "document",
        hasMedia: true,
        fileName: "laporan\u0007final.pdf",
        body: "lihat\u0000 lampiran\u202e",
        notifyName: "Siti\u202e\nAminah",
      }),
      MAX,
    );
    expect(document?.user.displayName).toBe("Siti Aminah");
    expect(document?.content).toMatchObject({
      kind: "attachment",
      caption: "lihat lampiran",
      media: { fileName: "laporanfinal.pdf" },
    });
    expect(toInbound(message({ body: "Jalan\u0007 rusak\r\n" }), MAX)?.content).toEqual({
      kind: "text",
      text: "Jalan rusak",
    });
  });

  it("keeps no phone number for a linked id (@lid), which hides the number", () => {
    const inbound = toInbound(message({ from: "123456789012345@lid" }), MAX);
    expect(inbound?.user).toEqual({ id: "123456789012345@lid" });
  });

  it("ignores groups, status updates, broadcast lists, channels, its own and system messages", () => {
    const ignored = [
      message({ from: "120363025555@g.us" }),
      message({ from: "status@broadcast", isStatus: true }),
      message({ broadcast: true }),
      message({ from: "120363999@newsletter" }),
      message({ fromMe: true }),
      message({ type: "e2e_notification" }),
      message({ type: "revoked" }),
      message({ type: "reaction" }),
    ];
    expect(ignored.map((each) => toInbound(each, MAX))).toEqual(ignored.map(() => undefined));
  });

  it("reads a shared location", () => {
    const inbound = toInbound(
      message({ type: "location", location: { latitude: -6.2, longitude: 106.8 } }),
      MAX,
    );
    expect(inbound?.content).toEqual({ kind: "location", latitude: -6.2, longitude: 106.8 });
  });

  it("keeps the name and address of a place picked from the app's list", () => {
    const inbound = toInbound(
      message({
        type: "location",
        location: {
          latitude: -6.2001,
          longitude: 106.8001,
          name: "SD Negeri 3",
          address: "Jl. Merdeka No. 1\u0007, Jakarta",
        },
      }),
      MAX,
    );
    expect(inbound?.content).toEqual({
      kind: "location",
      latitude: -6.2001,
      longitude: 106.8001,
      place: "SD Negeri 3, Jl. Merdeka No. 1, Jakarta",
    });
  });

  it("downloads a photo only when asked, and says when WhatsApp no longer has it", async () => {
    let downloads = 0;
    const photo = toInbound(
      message({
        type: "image",
        hasMedia: true,
        body: "lubang",
        downloadMedia: () => {
          downloads += 1;
          return Promise.resolve({ mimetype: "image/png", data: PNG.toString("base64") });
        },
      }),
      MAX,
    );
    expect(downloads).toBe(0);
    if (photo?.content.kind !== "attachment") throw new Error("not an attachment");
    expect(photo.content).toMatchObject({ caption: "lubang", media: { kind: "photo" } });
    expect(await photo.content.media.download()).toEqual(PNG);

    const expired = toInbound(message({ type: "document", hasMedia: true }), MAX);
    if (expired?.content.kind !== "attachment") throw new Error("not an attachment");
    await expect(expired.content.media.download()).rejects.toBeInstanceOf(MediaUnavailableError);
  });

  it("refuses a file above the size limit, before and after downloading it", async () => {
    const claimed = toInbound(
      message({ type: "document", hasMedia: true, fileSize: MAX + 1, fileName: "big.pdf" }),
      MAX,
    );
    if (claimed?.content.kind !== "attachment") throw new Error("not an attachment");
    expect(claimed.content.media.fileName).toBe("big.pdf");
    await expect(claimed.content.media.download()).rejects.toBeInstanceOf(MediaTooLargeError);

    const unclaimed = toInbound(
      message({
        type: "document",
        hasMedia: true,
        downloadMedia: () =>
          Promise.resolve({
            mimetype: "application/pdf",
            data: Buffer.alloc(MAX + 1).toString("base64"),
          }),
      }),
      MAX,
    );
    if (unclaimed?.content.kind !== "attachment") throw new Error("not an attachment");
    await expect(unclaimed.content.media.download()).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it("names kinds of message the bot cannot use in both languages", () => {
    expect(toInbound(message({ type: "ptt", hasMedia: true }), MAX)?.content).toEqual({
      kind: "unsupported",
      what: "pesan suara / voice note",
    });
    // A kind with no name is not named "this message" (the reply says it cannot be read).
    expect(toInbound(message({ type: "interactive" }), MAX)?.content).toEqual({
      kind: "unsupported",
    });
  });
});
