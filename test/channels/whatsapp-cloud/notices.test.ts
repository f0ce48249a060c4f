import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NoticeHeldError } from "../../../src/channels/whatsapp/cloud/service-window.js";
import {
  loadTemplates,
  type CloudNotice,
  type TemplateBook,
} from "../../../src/channels/whatsapp/cloud/templates.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import { GRAPH_FAILURES, visibleOf } from "../../support/fake-graph-messages.js";
import { eventually } from "../../support/wait.js";

const HOUR = 60 * 60 * 1000;
const shipped = loadTemplates("config/whatsapp-templates.yaml");

let harness: CloudHarness;
let citizen: FakeCloudCitizen;
let now = new Date("2026-11-30T01:00:00Z");

const answer: OutboundMessage = {
  text: [
    { text: "Tanggapan untuk laporan " },
    { text: "ADU-7K3F9Q", bold: true },
    { text: " dari Dinas PUPR:\nSudah diperbaiki." },
  ],
};
const replied: CloudNotice = {
  kind: "replied",
  language: "id",
  values: {
    code: "ADU-7K3F9Q",
    agency: "Dinas PUPR",
    text: "Lubang sudah ditambal.\nTerima kasih.",
  },
};

async function start(templates: TemplateBook = shipped): Promise<void> {
  harness = await startCloudHarness({ templates, clock: () => now });
  harness.fake.now = () => now;
  harness.fake.approveTemplate("aduan_tanggapan", { languages: ["id", "en"], parameters: 3 });
  harness.fake.approveTemplate("aduan_selesai", {
    languages: ["id", "en"],
    parameters: 3,
    quickReplies: 5,
  });
  citizen = harness.fake.citizen("6281234500003", "Budi");
  citizen.send("/lapor");
  await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
}

beforeEach(() => {
  now = new Date("2026-11-30T01:00:00Z");
});

afterEach(async () => {
  await harness.stop();
});

