import { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueDashboard } from "../../src/http/queue-dashboard.js";
import { startHttpServer } from "../../src/http/server.js";
import { createTestRedis, freePort, silentLogger, type TestRedis } from "../support/services.js";

let redis: TestRedis;
let queue: Queue;
const servers: FastifyInstance[] = [];

async function serve(password: string | undefined): Promise<string> {
  const port = await freePort();
  const server = await startHttpServer({
    host: "127.0.0.1",
    port,
    logger: silentLogger,
    plugins: [queueDashboard({ queues: [queue], user: "operator", password })],
  });
  servers.push(server);
  return `http://127.0.0.1:${port}/admin/queues`;
}

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

beforeAll(() => {
  redis = createTestRedis();
  queue = new Queue("intake", { connection: redis.redis, prefix: `${redis.prefix}:q` });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await queue.close();
  await redis.cleanup();
});

describe("the queue dashboard", () => {
  it("asks for credentials, and refuses a wrong user or password", async () => {
    const url = await serve("correct-horse-battery");
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    for (const headers of [
      basic("operator", "wrong-password-here"),
      basic("someone", "correct-horse-battery"),
      basic("operator", ""),
      { authorization: "Bearer correct-horse-battery" },
    ]) {
      expect((await fetch(url, { headers })).status).toBe(401);
      expect((await fetch(`${url}/api/queues`, { headers })).status).toBe(401);
    }
  });

  it("shows the queues to the configured user", async () => {
    const url = await serve("correct-horse-battery");
    const headers = basic("operator", "correct-horse-battery");
    const page = await fetch(url, { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Bull Dashboard</title>");
    const api = await fetch(`${url}/api/queues`, { headers });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((entry) => entry.name)).toEqual(["intake"]);
  });

  it("stays disabled, saying why, while no ADMIN_PASSWORD is configured", async () => {
    const url = await serve(undefined);
    for (const path of [url, `${url}/api/queues`]) {
      const response = await fetch(path, { headers: basic("operator", "") });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: "the queue dashboard is disabled until ADMIN_PASSWORD is set",
      });
    }
  });
});
