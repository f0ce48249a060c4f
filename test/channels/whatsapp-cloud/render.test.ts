import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudMessageContent } from "../../../src/channels/whatsapp/cloud/message-content.js";
import {
  LIST_BUTTON,
  renderCloudMessage,
  renderCloudReply,
} from "../../../src/channels/whatsapp/cloud/render.js";
import type { Choice, OutboundMessage } from "../../../src/core/messages.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";

const options = (...labels: string[]): Choice[][] => [
  labels.map((label, index) => ({ value: `opt:${index + 1}`, label })),
];

/** What a message renders to when it fits one message on the Cloud API. */
function renderOne(message: OutboundMessage): CloudMessageContent {
  const [content, ...more] = renderCloudMessage(message);
  if (!content || more.length > 0) throw new Error(`${1 + more.length} messages, not one`);
  return content;
}

const ask = (choices: Choice[][], text = "Pilih salah satu"): OutboundMessage => ({
  text: [{ text }],
  choices,
});

describe("choices on the Cloud API", () => {
  it("become reply buttons when there are at most three short labels", () => {
    expect(renderOne(ask(options("Ya", "Tidak")))).toEqual({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Pilih salah satu" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "opt:1", title: "Ya" } },
            { type: "reply", reply: { id: "opt:2", title: "Tidak" } },
          ],
        },
      },
    });
  });

  it("stay buttons up to a label of exactly 20 characters", () => {
    const content = renderOne(ask(options("Ubah lokasi kejadian", "Kirim")));
    expect(content).toMatchObject({ interactive: { type: "button" } });
  });

  it("become a list when a label is longer than a button's 20 characters", () => {
    const content = renderOne(ask(options("Kirim", "Ubah lokasi kejadiannya", "Batal")));
    expect(content).toMatchObject({
      interactive: { type: "list", action: { button: LIST_BUTTON } },
    });
  });

  it("become a list of up to ten rows; a label cut to the row's 24 characters is shown whole below", () => {
    const labels = [
      "Jalan rusak",
      "Lampu jalan mati",
      "Sampah menumpuk di pinggir jalan",
      "Air",
      "Listrik",
      "Banjir",
      "Parkir",
      "Pasar",
      "Taman",
      "Lainnya",
    ];
    const content = renderOne(ask(options(...labels)));
    if (content.type !== "interactive" || content.interactive.type !== "list")
      throw new Error("not a list");
    const rows = content.interactive.action.sections.flatMap((section) => section.rows);
    expect(rows).toHaveLength(10);
    expect(rows[2]).toEqual({
      id: "opt:3",
      title: "Sampah menumpuk di ping…",
      description: "Sampah menumpuk di pinggir jalan",
    });
    expect(rows.every((row) => row.title.length <= 24)).toBe(true);
  });

  it("fall back to numbered text beyond ten options, typed back by number", () => {
    const labels = Array.from({ length: 11 }, (_, index) => `Kategori ${index + 1}`);
    const content = renderOne(ask(options(...labels)));
    expect(content.type).toBe("text");
    if (content.type !== "text") return;
    expect(content.text.body).toContain("*1.* Kategori 1");
    expect(content.text.body).toContain("*11.* Kategori 11");
  });

  it("in a reply, stay buttons under a text longer than an interactive body's 1,024 characters: its last lines carry them", () => {
    const lines = Array.from(
      { length: 30 },
      (_, index) => `Jawaban ${index + 1}: ${"x".repeat(40)}`,
    );
    const summary = [...lines, "Tekan Kirim untuk mengirim laporan."].join("\n");
    const question = ask(options("Kirim", "Ubah", "Batal"), summary);
    // A notice or card the outbox sends stays one message, quoted by its one id.
    expect(renderOne(question).type).toBe("text");
    const contents = renderCloudReply(question);

    expect(contents.map((content) => content.type)).toEqual(["text", "interactive"]);
    const [lead, last] = contents;
    if (lead?.type !== "text" || last?.type !== "interactive") return;
    if (last.interactive.type !== "button") throw new Error("expected reply buttons");
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(1024);
    expect(last.interactive.body.text.endsWith("Tekan Kirim untuk mengirim laporan.")).toBe(true);
    expect(last.interactive.action.buttons.map((button) => button.reply.title)).toEqual([
      "Kirim",
      "Ubah",
      "Batal",
    ]);
    // Every line once, in order, cut at a line break.
    expect(`${lead.text.body}\n${last.interactive.body.text}`).toBe(summary);
  });

  it("in a reply, keep a long line cut for the buttons whole in the lead text, with no line break added at the cut", () => {
    // One paragraph longer than two interactive bodies, then a blank line and the prompt.
    const words = Array.from({ length: 300 }, (_, index) => `kata${index + 1}`).join(" ");
    const summary = `Uraian: ${words}\n\nTekan Kirim untuk mengirim laporan.`;
    const contents = renderCloudReply(ask(options("Kirim", "Ubah", "Batal"), summary));

    const [lead, last] = contents;
    if (lead?.type !== "text" || last?.type !== "interactive") throw new Error("not split");
    // The paragraph goes on where the lead stops: one space apart, as it was written.
    expect(lead.text.body).not.toContain("\n");
    expect(`${lead.text.body} ${last.interactive.body.text}`).toBe(summary);
  });
});

