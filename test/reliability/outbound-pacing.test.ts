import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundMessageSchema } from "../../src/core/messages.js";
import { OutboundQueues } from "../../src/queues/outbound.js";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { testCipher, type TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 3, pacing: against a fake Bot API that enforces Telegram's limits (about 30
 * messages/s per bot, 1/s per chat, 20/min per group), bulk notifications never get a 429.
 */
let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;
let queues: OutboundQueues;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    database: "migrated",
    process: { roles: "worker" },
  });
  ({ db, fake } = service);
  // Before anything is sent: nothing is queued until a test writes its notifications.
  fake.enforceLimits();
  queues = new OutboundQueues({
    connection: service.redis,
    prefix: `${service.redisPrefix}:q`,
    attempts: 20,
    cipher: testCipher,
  });
}, 90_000);

afterAll(async () => {
  await queues.close();
  await service.stop();
});

/** Writes outbox rows the way the desk does for notifications, then queues them at once. */
async function notify(chatIds: readonly string[]): Promise<void> {
  const rows = chatIds.map((chatId, index) => ({
    id: randomUUID(),
    channel: "telegram" as const,
    chatId,
    purpose: "notification",
    payload: outboundMessageSchema.parse({ text: [{ text: `Pemberitahuan ${index + 1}` }] }),
    lane: "bulk" as const,
  }));
  await db.database.prisma.outboxMessage.createMany({ data: rows });
  await queues.enqueue(rows);
}

describe("outbound pacing", () => {
  it("delivers a burst of 1,000 notifications to 1,000 chats with no 429", async () => {
    const chats = Array.from({ length: 1000 }, (_, index) => String(100_000 + index));
    await notify(chats);
    await eventually(() => fake.sent.length >= 1000, {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: () => `1,000 messages (got ${fake.sent.length})`,
    });
    expect(fake.tooManyRequests).toBe(0);
    expect(new Set(fake.sent.map((message) => message.chat.id)).size).toBe(1000);
    // The fake records a message before the worker hears back and marks its row sent.
    const sent = () => db.database.prisma.outboxMessage.count({ where: { state: "sent" } });
    await eventually(async () => (await sent()) === 1000, {
      what: "1,000 rows marked sent",
    });
  }, 300_000);

  it("spaces messages to one chat and to one group within their limits", async () => {
    const before = fake.sent.length;
    await notify(["555001", "555001", "555001", "-100555", "-100555"]);
    await eventually(() => fake.sent.length >= before + 5, {
      timeoutMs: 60_000,
      what: "five messages",
    });
    expect(fake.tooManyRequests).toBe(0);
    expect(
      fake
        .messagesTo(555001)
        .map((message) => visibleText(message.text))
        .sort(),
    ).toEqual(["Pemberitahuan 1", "Pemberitahuan 2", "Pemberitahuan 3"]);
    expect(fake.messagesTo(-100555)).toHaveLength(2);
  }, 90_000);
});
