import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeRedisPrivacy } from "../../src/app/redis-privacy-upgrade.js";
import { SessionStore } from "../../src/core/conversation/session-store.js";
import { submissionSchema } from "../../src/core/reports/submission.js";
import { traceIdOf } from "../../src/core/messages.js";
import { IntakeQueue } from "../../src/queues/intake.js";
import { OutboundQueues } from "../../src/queues/outbound.js";
import {
  createTestRedis,
  queueSettings,
  silentLogger,
  testCipher,
  type TestRedis,
} from "../support/services.js";
import { dumpRedis } from "../support/redis-dump.js";
import { makeSubmission } from "../support/submissions.js";

const ID = "7391046285";
let redis: TestRedis;
let intake: IntakeQueue;
let outbound: OutboundQueues;

beforeAll(() => {
  redis = createTestRedis();
  const settings = queueSettings(redis, 1);
  intake = new IntakeQueue(settings);
  outbound = new OutboundQueues(settings);
});

afterAll(async () => {
  await intake.close();
  await outbound.close();
  await redis.cleanup();
});

async function everything(): Promise<string> {
  return (await dumpRedis(redis.redis, redis.prefix)).join("\n");
}

describe("upgrading Redis from a version before REDIS_ENCRYPTION_KEY", () => {
  it("renames, seals or drops what named people, keeping drafts, languages and queued reports", async () => {
    const { prefix } = redis;
    const day = 24 * 3_600_000;
    await redis.redis.set(`${prefix}:lang:telegram:${ID}`, "en", "PX", day);
    await redis.redis.set(
      `${prefix}:username:telegram:warga${ID}`,
      JSON.stringify({ id: ID, name: "Sulastri Wibowo", at: 1_796_000_000_000 }),
      "PX",
      day,
    );
    await redis.redis.set(`${prefix}:reports:telegram:${ID}:2026-11-30`, "1", "PX", day);
    await redis.redis.set(`${prefix}:flood:telegram:${ID}:${ID}:29933776`, "7", "PX", 60_000);
    const submission = makeSubmission({ externalId: ID });
    // Queued in clear by the earlier version.
    await intake.queue.add("report", submission, { jobId: submission.submissionId });
    expect(await everything()).toContain(ID);

    expect(
      await upgradeRedisPrivacy({
        redis: redis.redis,
        prefix,
        cipher: testCipher,
        intake,
        outbound,
        logger: silentLogger,
      }),
    ).toEqual({ keys: 4, jobs: 1 });

    const after = await everything();
    for (const clear of [ID, "Sulastri", "Siti Rahayu", "+6281234567890"]) {
      expect(after).not.toContain(clear);
    }
    // What the new version reads is still there, under the new names, with its expiry.
    const sessions = new SessionStore(redis.redis, redis.scripts, {
      prefix,
      cipher: testCipher,
      retentionMs: day,
    });
    const state = await sessions.turn(
      { channel: "telegram", userId: ID },
      "m1",
      async (loaded) => ({
        value: loaded,
      }),
    );
    expect(state.language).toBe("en");
    expect(await sessions.usernameHolder("telegram", `@warga${ID}`)).toMatchObject({
      externalId: ID,
      displayName: "Sulastri Wibowo",
    });
    const renamed = `${prefix}:lang:telegram:${testCipher.pseudonym(ID)}`;
    expect(await redis.redis.pttl(renamed)).toBeGreaterThan(0);
    const job = await intake.queue.getJob(submission.submissionId);
    const sealed = (job?.data as { sealed: string }).sealed;
    expect(submissionSchema.parse(testCipher.open(sealed))).toEqual(submission);

    // Run by every process at every start: nothing left to change.
    expect(
      await upgradeRedisPrivacy({
        redis: redis.redis,
        prefix,
        cipher: testCipher,
        intake,
        outbound,
        logger: silentLogger,
      }),
    ).toEqual({ keys: 0, jobs: 0 });
  });

  it("digests the trace ids of jobs queued by a version that traced by the WhatsApp id", async () => {
    const messageId = "false_6281234567890@c.us_3EB0C767D26A1D5DAB1F";
    const raw = `whatsapp:${messageId}`;
    const submission = makeSubmission({ channel: "whatsapp" });
    await intake.queue.add(
      "report",
      { ...intake.jobData(submission), traceId: raw },
      { jobId: submission.submissionId },
    );
    const outboxId = "0193a1b2-0000-7000-8000-000000000001";
    await outbound
      .queue("whatsapp")
      .add("deliver", { outboxId, traceId: raw }, { jobId: outboxId });

    const upgraded = await upgradeRedisPrivacy({
      redis: redis.redis,
      prefix: redis.prefix,
      cipher: testCipher,
      intake,
      outbound,
      logger: silentLogger,
    });
    expect(upgraded.jobs).toBe(2);
    const digest = traceIdOf({ channel: "whatsapp", messageId });
    expect((await intake.queue.getJob(submission.submissionId))?.data).toMatchObject({
      traceId: digest,
    });
    expect((await outbound.queue("whatsapp").getJob(outboxId))?.data).toEqual({
      outboxId,
      traceId: digest,
    });
    expect(await everything()).not.toContain("6281234567890");
  });
});
