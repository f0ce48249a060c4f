import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { logRedisErrors, RedisUnavailableError, resolveRedis } from "../../src/infra/redis.js";
import { captureLogs } from "../support/log-capture.js";
import { ServiceProcess } from "../support/process.js";
import { freePort, REDIS_URL, silentLogger, temporaryDirectory } from "../support/services.js";
import { eventually } from "../support/wait.js";

const dataDir = temporaryDirectory();
afterAll(() => dataDir.remove());

/** redis-server processes keeping their data in `<dataDir>/redis` (a server runs in its --dir). */
function serversOn(dataDir: string): number[] {
  const dir = join(dataDir, "redis");
  if (!existsSync(dir)) return [];
  const real = realpathSync(dir);
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return (
          readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "redis-server" &&
          readlinkSync(`/proc/${pid}/cwd`) === real
        );
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

describe("finding Redis", () => {
  it("uses REDIS_URL when it is set", async () => {
    const endpoint = await resolveRedis({
      url: REDIS_URL,
      dataDir: dataDir.path,
      logger: silentLogger,
    });
    expect(endpoint).toMatchObject({ url: REDIS_URL, origin: "configured" });
  });

  it("uses a server already listening on the default port", async () => {
    const { hostname, port } = new URL(REDIS_URL);
    const endpoint = await resolveRedis({
      url: undefined,
      dataDir: dataDir.path,
      logger: silentLogger,
      probe: { host: hostname, port: Number(port) },
    });
    expect(endpoint.origin).toBe("local");
  });

  it("otherwise starts a private redis-server with append-only data, and stops it", async () => {
    const probe = { host: "127.0.0.1", port: await freePort() };
    const endpoint = await resolveRedis({
      url: undefined,
      dataDir: dataDir.path,
      logger: silentLogger,
      probe,
    });
    expect(endpoint.origin).toBe("private");
    const client = new Redis(endpoint.url);
    expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
    expect(await client.config("GET", "maxmemory-policy")).toEqual([
      "maxmemory-policy",
      "noeviction",
    ]);
    await client.quit();
    expect(readdirSync(join(dataDir.path, "redis"))).toContain("appendonlydir");

    await endpoint.close();
    expect(await ping(endpoint.url)).toBe(false);
    expect(serversOn(dataDir.path)).toEqual([]);
    expect(existsSync(join(dataDir.path, "redis", "endpoint.json"))).toBe(false);
  });

  it("says how to get Redis when there is none at all", async () => {
    const probe = { host: "127.0.0.1", port: await freePort() };
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(
        resolveRedis({ url: undefined, dataDir: dataDir.path, logger: silentLogger, probe }),
      ).rejects.toThrow(RedisUnavailableError);
      await expect(
        resolveRedis({ url: undefined, dataDir: dataDir.path, logger: silentLogger, probe }),
      ).rejects.toThrow(/apt-get install redis-server\) or set REDIS_URL=redis:\/\/host:6379/);
    } finally {
      process.env.PATH = path;
    }
  });
});

/**
 * The private redis-server of `npm run chat` on a machine without Redis, used by separate
 * processes the way Aduan processes use it: each finds it through resolveRedis, and leaves it
 * on SIGTERM. Killing one with SIGKILL (or closing its terminal without a handler) is the
 * failure being tested.
 */
