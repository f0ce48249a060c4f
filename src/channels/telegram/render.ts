import type {
  ForceReply,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import type { OutboundMessage } from "../../core/messages.js";
import {
  splitRichText,
  truncateRichText,
  wellFormed,
  type RichText,
  type Span,
} from "../../core/text.js";

export interface RenderedMessage {
  readonly text: string;
  readonly parse_mode: "HTML";
  readonly reply_markup?:
    InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
  readonly link_preview_options: { readonly is_disabled: true };
}

/** Telegram's longest message: characters of the text after entity parsing (tags are free). */
export const MESSAGE_LIMIT = 4096;

/**
 * What Telegram counts of a span: its visible characters as Unicode code points (an emoji
 * outside the BMP is one, not two UTF-16 units: 4,096 of them are accepted, 4,097 refused; a
 * lone surrogate, sent as U+FFFD, is one). Counted in place: every reply is measured.
 */
function visibleLength(span: Span): number {
  const { text } = span;
  let length = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      length--;
      index++;
    }
  }
  return length;
}

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

type Markup = RenderedMessage["reply_markup"];

/**
 * Where a message's choices go: `reply`, the keyboard under the reply box, for the answer to a
 * person's own message in their private chat, where a press is the label sent as text (the
 * chat then shows the choice as theirs, and the engine reads it like a typed answer); `inline`,
 * buttons under the message, for everything else (cards, messages sent later), where a press
 * is a callback.
 */
export type KeyboardKind = "reply" | "inline";

/**
 * Choices as buttons of the given kind; a location request is always a reply-keyboard button
 * (only that kind can carry it), with the choices beside it.
 */
function markupOf(message: OutboundMessage, keyboard: KeyboardKind): Markup {
  const rows = message.choices ?? [];
  if (message.input?.kind === "location" || (keyboard === "reply" && rows.length > 0)) {
    const location =
      message.input?.kind === "location"
        ? [[{ text: message.input.label, request_location: true }]]
        : [];
    return {
      keyboard: [...location, ...rows.map((row) => row.map((choice) => ({ text: choice.label })))],
      resize_keyboard: true,
      one_time_keyboard: true,
    };
  }
  if (rows.length > 0) {
    return {
      inline_keyboard: rows.map((row) =>
        row.map((choice) => ({ text: choice.label, callback_data: choice.value })),
      ),
    };
  }
  if (message.awaitsReply) {
    // Not selective: a button press has no message of the presser's to target in a group.
    return { force_reply: true };
  }
  if (message.input?.kind === "dismiss") return { remove_keyboard: true };
  return undefined;
}

function rendered(text: RichText, markup: Markup): RenderedMessage {
  return {
    text: toTelegramHtml(text),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(markup ? { reply_markup: markup } : {}),
  };
}

/**
 * A message as sendMessage calls: one, or several when the text is longer than Telegram takes,
 * split at line breaks with its formatting kept and its buttons under the last part.
 */
export function renderMessages(
  message: OutboundMessage,
  keyboard: KeyboardKind = "inline",
): RenderedMessage[] {
  const parts = splitRichText(message.text, MESSAGE_LIMIT, visibleLength);
  const markup = markupOf(message, keyboard);
  return parts.map((part, index) =>
    rendered(part, index === parts.length - 1 ? markup : undefined),
  );
}

/**
 * A message as one editMessageText call, which cannot split: a staff card is kept within the
 * limit by construction, and anything longer is cut between two characters with a visible
 * " …".
 */
export function renderEdit(message: OutboundMessage): RenderedMessage {
  return rendered(
    truncateRichText(message.text, MESSAGE_LIMIT, visibleLength),
    markupOf(message, "inline"),
  );
}