describe("notices after the citizen's last message", () => {
  it("go free-form within 24 hours", async () => {
    await start();
    now = new Date(now.getTime() + 23 * HOUR);
    await harness.channel.send(citizen.chatId, { ...answer, notice: replied });
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual(["text"]);
  });

  it("go as the approved template 25 hours later, the answer on one line", async () => {
    await start();
    now = new Date(now.getTime() + 25 * HOUR);
    const result = await harness.channel.send(citizen.chatId, { ...answer, notice: replied });
    const [sent] = harness.fake.messagesTo(citizen.waId);
    expect(sent?.id).toBe(result.platformMessageId);
    expect(sent && visibleOf(sent)).toBe(
      "[aduan_tanggapan]\nADU-7K3F9Q\nDinas PUPR\nLubang sudah ditambal. · Terima kasih.",
    );
    expect(sent?.body.template).toMatchObject({ language: { code: "id" } });
  });

  it("carry the rating choices on the template's quick-reply buttons, which come back as choices", async () => {
    await start();
    now = new Date(now.getTime() + 48 * HOUR);
    const done: OutboundMessage = {
      text: [{ text: "Laporan selesai" }],
      choices: [
        [1, 2, 3, 4, 5].map((score) => ({
          value: `$rate:ADU-7K3F9Q:${score}`,
          label: "⭐".repeat(score),
        })),
      ],
    };
    await harness.channel.send(citizen.chatId, {
      ...done,
      notice: {
        kind: "done",
        language: "en",
        values: { code: "ADU-7K3F9Q", text: "Fixed.", days: "10" },
      },
    });
    const [sent] = harness.fake.messagesTo(citizen.waId);
    if (!sent) throw new Error("nothing sent");
    expect(sent.body.template).toMatchObject({ name: "aduan_selesai", language: { code: "en" } });
    citizen.tapTemplateButton(sent, 3, "4");
    const rated = await eventually(() =>
      harness.inbound.find((message) => message.content.kind === "choice"),
    );
    expect(rated.content).toEqual({ kind: "choice", value: "$rate:ADU-7K3F9Q:4" });
  });

  /** A reply notice 25 hours after the citizen last wrote, with no template: what send throws. */
  async function outsideWindowWithoutTemplate(): Promise<unknown> {
    await start({});
    now = new Date(now.getTime() + 25 * HOUR);
    return harness.channel
      .send(citizen.chatId, { ...answer, notice: replied })
      .catch((caught: unknown) => caught);
  }

  it("are kept, not sent, when no template is configured: the channel says so and Meta sees nothing", async () => {
    const error = await outsideWindowWithoutTemplate();
    expect(error).toBeInstanceOf(NoticeHeldError);
    expect((error as NoticeHeldError).permanent).toBe(true);
    expect((error as NoticeHeldError).message).toContain(
      "no template for 'replied' in WHATSAPP_CLOUD_TEMPLATES_FILE",
    );
    expect((error as NoticeHeldError).held).toMatchObject({
      chatId: citizen.chatId,
      noticeKind: "replied",
      heldAt: now,
    });
    expect(harness.fake.messagesTo(citizen.waId)).toEqual([]);
  });

  it("kept for the citizen can go once they write again, and not before", async () => {
    const held = await outsideWindowWithoutTemplate();
    if (!(held instanceof NoticeHeldError)) throw new Error("the notice was not held");
    expect(await harness.channel.wroteSinceHeld(citizen.chatId, held)).toBe(false);

    citizen.send("halo");
    await eventually(() =>
      harness.inbound.find(
        (message) => message.content.kind === "text" && message.content.text === "halo",
      ),
    );
    expect(await harness.channel.wroteSinceHeld(citizen.chatId, held)).toBe(true);

    // Sent back by Meta (131047) and held again without reading when they last wrote: only a
    // message after that counts, or the notice would be tried again and again.
    const heldAgain = await harness.channel
      .send(citizen.chatId, { ...answer, notice: replied }, { windowClosed: true })
      .catch((caught: unknown) => caught);
    if (!(heldAgain instanceof NoticeHeldError)) throw new Error("the notice was not held");
    expect(await harness.channel.wroteSinceHeld(citizen.chatId, heldAgain)).toBe(false);
  });

  it("kept, tell the recipient once by the waiting template, and again once they wrote and went silent", async () => {
    await start({ ...shipped, replied: undefined });
    harness.fake.approveTemplate("aduan_pesan_menunggu", {
      languages: ["id", "en"],
      parameters: 0,
    });
    const card: OutboundMessage = { text: [{ text: "Laporan baru ADU-7K3F9Q" }] };
    const sendKept = async (message: OutboundMessage) => {
      const caught = await harness.channel.send(citizen.chatId, message).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(NoticeHeldError);
    };
    const told = () =>
      harness.fake
        .messagesTo(citizen.waId)
        .map((sent) => sent.body.template as { name: string; language: { code: string } });

    now = new Date(now.getTime() + 25 * HOUR);
    await sendKept(card);
    await sendKept(card);
    await sendKept({ ...answer, notice: replied });
    expect(told()).toEqual([
      expect.objectContaining({ name: "aduan_pesan_menunggu", language: { code: "id" } }),
    ]);

    citizen.send("ok");
    await eventually(async () => {
      const last = await harness.lastInbound.lastInboundAt(citizen.chatId);
      return last && last.getTime() > now.getTime() - HOUR ? last : undefined;
    });
    now = new Date(now.getTime() + 25 * HOUR);
    await sendKept({ ...answer, notice: { ...replied, language: "en" } });
    expect(told()).toEqual([
      expect.objectContaining({ language: { code: "id" } }),
      expect.objectContaining({ name: "aduan_pesan_menunggu", language: { code: "en" } }),
    ]);
  });

  it("kept while Meta is busy, still wait, and the next message kept tells the recipient", async () => {
    await start({ waiting: { name: "aduan_pesan_menunggu", languages: { id: "id", en: "en" } } });
    harness.fake.approveTemplate("aduan_pesan_menunggu", {
      languages: ["id", "en"],
      parameters: 0,
    });
    now = new Date(now.getTime() + 25 * HOUR);
    harness.fake.failNext(GRAPH_FAILURES.throughput);
    const card: OutboundMessage = { text: [{ text: "Laporan baru ADU-7K3F9Q" }] };
    for (let attempt = 0; attempt < 2; attempt++) {
      const caught = await harness.channel.send(citizen.chatId, card).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(NoticeHeldError);
    }
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual(["template"]);
  });

  it("kept after Meta found the window closed although it looked open, tell the recipient", async () => {
    await start({ waiting: { name: "aduan_pesan_menunggu", languages: { id: "id", en: "en" } } });
    harness.fake.approveTemplate("aduan_pesan_menunggu", {
      languages: ["id", "en"],
      parameters: 0,
    });
    const card: OutboundMessage = { text: [{ text: "Laporan baru ADU-7K3F9Q" }] };
    harness.fake.failNext(GRAPH_FAILURES.reengagement, { when: (body) => body.type === "text" });
    const direct = await harness.channel.send(citizen.chatId, card).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(NoticeHeldError);
    // Sent again after Meta failed it asynchronously (131047): still told only once.
    const again = await harness.channel
      .send(citizen.chatId, card, { windowClosed: true })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NoticeHeldError);
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual(["template"]);
  });

  it("kept, are told once only when the template is refused for good", async () => {
    await start({ waiting: { name: "aduan_pesan_menunggu", languages: { id: "id", en: "en" } } });
    now = new Date(now.getTime() + 25 * HOUR);
    const card: OutboundMessage = { text: [{ text: "Laporan baru ADU-7K3F9Q" }] };
    for (let attempt = 0; attempt < 2; attempt++) {
      const caught = await harness.channel.send(citizen.chatId, card).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(NoticeHeldError);
    }
    expect(harness.fake.refusals).toEqual([132001]);
  });

  it("fall back to the template when Meta answers 131047 although the window looked open", async () => {
    await start();
    harness.fake.failNext(GRAPH_FAILURES.reengagement, { when: (body) => body.type === "text" });
    await harness.channel.send(citizen.chatId, { ...answer, notice: replied });
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual(["template"]);
  });

  it("go as the template when re-sent after Meta failed them asynchronously with 131047", async () => {
    await start();
    await harness.channel.send(
      citizen.chatId,
      { ...answer, notice: replied },
      { windowClosed: true },
    );
    expect(harness.fake.messagesTo(citizen.waId).map((sent) => sent.type)).toEqual(["template"]);
  });
});
