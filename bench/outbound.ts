import { Redis } from "ioredis";
import { openDatabase } from "../src/infra/db/database.js";
import { PENDING_OUTBOX } from "../src/infra/db/outbox-rows.js";
import { createLogger } from "../src/infra/logger.js";
import { RedisCipher } from "../src/core/privacy/redis-cipher.js";
import { OutboundQueues } from "../src/queues/outbound.js";
import { BENCH_REDIS_ENCRYPTION_KEY } from "./bots.js";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import { waitFor } from "./machine.js";

export interface OutboundFigures {
  readonly messages: number;
  readonly perSecond: number;
  readonly tooManyRequests: number;
}

/**
 * Bulk notices to as many chats through the running service's outbound worker, with the fake
 * refusing what Telegram would (30 a second): the bulk pacer's rate and the 429s it drew.
 */
export async function measureOutbound(options: {
  readonly fake: FakeTelegram;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly messages: number;
  readonly dataDir: string;
}): Promise<OutboundFigures> {
  const { fake } = options;
  const logger = createLogger({ level: "warn" });
  const database = await openDatabase({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    logger,
    poolSize: 2,
  });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  try {
    fake.enforceLimits();
    const refusedBefore = fake.tooManyRequests;
    const chats = Array.from({ length: options.messages }, (_, index) => 900_000 + index);
    const rows = await database.prisma.outboxMessage.createManyAndReturn({
      data: chats.map((chatId) => ({
        channel: "telegram" as const,
        chatId: String(chatId),
        purpose: "notification",
        lane: "bulk" as const,
        payload: { text: [{ text: `Pemberitahuan ${chatId}` }] },
      })),
      select: PENDING_OUTBOX,
    });
    // The service's queues: the default prefix of its database (REDIS_PREFIX unset).
    const installation = await database.prisma.installation.findFirstOrThrow();
    const queues = new OutboundQueues({
      connection: redis,
      prefix: `${installation.redisPrefix}:q`,
      installation: installation.id,
      attempts: 5,
      cipher: new RedisCipher(Buffer.from(BENCH_REDIS_ENCRYPTION_KEY, "base64")),
    });
    await queues.enqueue(rows);
    await queues.close();
    await waitFor(
      () => chats.every((chatId) => fake.messagesTo(chatId).length > 0),
      "every notification delivered",
      options.messages * 200,
    );
    const times = chats
      .map((chatId) => fake.receivedAt.get(fake.messagesTo(chatId)[0]?.message_id ?? -1) ?? 0)
      .sort((a, b) => a - b);
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    return {
      messages: options.messages,
      perSecond: (options.messages - 1) / span,
      tooManyRequests: fake.tooManyRequests - refusedBefore,
    };
  } finally {
    await redis.quit();
    await database.close();
  }
}
