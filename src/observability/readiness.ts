import type { ChannelHealth } from "../channels/channel.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Redis, RedisHealth } from "../infra/redis.js";

/** One part of the readiness answer: `status` plus what an operator needs to act on it. */
export interface PartStatus {
  readonly status: "ok" | "fail";
  readonly [detail: string]: unknown;
}

/** Something this process needs in order to do its work: Redis, the database, a channel. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<PartStatus>;
}

export interface Readiness {
  readonly ready: boolean;
  readonly parts: Readonly<Record<string, PartStatus>>;
  /** Names of the parts that failed, for the 503 answer. */
  readonly failing: readonly string[];
}

class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** A probe that hangs (a dead database accepting no connections) must still get an answer. */
async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const failure = (error: unknown): PartStatus => ({
  status: "fail",
  error: (error instanceof Error ? error.message : String(error)).trim().slice(0, 300),
});

/**
 * Redis: the connection watcher's state first, since a command sent while ioredis reconnects
 * would wait for the connection instead of failing; then a PING.
 */
export function redisCheck(redis: Redis, health: () => RedisHealth, timeoutMs: number) {
  return {
    name: "redis",
    async check(): Promise<PartStatus> {
      const state = health();
      if (!state.connected) {
        return {
          status: "fail",
          error: `not connected since ${state.since.toISOString()}; reconnecting`,
        };
      }
      try {
        await withTimeout(redis.ping(), timeoutMs, "Redis PING");
        return { status: "ok" };
      } catch (error) {
        return failure(error);
      }
    },
  } satisfies ReadinessCheck;
}

export function databaseCheck(prisma: PrismaClient, timeoutMs: number) {
  return {
    name: "database",
    async check(): Promise<PartStatus> {
      try {
        await withTimeout(prisma.$queryRaw`SELECT 1`, timeoutMs, "SELECT 1 on the database");
        return { status: "ok" };
      } catch (error) {
        return failure(error);
      }
    },
  } satisfies ReadinessCheck;
}

/** A channel this process receives on, from the state it holds (no call to the platform). */
export function channelCheck(name: string, health: () => ChannelHealth) {
  return {
    name,
    check(): Promise<PartStatus> {
      const { ok, state } = health();
      return Promise.resolve({ status: ok ? "ok" : "fail", state });
    },
  } satisfies ReadinessCheck;
}

/** Runs every check at once; ready when all pass. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async (check) => [check.name, await check.check()] as const),
  );
  const failing = results.filter(([, part]) => part.status === "fail").map(([name]) => name);
  return { ready: failing.length === 0, parts: Object.fromEntries(results), failing };
}
