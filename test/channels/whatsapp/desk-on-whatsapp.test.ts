import { describe, expect, it } from "vitest";
import { accountIdOf, directChatOf } from "../../../src/channels/account-ids.js";
import { toInbound } from "../../../src/channels/whatsapp/inbound.js";
import type { WhatsAppMessage } from "../../../src/channels/whatsapp/transport.js";
import { deskChatsOf } from "../../../src/app/services.js";
import { ConfigError, loadConfig } from "../../../src/config/env.js";

const GROUP = "120363012345678901@g.us";

function message(fields: Partial<WhatsAppMessage>): WhatsAppMessage {
  return {
    id: `false_${GROUP}_3EB0_6281100000001@c.us`,
    from: GROUP,
    author: "6281100000001@c.us",
    fromMe: false,
    isStatus: false,
    broadcast: false,
    type: "chat",
    body: "1",
    hasMedia: false,
    notifyName: "Admin Meja",
    downloadMedia: () => Promise.resolve(undefined),
    ...fields,
  };
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe("the desk's WhatsApp group", () => {
  it("is heard as a staff group: the group is the chat, its member the sender", () => {
    expect(toInbound(message({}), 1024, new Set([GROUP]))).toMatchObject({
      channel: "whatsapp",
      chatId: GROUP,
      group: true,
      user: { id: "6281100000001@c.us", displayName: "Admin Meja", phone: "+6281100000001" },
      content: { kind: "text", text: "1" },
    });
  });

  it("is the only group heard: other groups, and messages without an author, are ignored", () => {
    expect(toInbound(message({}), 1024)).toBeUndefined();
    expect(
      toInbound(message({ from: "120363999999999999@g.us" }), 1024, new Set([GROUP])),
    ).toBeUndefined();
    expect(toInbound(message({ author: undefined }), 1024, new Set([GROUP]))).toBeUndefined();
  });

  it("is validated: a group id, with WhatsApp enabled, and never with the Cloud API", () => {
    expect(
      loadConfig({ WHATSAPP_ENABLED: "true", STAFF_WHATSAPP_GROUP: GROUP }).STAFF_WHATSAPP_GROUP,
    ).toBe(GROUP);
    expect(problemsOf({ WHATSAPP_ENABLED: "true", STAFF_WHATSAPP_GROUP: "6281100000001" })).toEqual(
      [
        "STAFF_WHATSAPP_GROUP: expected the id of the desk's WhatsApp group, such as 120363012345678901@g.us",
      ],
    );
    expect(problemsOf({ STAFF_WHATSAPP_GROUP: GROUP })).toEqual([
      "STAFF_WHATSAPP_GROUP: needs WHATSAPP_ENABLED=true",
    ]);
    expect(
      problemsOf({
        WHATSAPP_ENABLED: "true",
        WHATSAPP_TRANSPORT: "cloud",
        WHATSAPP_CLOUD_ACCESS_TOKEN: `EAAG${"a1".repeat(30)}`,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: "109876543210987",
        WHATSAPP_CLOUD_APP_SECRET: "0123456789abcdef0123456789abcdef",
        WHATSAPP_CLOUD_VERIFY_TOKEN: "verify-token-0123456789",
        STAFF_WHATSAPP_GROUP: GROUP,
      }),
    ).toEqual([
      "STAFF_WHATSAPP_GROUP: the WhatsApp Cloud API cannot write to groups; leave it unset and " +
        "the admins of ADMIN_WHATSAPP_IDS get the desk's cards in their own chats",
    ]);
  });
});

describe("where the desk works", () => {
  const telegram = { TELEGRAM_BOT_TOKEN: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

  it("is Telegram's group alone while WhatsApp is off", () => {
    expect(deskChatsOf(loadConfig({ ...telegram, STAFF_CHAT_ID: "-1001" }))).toEqual({
      groups: [{ channel: "telegram", chatId: "-1001" }],
      privateOn: [],
    });
  });

  it("adds WhatsApp admins' own chats, or WhatsApp's group when there is one", () => {
    const both = { ...telegram, STAFF_CHAT_ID: "-1001", WHATSAPP_ENABLED: "true" };
    expect(deskChatsOf(loadConfig(both))).toEqual({
      groups: [{ channel: "telegram", chatId: "-1001" }],
      privateOn: ["whatsapp"],
    });
    expect(deskChatsOf(loadConfig({ ...both, STAFF_WHATSAPP_GROUP: GROUP }))).toEqual({
      groups: [
        { channel: "telegram", chatId: "-1001" },
        { channel: "whatsapp", chatId: GROUP },
      ],
      privateOn: [],
    });
  });
});

describe("account ids typed by an admin", () => {
  it("become WhatsApp chat ids when they are numbers typed on WhatsApp", () => {
    expect(accountIdOf("whatsapp", "+6281100000002")).toBe("6281100000002@c.us");
    expect(accountIdOf("whatsapp", "6281100000002")).toBe("6281100000002@c.us");
    expect(accountIdOf("whatsapp", "1234567890@lid")).toBe("1234567890@lid");
    expect(accountIdOf("telegram", "910")).toBe("910");
  });

  it("are chats the bot can open itself on WhatsApp, never on Telegram", () => {
    expect(directChatOf("whatsapp", "6281100000002@c.us")).toBe("6281100000002@c.us");
    expect(directChatOf("whatsapp", "1234567890@lid")).toBeUndefined();
    expect(directChatOf("telegram", "910")).toBeUndefined();
  });
});
