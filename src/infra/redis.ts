import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.js";
import { ServiceRefusedError, type RequiredService } from "./startup.js";

export { Redis } from "ioredis";

/** Where this process talks to Redis, and how to let go of it. */
export interface RedisEndpoint {
  readonly url: string;
  /** configured: REDIS_URL; local: found on the default port; private: started by this process. */
  readonly origin: "configured" | "local" | "private";
  /** Stops the private redis-server when this process started it. */
  close(): Promise<void>;
}

export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/**
 * Opens a client. `maxRetriesPerRequest: null` is what BullMQ workers need: a command waits
 * for Redis to come back instead of failing while it restarts.
 */
export function createRedis(url: string, name: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `aduan:${name}`,
    maxRetriesPerRequest: null,
    ...options,
  });
}

/** Connects once and sends PING; throws what went wrong. */
async function ping(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() rejects with "Connection is closed."; the socket's own error says why.
  let socketError: Error | undefined;
  client.on("error", (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    client.disconnect();
  }
}

async function answersPing(url: string): Promise<boolean> {
  try {
    await ping(url);
    return true;
  } catch {
    return false;
  }
}

/** Redis as REDIS_URL names it, for the wait at start. */
export function configuredRedis(url: string): RequiredService {
  return {
    name: "Redis",
    variable: "REDIS_URL",
    url,
    probe: async () => {
      try {
        await ping(url);
      } catch (error) {
        if (error instanceof Error && /^(WRONGPASS|NOAUTH)/.test(error.message)) {
          throw new ServiceRefusedError(
            `refused the login (${error.message.split("\n")[0] ?? ""}); check the user name and password in REDIS_URL`,
          );
        }
        throw error;
      }
    },
    advice:
      "Check that Redis is running and reachable from this machine and that REDIS_URL points to it; " +
      "STARTUP_TIMEOUT_SECONDS sets how long to wait.",
  };
}

function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface ResolveRedisOptions {
  url: string | undefined;
  dataDir: string;
  logger: Logger;
  /** Where an unconfigured service looks for Redis before starting its own. */
  probe?: { host: string; port: number };
}

/**
 * Finds Redis: REDIS_URL when set; otherwise a server on 127.0.0.1:6379; otherwise a private
 * redis-server started as a child process with its append-only data under `<dataDir>/redis`.
 */
export async function resolveRedis(options: ResolveRedisOptions): Promise<RedisEndpoint> {
  const noop = () => Promise.resolve();
  if (options.url) return { url: options.url, origin: "configured", close: noop };

  const probe = options.probe ?? { host: "127.0.0.1", port: 6379 };
  const probeUrl = `redis://${probe.host}:${probe.port}`;
  if (await answersPing(probeUrl)) {
    options.logger.info({ url: probeUrl }, "using the Redis server found on the default port");
    return { url: probeUrl, origin: "local", close: noop };
  }
  return startPrivateRedis(options, probeUrl);
}

async function startPrivateRedis(
  options: ResolveRedisOptions,
  probeUrl: string,
): Promise<RedisEndpoint> {
  const dir = join(options.dataDir, "redis");
  const stateFile = join(dir, "endpoint.json");
  mkdirSync(dir, { recursive: true });

  // Another Aduan process on this machine may already run the private server for this data
  // directory; two servers on one append-only file would corrupt it.
  try {
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as { pid: number; port: number };
    const url = `redis://127.0.0.1:${state.port}`;
    if (isAlive(state.pid) && (await answersPing(url))) {
      options.logger.info({ url }, "using the private Redis started by another Aduan process");
      return { url, origin: "private", close: () => Promise.resolve() };
    }
  } catch {
    // no usable state file: start a server below
  }

  const binary = findExecutable("redis-server");
  if (!binary) {
    throw new RedisUnavailableError(
      `Redis is required but none was found: REDIS_URL is not set, nothing answers on ${probeUrl}, ` +
        "and no redis-server is installed. Install one (Debian/Ubuntu: apt-get install redis-server) " +
        "or set REDIS_URL=redis://host:6379.",
    );
  }

  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
      "--logfile",
      "redis.log",
    ],
    { stdio: "ignore" },
  );
  const state = { exited: false };
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      state.exited = true;
      resolve();
    }),
  );

  for (let attempt = 0; attempt < 100 && !state.exited; attempt++) {
    if (await answersPing(url)) {
      writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port }));
      options.logger.info({ url, dir }, "started a private Redis (set REDIS_URL for production)");
      return {
        url,
        origin: "private",
        close: async () => {
          if (!state.exited) {
            child.kill("SIGTERM");
            await exited;
          }
          rmSync(stateFile, { force: true });
        },
      };
    }
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new RedisUnavailableError(
    `the private redis-server did not start; see ${join(dir, "redis.log")}, or set REDIS_URL`,
  );
}

/** What `/readyz` and operators need to know about the Redis connection. */
export interface RedisHealth {
  readonly connected: boolean;
  /** When the connection last became ready or was lost. */
  readonly since: Date;
  /** How many times the connection came back after being lost. */
  readonly reconnections: number;
}

/**
 * Follows a connection: logs once when it is lost and once when it is back (ioredis
 * reconnects by itself and holds commands meanwhile), and returns a function reading the state.
 * A connection closed on purpose (`quit()` at shutdown) is not a loss.
 */
export function watchRedis(redis: Redis, logger: Logger): () => RedisHealth {
  let health: RedisHealth = {
    connected: redis.status === "ready",
    since: new Date(),
    reconnections: 0,
  };
  let wasReady = health.connected;
  let lossLogged = false;
  let lastError: string | undefined;
  redis.on("error", (error: Error) => {
    lastError = error.message;
  });
  redis.on("close", () => {
    if (health.connected) health = { ...health, connected: false, since: new Date() };
  });
  // Emitted only when ioredis will try again, unlike "close", which a deliberate quit emits too.
  redis.on("reconnecting", () => {
    if (lossLogged || !wasReady) return;
    lossLogged = true;
    logger.warn({ reason: lastError }, "lost the Redis connection; reconnecting");
  });
  redis.on("ready", () => {
    const lostAt = health.since;
    const reconnected = wasReady;
    wasReady = true;
    lossLogged = false;
    lastError = undefined;
    health = {
      connected: true,
      since: new Date(),
      reconnections: health.reconnections + (reconnected ? 1 : 0),
    };
    if (reconnected) {
      logger.info(
        { downMs: health.since.getTime() - lostAt.getTime() },
        "Redis connection restored",
      );
    }
  });
  return () => health;
}

/** An error of a lost or refused connection, rather than of a command. */
function isConnectionError(error: Error): boolean {
  const { code } = error as { code?: unknown };
  return (
    (typeof code === "string" && /^E[A-Z]+$/.test(code)) ||
    error.message === "Connection is closed." ||
    error.name === "MaxRetriesPerRequestError"
  );
}

/**
 * Logs what BullMQ queues and workers report, except a lost connection: each of their
 * connections reports it again at every reconnection attempt, while watchRedis logs the loss
 * and the recovery once. (Without a listener, BullMQ prints each error's stack on stderr.)
 */
export function logQueueErrors(
  emitter: { on(event: "error", listener: (error: Error) => void): unknown },
  logger: Logger,
  message: string,
): void {
  emitter.on("error", (error) => {
    if (isConnectionError(error)) logger.debug({ err: error }, message);
    else logger.error({ err: error }, message);
  });
}
