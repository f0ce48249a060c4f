/**
 * Cloud API users are addressed by their WhatsApp id (the phone number's digits). Aduan keeps
 * the chat id whatsapp-web.js uses for the same person (`<digits>@c.us`), so a citizen's reports,
 * language and staff role stay theirs when an office moves from one transport to the other.
 */
export function chatIdOf(waId: string): string {
  return `${waId}@c.us`;
}

/** The WhatsApp id to send to; undefined for ids the Cloud API cannot address (`@lid`, groups). */
export function waIdOf(chatId: string): string | undefined {
  return /^(\d{5,20})@c\.us$/.exec(chatId)?.[1];
}
