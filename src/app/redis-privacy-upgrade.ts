import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { CHANNELS, CHAT_CHANNELS, currentTraceId } from "../core/messages.js";
import type { RedisCipher } from "../core/privacy/redis-cipher.js";
import { submissionSchema } from "../core/reports/submission.js";
import type { Logger } from "../infra/logger.js";
import type { IntakeQueue } from "../queues/intake.js";
import type { OutboundQueues } from "../queues/outbound.js";

/** What a pseudonym looks like (RedisCipher.pseudonym): anything else is an id in clear. */
const PSEUDONYM = /^[A-Za-z0-9_-]{22}$/;
const CHANNEL = `(?:${CHANNELS.join("|")})`;

/**
 * Keys written before REDIS_ENCRYPTION_KEY, with an account id, chat id, message id or username
 * in clear as their last part (and `reports` a date after it). Each is renamed to its
 * pseudonymous form, keeping its expiry, so drafts, languages and menus in progress survive the
 * upgrade; short-lived counters are dropped instead.
 */
const LEGACY = [
  {
    pattern: new RegExp(
      `^((?:conv|lang|menu|unreadable|seen|feedback:comment):${CHANNEL}):(.+)$`,
      "s",
    ),
    action: "rename",
  },
  {
    pattern: new RegExp(`^(reports:${CHANNEL}):(.+)(:\\d{4}-\\d{2}-\\d{2})$`, "s"),
    action: "rename",
  },
  { pattern: /^(wa-cloud:last-inbound):(.+)$/s, action: "rename" },
  { pattern: new RegExp(`^(username:${CHANNEL}):(.+)$`, "s"), action: "seal" },
  { pattern: new RegExp(`^(flood:${CHANNEL}):(.+)$`, "s"), action: "drop" },
  { pattern: /^(desk:prompt:[a-z0-9]+):(.+)$/s, action: "rename" },
  { pattern: new RegExp(`^(q:pace:${CHANNEL}):(.+)$`, "s"), action: "drop" },
] as const;

/**
 * Brings what an earlier version left in Redis to the privacy of this one: idempotent, run by
 * every process at start (a rolling upgrade may still write the old forms for a while).
 * Returns how many keys and jobs it changed.
 */
export async function upgradeRedisPrivacy(options: {
  readonly redis: Redis;
  readonly prefix: string;
  readonly cipher: RedisCipher;
  readonly intake: IntakeQueue;
  readonly outbound: OutboundQueues;
  readonly logger: Logger;
}): Promise<{ keys: number; jobs: number }> {
  const keys = await upgradeKeys(options.redis, options.prefix, options.cipher);
  const jobs =
    (await sealLegacyJobs(options.intake)) +
    (await digestTraceIds([
      options.intake.queue,
      ...CHAT_CHANNELS.map((channel) => options.outbound.queue(channel)),
    ]));
  if (keys + jobs > 0) {
    options.logger.info(
      { keys, jobs },
      "Redis data of an earlier version made pseudonymous and sealed (REDIS_ENCRYPTION_KEY)",
    );
  }
  return { keys, jobs };
}

async function upgradeKeys(redis: Redis, prefix: string, cipher: RedisCipher): Promise<number> {
  let changed = 0;
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    for (const key of found) {
      const name = key.slice(prefix.length + 1);
      for (const { pattern, action } of LEGACY) {
        const match = pattern.exec(name);
        if (!match) continue;
        const [, head = "", id = "", tail = ""] = match;
        if (PSEUDONYM.test(id)) break;
        const target = `${prefix}:${head}:${cipher.pseudonym(id)}${tail}`;
        if (action === "drop") await redis.del(key);
        else if (action === "rename") {
          // A key the new version already wrote under the new name is the newer one.
          if ((await redis.renamenx(key, target)) === 0) await redis.del(key);
        } else await sealValue(redis, key, target, cipher);
        changed++;
        break;
      }
    }
  } while (cursor !== "0");
  return changed;
}

/** The @username lookup held its holder's id and name in clear. */
async function sealValue(redis: Redis, key: string, target: string, cipher: RedisCipher) {
  const [value, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
  let parsed: unknown;
  try {
    parsed = value === null ? null : JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (parsed !== null) {
    if (ttl > 0) await redis.set(target, cipher.seal(parsed), "PX", ttl, "NX");
    else await redis.set(target, cipher.seal(parsed), "NX");
  }
  await redis.del(key);
}

/**
 * Intake jobs queued with the submission in clear: waiting and failed ones are sealed in place
 * (the worker still takes an unsealed one an old bot queues during a rolling upgrade);
 * completed ones, whose report is stored, are removed.
 */
async function sealLegacyJobs(intake: IntakeQueue): Promise<number> {
  const queue: Queue = intake.queue;
  const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "failed", "completed"]);
  let changed = 0;
  for (const job of jobs) {
    if (typeof (job.data as { sealed?: unknown }).sealed === "string") continue;
    const legacy = submissionSchema.safeParse(job.data);
    if (!legacy.success) continue;
    if (job.finishedOn && !job.failedReason) await job.remove();
    else await job.updateData(intake.jobData(legacy.data));
    changed++;
  }
  return changed;
}

/**
 * Jobs queued by a version that traced a message by its platform id, which holds the sender's
 * phone number on WhatsApp: the job's trace id becomes the digest the logs use now.
 */
async function digestTraceIds(queues: readonly Queue[]): Promise<number> {
  let changed = 0;
  for (const queue of queues) {
    for (const job of await queue.getJobs(["waiting", "delayed", "prioritized", "failed"])) {
      const data = job.data as { traceId?: unknown };
      if (typeof data.traceId !== "string") continue;
      const traceId = currentTraceId(data.traceId);
      if (traceId === data.traceId) continue;
      await job.updateData({ ...data, traceId });
      changed++;
    }
  }
  return changed;
}
