import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram } from "../../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../../support/running-service.js";
import { eventually } from "../../support/wait.js";

let service: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;
let endpoint: string;
const secret = randomBytes(24).toString("hex");

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    database: "migrated",
    process: {
      roles: "all",
      webhook: { secret, path: `/telegram/${randomBytes(6).toString("hex")}` },
    },
  });
  ({ fake } = service);
  endpoint = service.process.webhookUrl;
}, 90_000);

afterAll(() => service.stop());

let updateId = 1000;
function update(text: string, userId: number) {
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Warga" },
      from: { id: userId, is_bot: false, first_name: "Warga" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.length }] }
        : {}),
    },
  };
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("Telegram webhook mode", () => {
  it("registers the webhook with its secret instead of polling", () => {
    expect(fake.callsOf("setWebhook").map((call) => call.payload)).toContainEqual(
      expect.objectContaining({ url: endpoint, secret_token: secret }),
    );
    expect(fake.callsOf("getUpdates")).toEqual([]);
  });

  it("reports the bot ready on /readyz once Telegram accepted the webhook", async () => {
    const response = await fetch(new URL("/readyz", endpoint));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      parts: { telegram: { status: "ok", state: "webhook" } },
    });
  });

  it("processes an update that carries the secret", async () => {
    const response = await post(update("/bantuan", 701), {
      "x-telegram-bot-api-secret-token": secret,
    });
    expect(response.status).toBe(200);
    const reply = await eventually(() => fake.messagesTo(701)[0]);
    expect(visibleText(reply.text)).toContain("Perintah yang tersedia");
  });

  it("refuses updates without the secret or with a wrong one, and processes nothing", async () => {
    const missing = await post(update("/bantuan", 702));
    const wrong = await post(update("/bantuan", 702), {
      "x-telegram-bot-api-secret-token": `${secret.slice(0, -1)}x`,
    });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    // A signed update sent afterwards is answered, and it is the only answer 702 gets.
    await post(update("/bantuan", 703), { "x-telegram-bot-api-secret-token": secret });
    await eventually(() => fake.messagesTo(703)[0]);
    expect(fake.messagesTo(702)).toEqual([]);
  });

  it("answers a malformed body with 400 once the secret is right", async () => {
    const response = await post({ hello: "world" }, { "x-telegram-bot-api-secret-token": secret });
    expect(response.status).toBe(400);
  });
});
