import { spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis, type RedisOptions } from "ioredis";
import { z } from "zod";
import type { Logger } from "./logger.js";
import { isNetworkErrorCode, ServiceRefusedError, type RequiredService } from "./startup.js";

export { Redis } from "ioredis";

/** Where this process talks to Redis, and how to let go of it. */
export interface RedisEndpoint {
  readonly url: string;
  /** configured: REDIS_URL; local: found on the default port; private: under DATA_DIR/redis. */
  readonly origin: "configured" | "local" | "private";
  /** Leaves the private redis-server, stopping it when no other Aduan process uses it. */
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

/** The process exists and has not exited: a zombie (exited, not yet reaped) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; the name before it is in parentheses.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc (macOS): kill(0) is all there is
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
 * redis-server with its append-only data under `<dataDir>/redis`.
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
  return usePrivateRedis(options, probeUrl);
}

/**
 * Who uses the private server of a data directory: its pid and port, and the Aduan processes
 * using it. The last one to leave stops it; a server whose users are all gone (their process
 * was killed) is an orphan, and the next process adopts it.
 */
const privateStateSchema = z.object({
  redisPid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  users: z.array(z.number().int().positive()),
});
type PrivateState = z.infer<typeof privateStateSchema>;

const urlOfPort = (port: number) => `redis://127.0.0.1:${port}`;

/** The private Redis of one data directory, and the files that coordinate its users. */
class PrivateRedisDir {
  readonly dir: string;
  private readonly stateFile: string;
  private readonly lockFile: string;

  constructor(dataDir: string) {
    mkdirSync(join(dataDir, "redis"), { recursive: true });
    // Compared with the working directory of redis-server processes, which the kernel resolves.
    this.dir = realpathSync(join(dataDir, "redis"));
    this.stateFile = join(this.dir, "endpoint.json");
    this.lockFile = join(this.dir, "endpoint.lock");
  }

  readState(): PrivateState | undefined {
    try {
      const parsed = privateStateSchema.safeParse(JSON.parse(readFileSync(this.stateFile, "utf8")));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  writeState(state: PrivateState): void {
    writeFileSync(this.stateFile, JSON.stringify(state));
  }

  removeState(): void {
    rmSync(this.stateFile, { force: true });
  }

  /**
   * redis-server processes keeping their data here, whichever network namespace they listen
   * in and whatever the state file says: a redis-server runs in its `--dir`. Without /proc
   * (macOS), the pid in the state file is all there is to go by.
   */
  servers(state: PrivateState | undefined): number[] {
    if (!existsSync("/proc/self")) return state && isAlive(state.redisPid) ? [state.redisPid] : [];
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return (
            readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "redis-server" &&
            readlinkSync(`/proc/${pid}/cwd`) === this.dir
          );
        } catch {
          return false; // exited while we looked, or not ours to inspect
        }
      })
      .map(Number);
  }

  /** The port a server listens on: from the state file, or from the title redis-server shows. */
  portOf(pid: number, state: PrivateState | undefined): number | undefined {
    if (state?.redisPid === pid) return state.port;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      const port = /:(\d+)\b/.exec(title)?.[1];
      return port ? Number(port) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Runs `work` while no other Aduan process starts, joins or leaves this directory's server.
   * A lock left by a process that died is taken over.
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        writeFileSync(this.lockFile, String(process.pid), { flag: "wx" });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = Number(readFileSync(this.lockFile, "utf8").trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        rmSync(this.lockFile, { force: true });
        continue;
      }
      if (attempt >= 200) {
        throw new RedisUnavailableError(
          `Aduan process ${holder} has been starting or stopping the private Redis in ${this.dir} ` +
            "for 10 s; try again when it is done, or stop it",
        );
      }
      await sleep(50);
    }
    try {
      return await work();
    } finally {
      rmSync(this.lockFile, { force: true });
    }
  }
}

