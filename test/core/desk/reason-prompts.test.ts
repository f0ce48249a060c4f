import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TELEGRAM_CAPABILITIES } from "../../../src/channels/telegram/updates.js";
import { WHATSAPP_CAPABILITIES } from "../../../src/channels/whatsapp/inbound.js";
import { ReasonPrompts } from "../../../src/core/desk/reason-prompts.js";
import type { InboundContent, InboundMessage } from "../../../src/core/messages.js";
import { createTestRedis, testCipher, type TestRedis } from "../../support/services.js";

let redis: TestRedis;
let prompts: ReasonPrompts;
const GROUP = "-1001";
const ADMIN = "admin-1";
const ASKED_AT = new Date("2026-12-31T15:00:00Z");
const LATER = new Date(ASKED_AT.getTime() + 60_000);

beforeAll(() => {
  redis = createTestRedis();
  prompts = new ReasonPrompts(redis.redis, {
    prefix: redis.prefix,
    cipher: testCipher,
    answerWithinMs: 15 * 60_000,
  });
});

afterAll(async () => {
  await redis.cleanup();
});

function from(
  content: InboundContent,
  extra: Partial<Pick<InboundMessage, "chatId" | "replyTo" | "group">> = {},
): InboundMessage {
  return {
    channel: "telegram",
    capabilities: TELEGRAM_CAPABILITIES,
    chatId: GROUP,
    messageId: String(Math.random()),
    user: { id: ADMIN },
    content,
    receivedAt: LATER,
    group: true,
    ...extra,
  };
}

const text = (
  value: string,
  extra?: Partial<Pick<InboundMessage, "chatId" | "replyTo" | "group">>,
) => from({ kind: "text", text: value }, extra);

async function ask(code = "ADU-AAAAAA") {
  await prompts.ask(
    { channel: "telegram", userId: ADMIN, chatId: GROUP },
    "reject",
    code,
    ASKED_AT,
  );
}

describe("reason prompts", () => {
  it("take the next plain message in a private chat as the answer, once", async () => {
    await ask();
    const settled = await prompts.settle(text("Laporan ganda", { group: false }), LATER);
    expect(settled).toMatchObject({ kind: "answer", text: "Laporan ganda" });
    expect(settled?.prompt).toMatchObject({ action: "reject", code: "ADU-AAAAAA" });
    expect(await prompts.settle(text("Laporan ganda", { group: false }), LATER)).toBeUndefined();
  });

  it("take the next plain message in a WhatsApp group, where replies are not forced", async () => {
    await ask();
    const typed = { ...text("Laporan ganda"), capabilities: WHATSAPP_CAPABILITIES };
    expect(await prompts.settle(typed, LATER)).toMatchObject({ kind: "answer" });
  });

  it("take a reply to the question itself, once the channel said which message it is", async () => {
    await ask();
    await prompts.shown(text("ignored"), "555");
    expect(
      await prompts.settle(text("Di luar wewenang", { replyTo: { messageId: "555" } }), LATER),
    ).toMatchObject({ kind: "answer" });
  });

  it("are dropped by a command, a button or a reply to another message, and say so", async () => {
    for (const message of [
      text("/verifikasi ADU-BBBBBB disdukcapil"),
      from({ kind: "choice", value: "$d:vr:ADU-BBBBBB" }),
      text("Untuk Bapak Bayu", { replyTo: { messageId: "777" } }),
      // In a group, talk among colleagues that replies to nothing.
      text("ok nanti saja"),
    ]) {
      await ask();
      expect(await prompts.settle(message, LATER)).toMatchObject({
        kind: "cancelled",
        prompt: { code: "ADU-AAAAAA" },
      });
      expect(await prompts.settle(text("Laporan ganda"), LATER)).toBeUndefined();
    }
  });

  it("tell another staff member who replies to the question that it is not theirs", async () => {
    await ask("ADU-CCCCCC");
    await prompts.shown(text("ignored"), "558");
    const colleague = {
      ...text("Laporan ganda", { replyTo: { messageId: "558" } }),
      user: { id: "admin-2" },
    };
    expect(await prompts.settle(colleague, LATER)).toMatchObject({
      kind: "not-yours",
      prompt: { code: "ADU-CCCCCC" },
    });
    // The question is still the asker's to answer; once answered, a colleague's reply is nothing.
    const answer = text("Di luar wewenang", { replyTo: { messageId: "558" } });
    expect(await prompts.settle(answer, LATER)).toMatchObject({ kind: "answer" });
    expect(await prompts.settle(colleague, LATER)).toBeUndefined();
  });

  it("ignore what the person writes in another chat", async () => {
    await ask();
    await prompts.shown(text("ignored"), "556");
    const answer = text("Laporan ganda", { replyTo: { messageId: "556" } });
    expect(await prompts.settle(text("hai", { chatId: ADMIN }), LATER)).toBeUndefined();
    expect(await prompts.settle(answer, LATER)).toMatchObject({ kind: "answer" });
  });

  it("refuse a late answer visibly instead of using it", async () => {
    await ask();
    await prompts.shown(text("ignored"), "557");
    const answer = text("Laporan ganda", { replyTo: { messageId: "557" } });
    const late = new Date(ASKED_AT.getTime() + 16 * 60_000);
    expect(await prompts.settle(answer, late)).toMatchObject({ kind: "expired" });
    expect(await prompts.settle(answer, late)).toBeUndefined();
  });
});
