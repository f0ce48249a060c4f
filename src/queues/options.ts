import type { DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";

export const INTAKE_QUEUE = "intake";
export const outboundQueueName = (channel: string) => `outbound-${channel}`;

/** What every queue and worker of one deployment shares. */
export interface QueueSettings {
  /** A connection to share for commands; workers duplicate it for their blocking reads. */
  readonly connection: Redis;
  /** Redis key prefix of all queues, such as `aduan:q`. */
  readonly prefix: string;
  readonly attempts: number;
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
