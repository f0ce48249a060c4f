import { DelayedError, type DefaultJobOptions, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { RedisCipher } from "../core/privacy/redis-cipher.js";
import type { Logger } from "../infra/logger.js";

export const INTAKE_QUEUE = "intake";
export const outboundQueueName = (channel: string) => `outbound-${channel}`;

/** What every queue and worker of one deployment shares. */
export interface QueueSettings {
  /** A connection to share for commands; workers duplicate it for their blocking reads. */
  readonly connection: Redis;
  /** Redis key prefix of all queues, such as `aduan:q`. */
  readonly prefix: string;
  readonly attempts: number;
  /** Seals job payloads that name people, and pseudonymises chat ids in key names. */
  readonly cipher: RedisCipher;
  /**
   * The database's installation id: jobs carry it, and workers take only their own (always
   * set by the service; left out by tests that run queues without a database).
   */
  readonly installation?: string;
}

/** How soon a job of another installation is put back for that installation's workers. */
const FOREIGN_JOB_RETRY_MS = 5_000;

/**
 * Puts back a job queued by another installation (one whose database is not this one): it
 * could only be stored in the wrong database or find nothing to send. Only happens when two
 * installations share a Redis and set the same REDIS_PREFIX; jobs from before installations
 * were recorded carry none and are this installation's.
 */
export async function refuseForeignJob(
  job: Job,
  token: string | undefined,
  settings: QueueSettings,
  logger: Logger,
): Promise<void> {
  const owner = (job.data as { installation?: unknown }).installation;
  if (owner === undefined || settings.installation === undefined) return;
  if (owner === settings.installation) return;
  logger.error(
    { queue: job.queueName, jobId: job.id, installation: settings.installation, owner },
    "a job of another installation is in this one's queues: two installations with different " +
      "databases share one Redis and REDIS_PREFIX; give each its own REDIS_PREFIX (or unset it)",
  );
  await job.moveToDelayed(Date.now() + FOREIGN_JOB_RETRY_MS, token);
  throw new DelayedError();
}

const MAX_BACKOFF_MS = 5 * 60 * 1000;

/**
 * Exponential backoff capped at five minutes: with the default 20 attempts a job keeps trying
 * for over an hour, which covers a database restart or a platform outage.
 */
export function backoffDelay(attemptsMade: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function defaultJobOptions(attempts: number): DefaultJobOptions {
  return {
    attempts,
    backoff: { type: "capped-exponential" },
    // Completed jobs are kept a day so a re-added job id within that time is recognised.
    removeOnComplete: { age: 24 * 60 * 60, count: 50_000 },
    // A job that finally fails stays in the failed set for the operator; never dropped.
    removeOnFail: false,
  };
}
