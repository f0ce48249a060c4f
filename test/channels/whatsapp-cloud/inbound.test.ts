import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../src/core/messages.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import { PNG } from "../../support/engine-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import { eventually } from "../../support/wait.js";

let harness: CloudHarness;
let siti: FakeCloudCitizen;

beforeAll(async () => {
  harness = await startCloudHarness({
    // The engine answers "/pilih" with choices, so the citizen has buttons and a list to use.
    reply: (message) =>
      message.content.kind === "text" && message.content.text === "/pilih"
        ? [
            {
              text: [{ text: "Apakah laporan ini anonim?" }],
              choices: [
                [
                  { value: "anon:ya", label: "Ya" },
                  { value: "anon:tidak", label: "Tidak" },
                ],
              ],
            },
            {
              text: [{ text: "Pilih kategori" }],
              choices: [
                ["Jalan", "Air", "Listrik", "Sampah"].map((label) => ({
                  value: `cat:${label.toLowerCase()}`,
                  label,
                })),
              ],
            },
          ]
        : [],
  });
  siti = harness.fake.citizen("6281234500001", "Siti Aminah");
});

afterAll(async () => {
  await harness.stop();
});

function received(messageId: string): Promise<InboundMessage> {
  return eventually(() => harness.inbound.find((message) => message.messageId === messageId), {
    what: `inbound ${messageId}`,
  });
}

describe("citizens' messages over the Cloud API", () => {
  it("reads a text with the sender's number, profile name and the wamid as message id", async () => {
    const id = siti.send("/lapor");
    expect(await received(id)).toMatchObject({
      channel: "whatsapp",
      chatId: "6281234500001@c.us",
      messageId: id,
      user: { id: "6281234500001@c.us", displayName: "Siti Aminah", phone: "+6281234500001" },
      content: { kind: "text", text: "/lapor" },
    });
  });

  it("reads a pressed reply button and a picked list row as the option's value", async () => {
    siti.send("/pilih");
    await siti.expect("Apakah laporan ini anonim?");
    await siti.expect("Pilih kategori");
    const pressed = await received(siti.press("Tidak"));
    expect(pressed.content).toEqual({ kind: "choice", value: "anon:tidak" });
    const picked = await received(siti.press("Listrik"));
    expect(picked.content).toEqual({ kind: "choice", value: "cat:listrik" });
  });

  it("reads a shared location", async () => {
    const location = await received(siti.shareLocation(-6.2088, 106.8456));
    expect(location.content).toEqual({ kind: "location", latitude: -6.2088, longitude: 106.8456 });
    const place = { name: "SD Negeri 3", address: "Jl. Melati No. 3,\nMenteng" };
    const picked = await received(siti.shareLocation(-6.2001, 106.8001, place));
    expect(picked.content).toEqual({
      kind: "location",
      latitude: -6.2001,
      longitude: 106.8001,
      place: "SD Negeri 3, Jl. Melati No. 3, Menteng",
    });
  });

  it("keeps a photo's caption and downloads the photo by its media id only when asked", async () => {
    const before = harness.fake.downloads;
    const mediaId = siti.sendPhoto(PNG, { caption: "Lubang di Jl. Merdeka" });
    const photo = await eventually(() =>
      harness.inbound.find(
        (message) =>
          message.content.kind === "attachment" &&
          message.content.caption === "Lubang di Jl. Merdeka",
      ),
    );
    if (photo.content.kind !== "attachment") throw new Error("not an attachment");
    expect(photo.content.media.kind).toBe("photo");
    expect(harness.fake.downloads).toBe(before);
    expect(await photo.content.media.download()).toEqual(PNG);
    expect(mediaId).toMatch(/^\d+$/);
  });

  it("keeps a document's file name", async () => {
    siti.sendDocument(Buffer.from("%PDF-1.4 surat"), "surat-rt.pdf", "application/pdf");
    const document = await eventually(() =>
      harness.inbound.find(
        (message) =>
          message.content.kind === "attachment" && message.content.media.kind === "document",
      ),
    );
    if (document.content.kind !== "attachment") throw new Error("not an attachment");
    expect(document.content.media.fileName).toBe("surat-rt.pdf");
    expect((await document.content.media.download()).toString()).toBe("%PDF-1.4 surat");
  });

  it("links a reply to the bot's message it quotes", async () => {
    siti.send("/pilih");
    const question = await siti.expect("Apakah laporan ini anonim?");
    const reply = await received(siti.send("Lokasinya di depan pasar", { replyTo: question }));
    expect(reply.replyTo).toEqual({ messageId: question.id });
    expect(reply.content).toEqual({ kind: "text", text: "Lokasinya di depan pasar" });
  });

  it("names kinds it cannot use in both languages", async () => {
    const names = [];
    for (const kind of ["sticker", "video", "audio", "voice"] as const)
      names.push((await received(siti.sendUnsupported(kind))).content);
    expect(names).toEqual([
      { kind: "unsupported", what: "stiker / sticker" },
      { kind: "unsupported", what: "video" },
      { kind: "unsupported", what: "audio" },
      { kind: "unsupported", what: "pesan suara / voice note" },
    ]);
  });

  it("tells an edit and a message Meta could not hand over from a kind it names", async () => {
    const edited = await received(siti.sendUnreadable("edit"));
    expect(edited.content).toEqual({ kind: "unsupported", edited: true });
    const poll = await received(siti.sendUnreadable("poll_creation"));
    expect(poll.content).toEqual({ kind: "unsupported", what: "polling / poll" });
    // A deleted message, or one Meta does not say what it was: nothing to name.
    const unknown = await received(siti.sendUnreadable());
    expect(unknown.content).toEqual({ kind: "unsupported" });
  });

  it("hands on a message Meta delivers twice with the same message id both times", async () => {
    const id = siti.send("Ada tambahan", { twice: true });
    const both = await eventually(() => {
      const copies = harness.inbound.filter((message) => message.messageId === id);
      return copies.length === 2 ? copies : undefined;
    });
    expect(both[0]).toEqual(both[1]);
  });

  it("marks each handled message read, which shows the citizen blue ticks", async () => {
    const id = siti.send("Terima kasih");
    await received(id);
    await eventually(() => harness.fake.reads.includes(id));
  });

  it("remembers when the citizen last wrote, by Meta's timestamp", async () => {
    const id = siti.send("Halo lagi");
    const message = await received(id);
    expect(await harness.lastInbound.lastInboundAt(siti.chatId)).toEqual(message.receivedAt);
  });
});
