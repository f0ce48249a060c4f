import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { releaseWaiting } from "../../../src/queues/delivery-states.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import { PNG } from "../../support/engine-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import {
  GRAPH_FAILURES,
  visibleOf,
  type GraphFailure,
  type Json,
} from "../../support/fake-graph-messages.js";
import { startOutboundHarness, type OutboundHarness } from "../../support/outbound-harness.js";
import { eventually } from "../../support/wait.js";

/**
 * A notice too long for one WhatsApp message goes as several; when Meta fails a later part for
 * a while, the outbound worker tries again from that part: the citizen never gets one twice.
 */

/** Meta's answer while it is briefly unavailable (HTTP 503, code 2). */
const UNAVAILABLE: GraphFailure = {
  status: 503,
  code: 2,
  message: "(#2) Service temporarily unavailable",
};

let harness: CloudHarness;
let sending: OutboundHarness;

beforeAll(async () => {
  harness = await startCloudHarness({
    files: { read: () => Promise.resolve(PNG) },
    env: { WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: "1" },
  });
  sending = await startOutboundHarness(harness.channel);
}, 60_000);

afterAll(async () => {
  await sending.stop();
  await harness.stop();
});

/** A citizen who has just written, so notices go to them free-form. */
async function citizenInWindow(waId: string): Promise<FakeCloudCitizen> {
  const citizen = harness.fake.citizen(waId);
  citizen.send("halo");
  await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
  return citizen;
}

/** The row once it is in `state`. */
function rowOnce(id: string, state: "sent" | "waiting") {
  return eventually(
    async () => {
      const now = await sending.db.database.prisma.outboxMessage.findUniqueOrThrow({
        where: { id },
      });
      return now.state === state ? now : undefined;
    },
    { what: `the notice ${state}`, timeoutMs: 30_000 },
  );
}

/** Queues `message` to the citizen and waits until its row is sent. */
async function notify(citizen: FakeCloudCitizen, message: OutboundMessage) {
  return rowOnce((await sending.queueNotice(citizen.chatId, message)).id, "sent");
}

const textOf = (body: Json): string => {
  const text = (body.text as Json | undefined)?.body;
  return typeof text === "string" ? text : "";
};

describe("a message sent in several parts", () => {
  it("goes on from the part Meta failed (503, then 130429): each part reaches the citizen once", async () => {
    const citizen = await citizenInWindow("6281234500101");
    // Three paragraphs of about 3,000 characters: three WhatsApp messages of at most 4,096.
    const paragraphs = [1, 2, 3].map(
      (part) => `Bagian ${part} dari tanggapan. ${"Petugas sudah memeriksa lokasi. ".repeat(95)}`,
    );
    harness.fake.failNext(UNAVAILABLE, {
      when: (body) => textOf(body).startsWith("Bagian 2"),
    });
    harness.fake.failNext(GRAPH_FAILURES.throughput, {
      when: (body) => textOf(body).startsWith("Bagian 3"),
    });

    const row = await notify(citizen, { text: [{ text: paragraphs.join("\n\n") }] });

    const seen = harness.fake.messagesTo(citizen.waId);
    expect(seen.map((message) => visibleOf(message).slice(0, 8))).toEqual([
      "Bagian 1",
      "Bagian 2",
      "Bagian 3",
    ]);
    // The message is kept under its last part's id, and a reply quoting any part finds the
    // report.
    expect(row.platformMessageId).toBe(seen.at(-1)?.id);
    expect(row.partMessageIds).toEqual(seen.map((message) => message.id));
    expect(row.attempts).toBe(3);
  });

  it("goes on from the part it stopped at when it waited for the citizen (131047, no template)", async () => {
    const prisma = sending.db.database.prisma;
    const citizen = await citizenInWindow("6281234500103");
    const paragraphs = [1, 2, 3].map(
      (part) => `Bagian ${part} dari tanggapan. ${"Petugas sudah memeriksa lokasi. ".repeat(95)}`,
    );
    harness.fake.failNext(GRAPH_FAILURES.reengagement, {
      when: (body) => textOf(body).startsWith("Bagian 2"),
    });
    const row = await sending.queueNotice(citizen.chatId, {
      text: [{ text: paragraphs.join("\n\n") }],
    });
    const held = await rowOnce(row.id, "waiting");
    const first = harness.fake.messagesTo(citizen.waId);
    expect(first.map((message) => visibleOf(message).slice(0, 8))).toEqual(["Bagian 1"]);
    // Receipts match only a message that went whole: part 1's status touches nothing while
    // the rest waits. A reply quoting part 1 is about the notice already.
    expect(held.platformMessageId).toBeNull();
    expect(held).toMatchObject({
      partsSent: 1,
      partialMessageId: first[0]?.id,
      partMessageIds: [first[0]?.id],
    });

    // The citizen writes again: the notice is released and goes on from part 2.
    citizen.send("halo lagi");
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
    await sending.outbound.requeue(await releaseWaiting(prisma, "whatsapp", citizen.chatId));
    const sent = await rowOnce(row.id, "sent");
    const seen = harness.fake.messagesTo(citizen.waId);
    expect(seen.map((message) => visibleOf(message).slice(0, 8))).toEqual([
      "Bagian 1",
      "Bagian 2",
      "Bagian 3",
    ]);
    expect(sent).toMatchObject({
      platformMessageId: seen.at(-1)?.id,
      partsSent: 0,
      partialMessageId: null,
      partMessageIds: seen.map((message) => message.id),
    });
  });

  it("sends only the photo again when Meta failed it after the text went", async () => {
    const citizen = await citizenInWindow("6281234500102");
    harness.fake.failNext(UNAVAILABLE, { when: (body) => body.type === "image" });

    const row = await notify(citizen, {
      text: [{ text: "Bukti perbaikan dari petugas terlampir." }],
      files: [
        {
          kind: "photo",
          storagePath: `ab/${"ab".repeat(32)}.png`,
          mime: "image/png",
          size: PNG.length,
        },
      ],
    });

    const seen = harness.fake.messagesTo(citizen.waId);
    expect(seen.map((message) => message.type)).toEqual(["text", "image"]);
    expect(textOf(seen[0]?.body ?? {})).toBe("Bukti perbaikan dari petugas terlampir.");
    // The text's id, as when nothing failed; the photo's too, which a citizen may quote.
    expect(row.platformMessageId).toBe(seen[0]?.id);
    expect(row.partMessageIds).toEqual(seen.map((message) => message.id));
  });
});
