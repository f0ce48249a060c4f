import * as crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signatureOf } from "../../../src/channels/whatsapp/cloud/signature.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import { eventually } from "../../support/wait.js";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

let harness: CloudHarness;

beforeAll(async () => {
  harness = await startCloudHarness();
});

afterAll(async () => {
  await harness.stop();
});

afterEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

function textMessage(id: string, body: string) {
  return {
    messages: [
      { from: "6281234500001", id, timestamp: "1764460800", type: "text", text: { body } },
    ],
  };
}

function post(body: string, signature?: string) {
  return fetch(harness.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "x-hub-signature-256": signature } : {}),
    },
    body,
  });
}

describe("the webhook's verification handshake", () => {
  it("answers Meta's challenge when the verify token is ours", async () => {
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.verify_token": harness.fake.verifyToken,
      "hub.challenge": "1158201444",
    });
    const response = await fetch(`${harness.webhookUrl}?${query.toString()}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("1158201444");
  });

  it("refuses a wrong or missing verify token with 403 and no challenge", async () => {
    for (const query of [
      {
        "hub.mode": "subscribe",
        "hub.verify_token": "guessed-token-000000",
        "hub.challenge": "42",
      },
      { "hub.mode": "subscribe", "hub.challenge": "42" },
      {
        "hub.mode": "unsubscribe",
        "hub.verify_token": harness.fake.verifyToken,
        "hub.challenge": "42",
      },
    ] as Record<string, string>[]) {
      const response = await fetch(
        `${harness.webhookUrl}?${new URLSearchParams(query).toString()}`,
      );
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("42");
    }
  });
});

describe("the webhook's signature", () => {
  it("accepts a call signed with the app secret and hands its message on", async () => {
    const { body, signature } = harness.fake.signedWebhook(textMessage("wamid.SIGNED", "halo"));
    const response = await post(body, signature);
    expect(response.status).toBe(200);
    await eventually(() => harness.inbound.some((message) => message.messageId === "wamid.SIGNED"));
  });

  it("checks the bytes received, so escapes Meta uses (\\u00e9, \\/) still verify", async () => {
    const body = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${harness.fake.phoneNumberId}"},"messages":[{"from":"6281234500001","id":"wamid.ESCAPED","timestamp":"1764460800","type":"text","text":{"body":"caf\\u00e9 \\/ jalan"}}]}}]}]}`;
    const response = await post(body, signatureOf(Buffer.from(body), harness.fake.appSecret));
    expect(response.status).toBe(200);
    const received = await eventually(() =>
      harness.inbound.find((message) => message.messageId === "wamid.ESCAPED"),
    );
    expect(received.content).toEqual({ kind: "text", text: "café / jalan" });
  });

  it.each([
    ["unsigned", () => undefined],
    [
      "signed with another secret",
      (body: string) => signatureOf(Buffer.from(body), "f".repeat(32)),
    ],
    [
      "a valid signature of another body",
      () => harness.fake.signedWebhook(textMessage("wamid.OTHER", "x")).signature,
    ],
    [
      "a truncated signature",
      (body: string) => signatureOf(Buffer.from(body), harness.fake.appSecret).slice(0, 20),
    ],
  ])("refuses a call %s with 401 and hands nothing on", async (_what, sign) => {
    const id = `wamid.FORGED${Math.random()}`;
    const { body } = harness.fake.signedWebhook(textMessage(id, "/lapor"));
    const response = await post(body, sign(body));
    expect(response.status).toBe(401);
    // A later genuine message arrives; the forged one never does.
    const { body: genuine, signature } = harness.fake.signedWebhook(
      textMessage(`${id}-genuine`, "ok"),
    );
    expect((await post(genuine, signature)).status).toBe(200);
    await eventually(() =>
      harness.inbound.some((message) => message.messageId === `${id}-genuine`),
    );
    expect(harness.inbound.some((message) => message.messageId === id)).toBe(false);
  });

  it("compares signatures in constant time, whatever their length", async () => {
    const { body } = harness.fake.signedWebhook(textMessage("wamid.TIMING", "x"));
    const response = await post(body, "sha256=00");
    expect(response.status).toBe(401);
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });
});
