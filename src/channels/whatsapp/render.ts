import { flattenChoices, type OutboundMessage } from "../../core/messages.js";
import type { RichText } from "../../core/text.js";

/** WhatsApp accepts up to 65,536 characters; longer texts are cut with a visible mark. */
export const MESSAGE_LIMIT = 65_536;

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

/** Rich text in WhatsApp's markup: only the spans' own flags format, never their text. */
export function toWhatsAppText(text: RichText): string {
  return text
    .map((span) => {
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
    })
    .join("");
}

/**
 * A message as one WhatsApp text. Options follow as a numbered list, answered by typing the
 * number or the option itself (whatsapp-web.js's buttons and lists no longer work).
 */
export function renderMessage(message: OutboundMessage): string {
  const options = flattenChoices(message).map(
    (choice, index) => `*${index + 1}.* ${escapeWhatsApp(choice.label)}`,
  );
  const text = [toWhatsAppText(message.text), ...(options.length > 0 ? ["", ...options] : [])]
    .join("\n")
    .trimEnd();
  if (text.length <= MESSAGE_LIMIT) return text;
  return `${text.slice(0, MESSAGE_LIMIT - 2).replace(/[\uD800-\uDBFF]$/, "")} …`;
}
