import type {
  ForceReply,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import type { OutboundMessage } from "../../core/messages.js";
import { wellFormed, type RichText } from "../../core/text.js";

export interface RenderedMessage {
  readonly text: string;
  readonly parse_mode: "HTML";
  readonly reply_markup?:
    InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
  readonly link_preview_options: { readonly is_disabled: true };
}

/** Telegram's longest message; longer texts are cut with a visible mark. */
export const MESSAGE_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return wellFormed(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Rich text as Telegram HTML: every user-supplied character is escaped, so nothing is markup. */
export function toTelegramHtml(text: RichText): string {
  return text
    .map((span) => {
      let html = escapeHtml(span.text);
      if (span.code) html = `<code>${html}</code>`;
      if (span.bold) html = `<b>${html}</b>`;
      if (span.link) html = `<a href="${escapeHtml(span.link)}">${html}</a>`;
      return html;
    })
    .join("");
}

function limit(html: string, text: RichText): string {
  if (html.length <= MESSAGE_LIMIT) return html;
  // Cutting HTML could split a tag; plain text cut at a character boundary is always valid.
  const plain = escapeHtml(text.map((span) => span.text).join(""));
  return `${plain.slice(0, MESSAGE_LIMIT - 2).replace(/&[a-z]*$/, "")} …`;
}

/**
 * A message as sendMessage parameters: choices become inline buttons (their value is the
 * callback data), a location request becomes a reply-keyboard button next to the choices.
 */
export function renderMessage(message: OutboundMessage): RenderedMessage {
  const base = {
    text: limit(toTelegramHtml(message.text), message.text),
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true as const },
  };
  const rows = message.choices ?? [];
  if (message.input?.kind === "location") {
    // A reply keyboard cannot carry callback data: its buttons send their label as text, which
    // the engine reads like a typed answer.
    return {
      ...base,
      reply_markup: {
        keyboard: [
          [{ text: message.input.label, request_location: true }],
          ...rows.map((row) => row.map((choice) => ({ text: choice.label }))),
        ],
        resize_keyboard: true,
        one_time_keyboard: true,
      },
    };
  }
  if (rows.length > 0) {
    return {
      ...base,
      reply_markup: {
        inline_keyboard: rows.map((row) =>
          row.map((choice) => ({ text: choice.label, callback_data: choice.value })),
        ),
      },
    };
  }
  if (message.awaitsReply) {
    // Not selective: a button press has no message of the presser's to target in a group.
    return { ...base, reply_markup: { force_reply: true } };
  }
  if (message.input?.kind === "dismiss")
    return { ...base, reply_markup: { remove_keyboard: true } };
  return base;
}
