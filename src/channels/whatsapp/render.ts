import { flattenChoices, type OutboundMessage } from "../../core/messages.js";
import { splitRichText, type RichText, type Span, type SpanCost } from "../../core/text.js";

/**
 * The longest WhatsApp message we send, as the rendered text's length (markers included).
 * The app takes up to 65,536 characters, but the Cloud API only 4,096, and a part of that size
 * still reads on a phone; longer texts go out in several messages.
 */
export const MESSAGE_LIMIT = 4096;

/**
 * WhatsApp has no escape character for its markers (`*bold*`, `_italic_`, `~strike~`,
 * ```` ```mono``` ````), so literal text gets look-alike characters that never format.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "*": "\u2217", // ∗ asterisk operator
  _: "\uFF3F", // ＿ fullwidth low line
  "~": "\u223C", // ∼ tilde operator
  "`": "\u02CB", // ˋ modifier letter grave accent
};

export function escapeWhatsApp(text: string): string {
  return text.replace(/[*_~`]/g, (marker) => LOOK_ALIKES[marker] ?? marker);
}

function spanText(span: Span): string {
  let out = escapeWhatsApp(span.text);
  // A marker only formats when it touches text, so spaces stay outside it.
  const marked = (marker: string) => {
    const [, before = "", inner = "", after = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(out) ?? [];
    return inner ? `${before}${marker}${inner}${marker}${after}` : out;
  };
  if (span.code) out = marked("```");
  if (span.bold) out = marked("*");
  if (span.link && span.link !== span.text) out = `${out} (${span.link})`;
  return out;
}

/** What a span counts in a WhatsApp message, its markers included. */
export const whatsAppLength: SpanCost = (span) => spanText(span).length;

/** Rich text in WhatsApp's markup: only the spans' own flags format, never their text. */
export function toWhatsAppText(text: RichText): string {
  return text.map(spanText).join("");
}

/**
 * A message as WhatsApp texts: one, or several when it is longer than MESSAGE_LIMIT, split at
 * line breaks with its formatting kept. Options follow the last part as a numbered list,
 * answered by typing the number or the option itself (whatsapp-web.js's buttons and lists no
 * longer work).
 */
export function renderMessages(message: OutboundMessage): string[] {
  const tail = numberedOptions(message);
  const parts = splitRichText(message.text, MESSAGE_LIMIT, whatsAppLength, tail.length);
  return parts.map((part, index) =>
    `${toWhatsAppText(part)}${index === parts.length - 1 ? tail : ""}`.trimEnd(),
  );
}

/** What follows a message's text for its options: a blank line, then one numbered line each. */
export function numberedOptions(message: OutboundMessage): string {
  const options = flattenChoices(message).map(
    (choice, index) => `*${index + 1}.* ${escapeWhatsApp(choice.label)}`,
  );
  return options.length > 0 ? ["", "", ...options].join("\n") : "";
}
