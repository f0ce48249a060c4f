import type { ChannelName } from "../core/messages.js";

/**
 * An account id as its platform knows it, from what an admin typed (`/staf tambah <id>`):
 * on WhatsApp a phone number with its country code, with or without `+`, becomes the chat id
 * whatsapp-web.js reports for that person (`6281234567890@c.us`), as ADMIN_WHATSAPP_IDS does.
 */
export function accountIdOf(channel: ChannelName, typed: string): string {
  if (channel !== "whatsapp" || typed.includes("@") || !/^\+?\d{5,20}$/.test(typed)) return typed;
  return `${typed.replace(/^\+/, "")}@c.us`;
}

/**
 * The private chat the bot can open itself with an account that never wrote to it: on
 * WhatsApp a number's (`<digits>@c.us`) is its chat; Telegram bots must be written to first.
 */
export function directChatOf(channel: ChannelName, externalId: string): string | undefined {
  return channel === "whatsapp" && /^\d{5,20}@c\.us$/.test(externalId) ? externalId : undefined;
}
