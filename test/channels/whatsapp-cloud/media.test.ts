import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphClient } from "../../../src/channels/whatsapp/cloud/graph-client.js";
import { MediaTooLargeError, MediaUnavailableError } from "../../../src/core/media/media-store.js";
import type { InboundMessage, IncomingMedia } from "../../../src/core/messages.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import { PNG } from "../../support/engine-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import { eventually } from "../../support/wait.js";

const MAX = 4096;
const PDF = Buffer.from("%PDF-1.4\n% surat\n");
let harness: CloudHarness;
let citizen: FakeCloudCitizen;

beforeAll(async () => {
  harness = await startCloudHarness({
    maxMediaBytes: MAX,
    files: { read: async (file) => (file.storagePath.endsWith(".pdf") ? PDF : PNG) },
  });
  citizen = harness.fake.citizen("6281234500005");
});

afterAll(async () => {
  await harness.stop();
});

async function photoSent(
  bytes: Buffer,
  options: { declaresSize?: boolean } = {},
): Promise<{ media: IncomingMedia; mediaId: string }> {
  const caption = `foto ${Math.random()}`;
  const mediaId = citizen.sendPhoto(bytes, { caption, ...options });
  const message: InboundMessage = await eventually(() =>
    harness.inbound.find(
      (each) => each.content.kind === "attachment" && each.content.caption === caption,
    ),
  );
  if (message.content.kind !== "attachment") throw new Error("not an attachment");
  return { media: message.content.media, mediaId };
}

describe("files citizens send", () => {
  it("are downloaded with the token by media id", async () => {
    const { media } = await photoSent(PNG);
    expect(await media.download()).toEqual(PNG);
  });

  it("above the size limit are refused before downloading when Meta states the size", async () => {
    const downloads = harness.fake.downloads;
    const { media } = await photoSent(Buffer.alloc(MAX + 1));
    await expect(media.download()).rejects.toEqual(new MediaTooLargeError(MAX + 1));
    expect(harness.fake.downloads).toBe(downloads);
  });

  it("above the size limit are refused while downloading when Meta does not state the size", async () => {
    const { media } = await photoSent(Buffer.alloc(MAX * 3), { declaresSize: false });
    await expect(media.download()).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it("Meta no longer has are reported as unavailable", async () => {
    const { media, mediaId } = await photoSent(PNG);
    harness.fake.expireMedia(mediaId);
    await expect(media.download()).rejects.toBeInstanceOf(MediaUnavailableError);
  });
});

describe("files staff send", () => {
  it("are uploaded and then sent by their media id", async () => {
    const client = new GraphClient({
      apiRoot: harness.fake.apiRoot,
      apiVersion: "v26.0",
      accessToken: harness.fake.accessToken,
      phoneNumberId: harness.fake.phoneNumberId,
    });
    const mediaId = await client.uploadMedia(PNG, "image/png", "bukti.png");
    expect(harness.fake.uploads.get(mediaId)).toEqual({
      bytes: PNG,
      mimeType: "image/png",
      fileName: "bukti.png",
    });
    citizen.send("ada bukti?");
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
    const wamid = await client.send(citizen.waId, {
      type: "image",
      image: { id: mediaId, caption: "Sudah diperbaiki" },
    });
    expect(
      harness.fake.messagesTo(citizen.waId).find((sent) => sent.id === wamid)?.body.image,
    ).toEqual({
      id: mediaId,
      caption: "Sudah diperbaiki",
    });
  });
});

describe("files a message carries", () => {
  it("follow its text, each uploaded and sent by its media id, replying to the card", async () => {
    citizen.send("ada kabar?");
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
    const before = harness.fake.messagesTo(citizen.waId).length;
    const result = await harness.channel.send(
      citizen.chatId,
      {
        text: [{ text: "Lampiran dari petugas untuk laporan ADU-7K3F9Q" }],
        files: [
          {
            kind: "photo",
            storagePath: `aa/${"a".repeat(64)}.png`,
            mime: "image/png",
            size: PNG.length,
            name: "foto-1.png",
          },
          {
            kind: "document",
            storagePath: `bb/${"b".repeat(64)}.pdf`,
            mime: "application/pdf",
            size: PDF.length,
            name: "berita-acara.pdf",
            caption: "Dokumen diteruskan apa adanya.",
          },
        ],
      },
      { replyTo: "wamid.card" },
    );
    const sent = harness.fake.messagesTo(citizen.waId).slice(before);
    expect(sent.map((message) => message.type)).toEqual(["text", "image", "document"]);
    expect(result.platformMessageId).toBe(sent[0]?.id);
    const image = sent[1]?.body.image as { id: string };
    const document = sent[2]?.body.document as { id: string; filename: string; caption: string };
    expect(harness.fake.uploads.get(image.id)).toEqual({
      bytes: PNG,
      mimeType: "image/png",
      fileName: "foto-1.png",
    });
    expect(harness.fake.uploads.get(document.id)?.bytes).toEqual(PDF);
    expect(document).toMatchObject({
      filename: "berita-acara.pdf",
      caption: "Dokumen diteruskan apa adanya.",
    });
    expect(sent[1]?.body.context).toEqual({ message_id: "wamid.card" });
  });
});