describe("other messages on the Cloud API", () => {
  it("offer WhatsApp's send-location button for a location step, options written below", () => {
    const content = renderOne({
      text: [{ text: "Di mana lokasinya?" }],
      choices: options("Lewati"),
      input: { kind: "location", label: "Bagikan lokasi" },
    });
    expect(content).toEqual({
      type: "interactive",
      interactive: {
        type: "location_request_message",
        body: { text: "Di mana lokasinya?\n\n*1.* Lewati" },
        action: { name: "send_location" },
      },
    });
  });

  it("in a reply, keep the send-location button under a location question too long for one body, its options written below it", () => {
    const question = (text: string): OutboundMessage => ({
      text: [{ text }],
      choices: options("Lewati", "Tetap jawaban sekarang"),
      input: { kind: "location", label: "Bagikan lokasi" },
    });
    const prompt = "Di mana lokasinya? Bagikan lokasi, atau ketik alamatnya.";
    const lines = (count: number) =>
      Array.from({ length: count }, (_, index) => `Catatan ${index + 1}: ${"x".repeat(40)}`);
    // Text that fits a body alone but not with the options (1,001 characters); text longer than
    // a body whose last 1,024 characters leave no room for the options (2,008).
    for (const text of [[...lines(18), prompt].join("\n"), [...lines(37), prompt].join("\n")]) {
      const contents = renderCloudReply(question(text));

      expect(contents.map((content) => content.type)).toEqual(["text", "interactive"]);
      const [lead, last] = contents;
      if (lead?.type !== "text" || last?.type !== "interactive") return;
      if (last.interactive.type !== "location_request_message")
        throw new Error("expected the send-location button");
      const body = last.interactive.body.text;
      expect(body.length).toBeLessThanOrEqual(1024);
      expect(body.endsWith(`${prompt}\n\n*1.* Lewati\n*2.* Tetap jawaban sekarang`)).toBe(true);
      expect(lead.text.body).not.toContain("*1.*");
      // Every line once, in order, cut at a line break.
      expect(`${lead.text.body}\n${body.split("\n\n*1.*")[0] ?? ""}`).toBe(text);
    }
  });

  it("format bold spans but never the citizen's own markers", () => {
    const content = renderOne({
      text: [
        { text: "Laporan ", bold: false },
        { text: "ADU-7K3F9Q", bold: true },
        { text: " *bukan tebal*" },
      ],
    });
    expect(content).toEqual({
      type: "text",
      text: { body: "Laporan *ADU-7K3F9Q* \u2217bukan tebal\u2217", preview_url: false },
    });
  });

  it("send a text beyond 4,096 characters whole, in parts cut at line breaks, the options after the last", () => {
    const lines = Array.from(
      { length: 120 },
      (_, index) => `Baris ${index + 1}: ${"x".repeat(40)}`,
    );
    const parts = renderCloudMessage({
      text: [{ text: lines.join("\n") }],
      choices: options(...Array.from({ length: 12 }, (_, index) => `Opsi ${index + 1}`)),
    });
    const bodies = parts.map((part) => (part.type === "text" ? part.text.body : ""));
    expect(bodies).toHaveLength(2);
    expect(bodies.every((body) => body.length > 0 && body.length <= 4096)).toBe(true);
    expect(
      bodies
        .join("\n")
        .split("\n")
        .filter((line) => line.startsWith("Baris")),
    ).toEqual(lines);
    expect(bodies[0]).not.toContain("*1.* Opsi 1");
    expect(bodies[1]).toContain("*12.* Opsi 12");
  });
});

describe("what Meta accepts", () => {
  let harness: CloudHarness;

  beforeAll(async () => {
    harness = await startCloudHarness();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it("takes every rendering within its limits, as the fake Graph API checks them", async () => {
    const citizen = harness.fake.citizen("6281234500002");
    citizen.send("halo");
    await harness.lastInbound.record(citizen.chatId, new Date());
    const messages: OutboundMessage[] = [
      ask(options("Ya", "Tidak", "Nanti")),
      ask(
        options(
          ...Array.from(
            { length: 10 },
            (_, index) => `Pilihan yang cukup panjang nomor ${index + 1}`,
          ),
        ),
      ),
      ask(options(...Array.from({ length: 12 }, (_, index) => `Opsi ${index + 1}`))),
      { text: [{ text: "Di mana?" }], input: { kind: "location", label: "Lokasi" } },
      { text: [{ text: "x".repeat(9000) }] },
    ];
    for (const message of messages) await harness.channel.send(citizen.chatId, message);
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual([
      "interactive",
      "interactive",
      "text",
      "interactive",
      "text",
      "text",
      "text",
    ]);
  });
});
