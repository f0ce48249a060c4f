import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WhatsAppCloudChannel } from "../../../src/channels/whatsapp/cloud/whatsapp-cloud-channel.js";
import { SendPacer } from "../../../src/queues/pacing.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import { REDIS_URL, testCipher } from "../../support/services.js";
import { eventually } from "../../support/wait.js";

/**
 * Two workers deliver notices through the same number: the SendPacer slots in Redis keep them
 * together under the number's throughput and each citizen's pair rate, as the outbound worker
 * does with the channel's rateLimit and chatIntervalMs.
 */
let harness: CloudHarness;
let citizens: FakeCloudCitizen[];
const connections: Redis[] = [];

beforeAll(async () => {
  harness = await startCloudHarness({
    env: { WHATSAPP_CLOUD_SEND_PER_SECOND: "16", WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: "1" },
  });
  citizens = Array.from({ length: 8 }, (_, index) => harness.fake.citizen(`62812345001${index}`));
  for (const citizen of citizens) citizen.send("halo");
  for (const citizen of citizens)
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
  // Meta's limits, scaled down: 20 messages a second, a pair 800 ms apart.
  harness.fake.enforceLimits({ perSecond: 20, pairIntervalMs: 800 });
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
  await harness.stop();
});

/** One worker process: its own Redis connection, four deliveries at a time. */
async function worker(
  channel: WhatsAppCloudChannel,
  chatIds: readonly string[],
  paced: boolean,
): Promise<void> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(connection);
  const pacer = new SendPacer(connection, harness.redis.prefix, testCipher);
  const queue = [...chatIds];
  const lane = async () => {
    for (let chatId = queue.shift(); chatId; chatId = queue.shift()) {
      for (;;) {
        const slot = paced
          ? await pacer.reserve(
              channel.channel,
              chatId,
              channel.rateLimit.durationMs / channel.rateLimit.max,
              channel.chatIntervalMs(),
            )
          : { reserved: true, waitMs: 0 };
        await sleep(slot.waitMs);
        if (slot.reserved) break;
      }
      await channel.send(chatId, { text: [{ text: "Pemberitahuan" }] }).catch(() => undefined);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
}

/** Three notices to each citizen, split between two workers. */
function burst(): [string[], string[]] {
  const all = [0, 1, 2].flatMap(() => citizens.map((citizen) => citizen.chatId));
  return [all.filter((_, index) => index % 2 === 0), all.filter((_, index) => index % 2 === 1)];
}

describe("throughput across workers", () => {
  it("delivers a burst from two workers with no throughput or pair rate refusal", async () => {
    const [first, second] = burst();
    await Promise.all([
      worker(harness.channel, first, true),
      worker(harness.channel, second, true),
    ]);
    expect(harness.fake.sent.length).toBe(24);
    expect(harness.fake.rateLimited).toBe(0);
  });

  it("draws Meta's refusals when the same burst is not paced (the fake enforces the limits)", async () => {
    await sleep(1000);
    const [first, second] = burst();
    await Promise.all([
      worker(harness.channel, first, false),
      worker(harness.channel, second, false),
    ]);
    expect(harness.fake.rateLimited).toBeGreaterThan(0);
  });
});
