import { setTimeout as sleep } from "node:timers/promises";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SendResult } from "../../src/channels/channel.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { PENDING_OUTBOX } from "../../src/infra/db/outbox-rows.js";
import type { QueueSettings } from "../../src/queues/options.js";
import { OutboundQueues, startOutboundWorker } from "../../src/queues/outbound.js";
import { RecordingSender } from "../support/recording-sender.js";
import {
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { eventually } from "../support/wait.js";

/** A platform whose calls take a varying time, as real ones do, so concurrent sends overtake. */
class UnevenSender extends RecordingSender {
  override async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    await sleep(Math.random() * 40);
    return super.send(chatId, message);
  }
}

let db: TestDatabase;
let redis: TestRedis;
let settings: QueueSettings;
let outbound: OutboundQueues;
const sender = new UnevenSender("terminal");
const workers: Worker[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  settings = queueSettings(redis, 5);
  outbound = new OutboundQueues(settings);
  // Two workers, as two processes would run them, each taking several jobs at once.
  for (let index = 0; index < 2; index++) {
    workers.push(
      startOutboundWorker({
        settings,
        queues: outbound,
        prisma: db.database.prisma,
        sender,
        logger: silentLogger,
        concurrency: 8,
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await outbound.close();
  await redis.cleanup();
  await db.drop();
});

/** Writes messages to one chat in one transaction, as a report's updates are written. */
async function writeMessages(chatId: string, texts: readonly string[]) {
  return db.database.prisma.$transaction(
    texts.map((text) =>
      db.database.prisma.outboxMessage.create({
        data: {
          channel: "terminal",
          chatId,
          purpose: "notification",
          payload: { text: [{ text }] },
        },
        select: PENDING_OUTBOX,
      }),
    ),
  );
}

describe("messages to one chat", () => {
  it("arrive in the order they were written, however many workers take them", async () => {
    const texts = Array.from({ length: 12 }, (_, index) => `pesan ${index + 1}`);
    const rows = await writeMessages("chat-a", texts);
    // Queued newest first: the order of jobs in the queue must not matter.
    await outbound.enqueue([...rows].reverse());

    await eventually(() => sender.textsTo("chat-a").length === texts.length, {
      timeoutMs: 20_000,
      what: "every message delivered",
    });
    expect(sender.textsTo("chat-a")).toEqual(texts);
  });

  it("wait for an older message whose job was lost, and queue it again", async () => {
    const [first, second] = await writeMessages("chat-b", ["laporan diterima", "nomor laporan"]);
    if (!first || !second) throw new Error("rows not written");
    // The process died after committing both rows but queued only the second.
    await outbound.enqueue([second]);

    await eventually(() => sender.textsTo("chat-b").length === 2, {
      timeoutMs: 20_000,
      what: "both messages delivered",
    });
    expect(sender.textsTo("chat-b")).toEqual(["laporan diterima", "nomor laporan"]);
  });
});

describe("a card edited before it was sent", () => {
  it("goes out, then its edit, then what was written after the edit", async () => {
    const write = (text: string, lane: "bulk" | "interactive", replacesId?: string) =>
      db.database.prisma.outboxMessage.create({
        data: {
          channel: "terminal",
          chatId: "desk",
          purpose: replacesId ? "card_update" : lane === "bulk" ? "card" : "staff_notice",
          payload: { text: [{ text }] },
          lane,
          ...(replacesId ? { replacesId } : {}),
        },
        select: PENDING_OUTBOX,
      });
    // A new report's card waits in the bulk lane; the desk verifies the report (an edit of the
    // card) and then acts on another report (a message after the edit) before it is sent.
    const card = await write("kartu baru", "bulk");
    const edit = await write("kartu diverifikasi", "interactive", card.id);
    const after = await write("kartu lain diperbarui", "interactive");
    await outbound.enqueue([after, edit, card]);

    await eventually(() => sender.textsTo("desk").length === 3, {
      timeoutMs: 20_000,
      what: "the card, its edit and the later message delivered",
    });
    expect(sender.textsTo("desk")).toEqual([
      "kartu baru",
      "kartu diverifikasi",
      "kartu lain diperbarui",
    ]);
  });
});