/** SIGTERM (redis-server writes its append-only file and exits), then SIGKILL after 10 s. */
async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 50) await sleep(50);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function usePrivateRedis(
  options: ResolveRedisOptions,
  probeUrl: string,
): Promise<RedisEndpoint> {
  const home = new PrivateRedisDir(options.dataDir);
  const { logger } = options;
  const url = await home.exclusively(async () => {
    const state = home.readState();
    const users = (state?.users ?? []).filter((pid) => pid !== process.pid && isAlive(pid));
    let reachable: { pid: number; port: number } | undefined;
    const unreachable: { pid: number; port: number | undefined }[] = [];
    for (const pid of home.servers(state)) {
      const port = home.portOf(pid, state);
      if (!reachable && port !== undefined && (await answersPing(urlOfPort(port))))
        reachable = { pid, port };
      else unreachable.push({ pid, port });
    }
    const [held] = unreachable;
    if (!reachable && held && users.length > 0) {
      throw new RedisUnavailableError(
        `the private Redis in ${home.dir} (redis-server pid ${held.pid}) is in use by Aduan process ` +
          `${users.join(", ")} but does not answer on 127.0.0.1:${held.port ?? "?"} from here ` +
          "(that process may run in another network namespace or container). Stop it, give this " +
          "process another DATA_DIR, or set REDIS_URL.",
      );
    }
    // Never two servers on one append-only file: one that cannot be reached and that no live
    // process uses is left over from a killed run.
    for (const { pid, port } of users.length > 0 ? [] : unreachable) {
      await stopServer(pid);
      logger.warn(
        { pid, port, dir: home.dir },
        "stopped a private Redis left behind by an earlier run: it did not answer",
      );
    }
    if (reachable) {
      home.writeState({
        redisPid: reachable.pid,
        port: reachable.port,
        users: [...users, process.pid],
      });
      const found = urlOfPort(reachable.port);
      if (users.length > 0)
        logger.info({ url: found, users }, "using the private Redis of another Aduan process");
      else
        logger.info(
          { url: found, pid: reachable.pid },
          "adopted the private Redis an earlier run left behind; it stops when this process does",
        );
      return found;
    }
    const started = await startServer(home, probeUrl);
    home.writeState({ redisPid: started.pid, port: started.port, users: [process.pid] });
    logger.info(
      { url: urlOfPort(started.port), dir: home.dir, pid: started.pid },
      "started a private Redis (set REDIS_URL for production)",
    );
    return urlOfPort(started.port);
  });

  return {
    url,
    origin: "private",
    // The last process to leave stops the server; the others keep using it.
    close: () =>
      home.exclusively(async () => {
        const state = home.readState();
        if (!state) return;
        const users = state.users.filter((pid) => pid !== process.pid && isAlive(pid));
        if (users.length > 0) {
          home.writeState({ ...state, users });
          return;
        }
        if (home.servers(state).includes(state.redisPid)) await stopServer(state.redisPid);
        home.removeState();
      }),
  };
}

async function startServer(
  home: PrivateRedisDir,
  probeUrl: string,
): Promise<{ pid: number; port: number }> {
  const binary = findExecutable("redis-server");
  if (!binary) {
    throw new RedisUnavailableError(
      `Redis is required but none was found: REDIS_URL is not set, nothing answers on ${probeUrl}, ` +
        "and no redis-server is installed. Install one (Debian/Ubuntu: apt-get install redis-server) " +
        "or set REDIS_URL=redis://host:6379.",
    );
  }
  const port = await freePort();
  // Its own process group: Ctrl+C in the terminal reaches Aduan, which stops Redis last, after
  // the jobs that still write to it.
  const child = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      home.dir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
      "--logfile",
      "redis.log",
    ],
    { stdio: "ignore", detached: true },
  );
  child.unref();
  const state = { exited: false };
  child.once("exit", () => (state.exited = true));
  const { pid } = child;
  for (let attempt = 0; attempt < 100 && !state.exited && pid !== undefined; attempt++) {
    if (await answersPing(urlOfPort(port))) return { pid, port };
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new RedisUnavailableError(
    `the private redis-server did not start; see ${join(home.dir, "redis.log")}, or set REDIS_URL`,
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
  return (
    isNetworkErrorCode((error as { code?: unknown }).code) ||
    error.message === "Connection is closed." ||
    error.name === "MaxRetriesPerRequestError"
  );
}

/**
 * Logs what a Redis client reports (a BullMQ queue or worker, or a connection besides the
 * watched one), except a lost connection: each connection reports it again at every attempt,
 * while watchRedis logs the loss and the recovery once. (Without a listener, BullMQ and ioredis
 * print each error's stack on stderr.)
 */
export function logRedisErrors(
  emitter: { on(event: "error", listener: (error: Error) => void): unknown },
  logger: Logger,
  message: string,
): void {
  emitter.on("error", (error) => {
    if (isConnectionError(error)) logger.debug({ err: error }, message);
    else logger.error({ err: error }, message);
  });
}
