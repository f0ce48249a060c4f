import * as crypto from "node:crypto";
import Fastify from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { telegramWebhook } from "../../../src/channels/telegram/webhook.js";
import { silentLogger } from "../../support/services.js";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const SECRET = "s3cret-webhook-token-0123456789";

async function webhook() {
  const handled: unknown[] = [];
  const app = Fastify();
  await app.register(
    telegramWebhook({
      path: "/hook",
      secret: SECRET,
      handleUpdate: async (update) => {
        handled.push(update);
      },
      logger: silentLogger,
    }),
  );
  return { app, handled };
}

afterEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe("the webhook secret", () => {
  it.each([
    ["the same length", SECRET.replace(/.$/, "X")],
    ["a prefix", SECRET.slice(0, 10)],
    ["a longer value", `${SECRET}0`],
    ["non-ASCII", `${SECRET.slice(0, -1)}é`],
  ])("refuses %s with 401, compared in constant time", async (_what, given) => {
    const { app, handled } = await webhook();
    const response = await app.inject({
      method: "POST",
      url: "/hook",
      headers: { "x-telegram-bot-api-secret-token": given },
      payload: { update_id: 1 },
    });
    expect(response.statusCode).toBe(401);
    expect(handled).toEqual([]);
    // Equal-length digests always go through timingSafeEqual, whatever the input length.
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
    await app.close();
  });

  it("accepts the right secret", async () => {
    const { app, handled } = await webhook();
    const response = await app.inject({
      method: "POST",
      url: "/hook",
      headers: { "x-telegram-bot-api-secret-token": SECRET },
      payload: { update_id: 7 },
    });
    expect(response.statusCode).toBe(200);
    expect(handled).toEqual([{ update_id: 7 }]);
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
    await app.close();
  });
});
