import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisUnavailableError, resolveRedis } from "../../src/infra/redis.js";
import { freePort, REDIS_URL, silentLogger, temporaryDirectory } from "../support/services.js";

const dataDir = temporaryDirectory();
afterAll(() => dataDir.remove());

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

  it("otherwise starts a private redis-server with append-only data, shares it, and stops it", async () => {
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

    // A second process on the same data directory joins it instead of starting another.
    const joined = await resolveRedis({
      url: undefined,
      dataDir: dataDir.path,
      logger: silentLogger,
      probe,
    });
    expect(joined.url).toBe(endpoint.url);
    await joined.close();
    expect(await ping(endpoint.url)).toBe(true);

    await endpoint.close();
    expect(await ping(endpoint.url)).toBe(false);
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
