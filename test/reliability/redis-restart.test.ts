import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, watchRedis } from "../../src/infra/redis.js";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { captureLogs } from "../support/log-capture.js";
import { PrivateRedis } from "../support/private-services.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { silentLogger, type TestDatabase } from "../support/services.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 2: with the production settings (append-only file, noeviction) a Redis restart
 * loses neither queued reports nor conversations in progress, and the service reconnects alone.
 */
let redis: PrivateRedis;
let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  redis = await PrivateRedis.create();
  service = await startService({
    platform: "telegram",
    redisUrl: redis.url,
    redisPrefix: "database",
    process: false,
  });
  ({ db, fake } = service);
});

afterAll(async () => {
  await service.stop();
  await redis.destroy();
});

describe("a Redis restart", () => {
  it("loses no queued report and no conversation in progress, and the bot reconnects by itself", async () => {
    // A bot without a worker: the submitted report stays in the queue across the restart.
    const bot = await service.start({ roles: "bot,http" });
    const readyz = async () => {
      const response = await fetch(`${bot.httpUrl}/readyz`);
      return { status: response.status, body: (await response.json()) as { failing?: string[] } };
    };
    const queued = fake.citizen(901);
    await fillInformationRequest(queued);
    queued.press("Kirim");
    const confirmation = await queued.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";

    const drafting = fake.citizen(902);
    drafting.send("/lapor");
    await drafting.expect("Apa jenis laporan Anda?");
    drafting.press("Pengaduan");
    await drafting.expect("judul singkat");

    await redis.stop();
    await bot.waitFor("lost the Redis connection; reconnecting");
    expect(await readyz()).toMatchObject({ status: 503, body: { failing: ["redis"] } });
    await redis.start();
    await bot.waitFor("Redis connection restored", 60_000);
    expect(await readyz()).toMatchObject({ status: 200 });

    // The draft continues where it was: the title is taken as the answer to the title step.
    drafting.send("Lampu jalan mati di Jalan Melati");
    await drafting.expect("Ceritakan apa yang terjadi", 30_000);

    // The queued report survived the restart: a worker stores it under the code told.
    await service.start({ roles: "worker" });
    await eventually(async () => (await db.database.prisma.report.count()) > 0, {
      what: "the queued report stored",
      timeoutMs: 60_000,
    });
    expect(
      (await db.database.prisma.report.findMany({ select: { trackingCode: true } })).map(
        (report) => report.trackingCode,
      ),
    ).toEqual([code]);
  }, 180_000);

  it("logs an outage once when it starts and once when it ends, whatever the workers' connections retry", async () => {
    const worker = await service.start({ roles: "worker,http" });
    const before = worker.stdout.length;

    await redis.stop();
    await worker.waitFor("lost the Redis connection; reconnecting");
    // Every connection (the main one, each queue's, each worker's blocking one) retries many
    // times while Redis is away.
    await sleep(4000);
    await redis.start();
    await worker.waitFor("Redis connection restored", 60_000);

    const lines = worker.stdout
      .slice(before)
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([
      "lost the Redis connection; reconnecting",
    ]);
    expect(lines.filter((line) => line.msg === "Redis connection restored")).toHaveLength(1);
    expect(worker.stderr).toBe("");
  }, 120_000);

  it("shows in the health status whether Redis is connected and how often it came back", async () => {
    const client = createRedis(redis.url, "health-test");
    const health = watchRedis(client, silentLogger);
    try {
      await eventually(() => health().connected);
      await redis.stop();
      await eventually(() => !health().connected);
      await redis.start();
      await eventually(() => health().connected, { timeoutMs: 30_000 });
      expect(health().reconnections).toBe(1);
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
    }
  }, 60_000);

  it("does not call a connection closed on purpose (at shutdown) a loss", async () => {
    const logs = captureLogs();
    const client = createRedis(redis.url, "quit-test");
    const health = watchRedis(client, logs.logger);
    await eventually(() => health().connected);
    await client.quit();
    await eventually(() => client.status === "end");
    // A lost connection would be reported as soon as ioredis schedules its reconnection.
    await sleep(200);
    expect(logs.lines.map((line) => line.msg)).toEqual([]);
    expect(health().connected).toBe(false);
  });
});