describe("the private redis-server of a data directory", () => {
  const processes: ServiceProcess[] = [];
  const strays: { kill(): boolean }[] = [];
  let dir = temporaryDirectory();
  let probePort = 0;

  afterEach(async () => {
    for (const running of processes.splice(0)) {
      running.kill("SIGTERM");
      await running.exited();
    }
    for (const stray of strays.splice(0)) stray.kill();
    await eventually(() => serversOn(dir.path).length === 0, { what: "no redis-server left" });
    dir.remove();
    dir = temporaryDirectory();
  });

  /** An Aduan process on the data directory; its stdout is its JSON log. */
  async function user(): Promise<{ process: ServiceProcess; url: string }> {
    probePort ||= await freePort();
    const script = `
      import { pino } from "pino";
      import { resolveRedis } from ${JSON.stringify(join(PROJECT_ROOT, "dist/src/infra/redis.js"))};
      try {
        const endpoint = await resolveRedis({
          url: undefined,
          dataDir: ${JSON.stringify(dir.path)},
          logger: pino(),
          probe: { host: "127.0.0.1", port: ${probePort} },
        });
        process.on("SIGTERM", () => void endpoint.close().then(() => process.exit(0)));
        console.log(JSON.stringify({ msg: "ready", url: endpoint.url }));
      } catch (error) {
        console.error(error.message);
        process.exit(1);
      }`;
    const started = new ServiceProcess(process.execPath, ["--input-type=module", "-e", script], {});
    processes.push(started);
    // A process that stops before it is ready has its say in the test (one test expects it);
    // one that neither gets ready nor stops fails here with what it printed.
    const readyLine = started.waitFor('"msg":"ready"', 20_000); // within the test's 30 s
    const ready = await Promise.race([readyLine, started.exited().then(() => undefined)]);
    if (ready === undefined) readyLine.catch(() => undefined); // it stopped: no line will come
    const url = ready === undefined ? "" : (/"url":"([^"]+)"/.exec(started.stdout)?.[1] ?? "");
    return { process: started, url };
  }

  /** What a process said and how it ended, for a failure's message. */
  function told(run: ServiceProcess): string {
    const { exitCode, signalCode } = run.child;
    return `stderr: ${run.stderr || "(nothing)"}; exit: ${exitCode ?? signalCode ?? "running"}`;
  }

  /** Kills only the Aduan process, as `kill -9 <pid>` does, leaving what it started. */
  function killHard(target: ServiceProcess): Promise<number | null> {
    if (target.child.pid) process.kill(target.child.pid, "SIGKILL");
    return target.exited();
  }

  /** A redis-server on the directory that cannot be reached over TCP (as from another network namespace). */
  async function unreachableServer(): Promise<number> {
    const redisDir = join(dir.path, "redis");
    mkdirSync(redisDir, { recursive: true });
    const child = spawn(
      "redis-server",
      ["--port", "0", "--unixsocket", join(redisDir, "elsewhere.sock"), "--dir", redisDir],
      { stdio: "ignore" },
    );
    strays.push(child);
    await eventually(() => serversOn(dir.path).includes(child.pid ?? -1), {
      what: "the unreachable redis-server to run",
    });
    return child.pid ?? -1;
  }

  it("left behind by a run killed with SIGKILL is adopted by the next run, which stops it", async () => {
    const first = await user();
    const [server] = serversOn(dir.path);
    await killHard(first.process);
    expect(await ping(first.url)).toBe(true);

    const next = await user();
    expect(next.url).toBe(first.url);
    expect(next.process.stdout, told(next.process)).toContain(
      "adopted the private Redis an earlier run left behind",
    );
    expect(serversOn(dir.path)).toEqual([server]);

    next.process.kill("SIGTERM");
    expect(await next.process.exited()).toBe(0);
    expect(serversOn(dir.path)).toEqual([]);
    expect(await ping(first.url)).toBe(false);
  });

  it("is shared by live processes and stopped by the last one to leave", async () => {
    const first = await user();
    const second = await user();
    expect(second.url).toBe(first.url);
    expect(second.process.stdout, told(second.process)).toContain(
      "using the private Redis of another Aduan process",
    );

    first.process.kill("SIGTERM");
    expect(await first.process.exited()).toBe(0);
    expect(await ping(second.url)).toBe(true);

    second.process.kill("SIGTERM");
    expect(await second.process.exited()).toBe(0);
    expect(serversOn(dir.path)).toEqual([]);
  });

  it("is never started twice on one directory: a left-over server nobody can reach is replaced", async () => {
    const stray = await unreachableServer();
    const run = await user();
    expect(run.process.stdout, told(run.process)).toContain(
      "stopped a private Redis left behind by an earlier run: it did not answer",
    );
    const servers = serversOn(dir.path);
    expect(servers).toHaveLength(1);
    expect(servers).not.toContain(stray);
    expect(await ping(run.url)).toBe(true);
  });

  it("is not touched while a live process holds it, even when it cannot be reached from here", async () => {
    const stray = await unreachableServer();
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    strays.push(holder);
    const port = await freePort();
    writeFileSync(
      join(dir.path, "redis", "endpoint.json"),
      JSON.stringify({ redisPid: stray, port, users: [holder.pid] }),
    );

    const run = await user();
    expect(await run.process.exited()).toBe(1);
    expect(run.process.stderr.trim()).toBe(
      `the private Redis in ${realpathSync(join(dir.path, "redis"))} (redis-server pid ${stray}) is in use by ` +
        `Aduan process ${holder.pid} but does not answer on 127.0.0.1:${port} from here (that process ` +
        "may run in another network namespace or container). Stop it, give this process another " +
        "DATA_DIR, or set REDIS_URL.",
    );
    expect(serversOn(dir.path)).toEqual([stray]);
  });
});

describe("what a Redis client reports", () => {
  it("is logged at debug when the connection is lost or its name did not resolve this time, at error otherwise", () => {
    const { logger, lines } = captureLogs();
    const client = new EventEmitter();
    logRedisErrors(client, logger, "Redis client error");
    const failure = (message: string, code?: string) =>
      Object.assign(new Error(message), code ? { code } : {});
    client.emit("error", failure("connect ECONNREFUSED 127.0.0.1:6379", "ECONNREFUSED"));
    client.emit("error", failure("getaddrinfo EAI_AGAIN redis.internal", "EAI_AGAIN"));
    client.emit("error", failure("getaddrinfo ENOTFOUND redis.internal", "ENOTFOUND"));
    client.emit("error", failure("Connection is closed."));
    client.emit("error", failure("WRONGPASS invalid username-password pair"));
    expect(lines.map((line) => [line.level, (line.err as { message: string }).message])).toEqual([
      [20, "connect ECONNREFUSED 127.0.0.1:6379"],
      [20, "getaddrinfo EAI_AGAIN redis.internal"],
      [20, "getaddrinfo ENOTFOUND redis.internal"],
      [20, "Connection is closed."],
      [50, "WRONGPASS invalid username-password pair"],
    ]);
  });
});
