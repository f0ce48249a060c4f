import type { Worker } from "bullmq";
import type { ChannelSender } from "../../src/channels/channel.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { PENDING_OUTBOX } from "../../src/infra/db/outbox-rows.js";
import { OutboundQueues, startOutboundWorker } from "../../src/queues/outbound.js";
import {
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  type TestDatabase,
  type TestRedis,
} from "./services.js";

/** The outbound worker's options a test may choose beside its sender. */
type WorkerChoices = Omit<
  Parameters<typeof startOutboundWorker>[0],
  "settings" | "queues" | "prisma" | "logger" | "sender"
>;

/** An outbound worker sending through one sender, on a database and Redis prefix of its own. */
export interface OutboundHarness {
  readonly db: TestDatabase;
  readonly redis: TestRedis;
  readonly outbound: OutboundQueues;
  readonly worker: Worker;
  /** Writes a notice to `chatId` in the outbox, on the sender's channel, and queues it. */
  queueNotice(chatId: string, message: OutboundMessage): ReturnType<typeof queueRow>;
  stop(): Promise<void>;
}

export async function startOutboundHarness(
  sender: ChannelSender,
  choices: WorkerChoices = {},
): Promise<OutboundHarness> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const settings = queueSettings(redis, 5);
  const outbound = new OutboundQueues(settings);
  const worker = startOutboundWorker({
    ...choices,
    settings,
    queues: outbound,
    prisma: db.database.prisma,
    sender,
    logger: silentLogger,
  });
  return {
    db,
    redis,
    outbound,
    worker,
    queueNotice: (chatId, message) => queueRow(db, outbound, sender, chatId, message),
    async stop() {
      await worker.close();
      await outbound.close();
      await redis.cleanup();
      await db.drop();
    },
  };
}

async function queueRow(
  db: TestDatabase,
  outbound: OutboundQueues,
  sender: ChannelSender,
  chatId: string,
  message: OutboundMessage,
) {
  const row = await db.database.prisma.outboxMessage.create({
    data: {
      channel: sender.channel,
      chatId,
      purpose: "notification",
      payload: message as unknown as Prisma.InputJsonObject,
      lane: "bulk",
    },
    select: PENDING_OUTBOX,
  });
  await outbound.enqueue([row]);
  return row;
}
