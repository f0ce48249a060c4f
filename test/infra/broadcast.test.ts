import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Broadcast } from "../../src/infra/broadcast.js";
import { createTestRedis, silentLogger, type TestRedis } from "../support/services.js";
import { eventually } from "../support/wait.js";

let redis: TestRedis;

beforeAll(() => {
  redis = createTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

describe("a broadcast between processes", () => {
  it("reaches every listener of the installation, and only those", async () => {
    const channel = `${redis.prefix}:holidays`;
    const heard: string[] = [];
    const stopA = await new Broadcast(redis.redis, channel).listen(async () => {
      heard.push("a");
    }, silentLogger);
    const stopB = await new Broadcast(redis.redis, channel).listen(async () => {
      heard.push("b");
    }, silentLogger);
    const stopOther = await new Broadcast(redis.redis, `${redis.prefix}-other:holidays`).listen(
      async () => {
        heard.push("other installation");
      },
      silentLogger,
    );

    await new Broadcast(redis.redis, channel).publish();
    await eventually(() => heard.length === 2 || undefined, { what: "both listeners" });
    expect(heard.sort()).toEqual(["a", "b"]);

    await stopA();
    await new Broadcast(redis.redis, channel).publish();
    await eventually(() => heard.length === 3 || undefined, { what: "the listener left" });
    expect(heard.at(-1)).toBe("b");
    await Promise.all([stopB(), stopOther()]);
  });

  it("runs the listener again when its connection comes back, since messages meanwhile are lost", async () => {
    const channel = `${redis.prefix}:reconnect`;
    let runs = 0;
    const listener = new Broadcast(redis.redis, channel);
    const stop = await listener.listen(async () => {
      runs++;
    }, silentLogger);
    const clients = (await redis.redis.client("LIST")) as string;
    const id = /id=(\d+) [^\n]*name=aduan:listen:[^\s]*reconnect/.exec(clients)?.[1];
    expect(id).toBeDefined();
    await redis.redis.client("KILL", "ID", id ?? "");
    await eventually(() => runs === 1 || undefined, { what: "the reload after reconnecting" });
    await stop();
  });
});
