import { flattenChoices, type Choice, type OutboundMessage } from "../../../core/messages.js";
import { splitRichText, textBefore } from "../../../core/text.js";
import { numberedOptions, renderMessages, toWhatsAppText, whatsAppLength } from "../render.js";
import type { CloudMessageContent, TextContent } from "./message-content.js";

/**
 * Meta's limits for what Aduan sends, in characters:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages
 * Lengths are counted in UTF-16 units, which is never less than what Meta counts.
 */
export const CLOUD_LIMITS = {
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

/** The label of the button that opens a list; both languages, since a message has no language. */
export const LIST_BUTTON = "Pilih / Choose";

/** Cuts text to `max` UTF-16 units at a character boundary, marking the cut with "…". */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** Text with numbered options, as one body (for an interactive message's short body). */
const numbered = (message: OutboundMessage): string => renderMessages(message).join("\n");

/**
 * Text with numbered options as whatsapp-web.js sends it: a text longer than a message (4,096
 * characters in both) in parts cut at line breaks, the options after the last part.
 */
const numberedText = (message: OutboundMessage): TextContent[] =>
  renderMessages(message).map((body) => ({ type: "text", text: { body, preview_url: false } }));

function buttonsFit(choices: readonly Choice[]): boolean {
  const titles = new Set(choices.map((choice) => choice.label));
  return (
    choices.length <= CLOUD_LIMITS.buttons &&
    titles.size === choices.length &&
    choices.every(
      (choice) =>
        choice.label.length <= CLOUD_LIMITS.buttonTitle &&
        choice.value.length <= CLOUD_LIMITS.buttonId,
    )
  );
}

function listFits(choices: readonly Choice[]): boolean {
  return (
    choices.length <= CLOUD_LIMITS.rows &&
    choices.every((choice) => choice.value.length <= CLOUD_LIMITS.rowId)
  );
}

/**
 * A message in the Cloud API's terms. Choices become reply buttons (up to 3 short labels) or a
 * list (up to 10 rows; a label cut to fit the row's title is shown whole below it); a location
 * step gets WhatsApp's "send location" button. Whatever does not fit Meta's limits goes as
 * text with numbered options, answered by typing the number, as on whatsapp-web.js: in several
 * messages, sent in order, when it is longer than one.
 */
export function renderCloudMessage(message: OutboundMessage): CloudMessageContent[] {
  const interactive = interactiveContent(message);
  return interactive ? [interactive] : numberedText(message);
}

/**
 * An immediate reply in the conversation (a question, the summary): as `renderCloudMessage`,
 * but a text longer than an interactive message's body goes first as text and its last lines
 * carry the buttons, which stay buttons as the prompt says ("Tekan Kirim"), or a location
 * step's "send location" button with the options numbered below them. Only for replies: a
 * notice or a card stays one numbered message, its options beside its text.
 */
export function renderCloudReply(message: OutboundMessage): CloudMessageContent[] {
  const interactive = interactiveContent(message);
  if (interactive) return [interactive];
  // A location request carries no buttons beside its own, so its options are written in its
  // body: its part of the text leaves room for them.
  const options = message.input?.kind === "location" ? numberedOptions(message).length : 0;
  const parts = splitRichText(message.text, CLOUD_LIMITS.interactiveBody, whatsAppLength, options);
  const last = parts.length > 1 ? parts.at(-1) : undefined;
  const tail = last ? interactiveContent({ ...message, text: last }) : undefined;
  if (!last || !tail) return numberedText(message);
  return [...numberedText({ text: textBefore(message.text, last) }), tail];
}

/** The message as one interactive message, when it fits one. */
function interactiveContent(message: OutboundMessage): CloudMessageContent | undefined {
  const choices = flattenChoices(message);
  const body = toWhatsAppText(message.text).trimEnd();
  if (message.input?.kind === "location") {
    const prompt = choices.length > 0 ? numbered(message) : body;
    if (prompt.length > CLOUD_LIMITS.interactiveBody || prompt === "") return undefined;
    return {
      type: "interactive",
      interactive: {
        type: "location_request_message",
        body: { text: prompt },
        action: { name: "send_location" },
      },
    };
  }
  if (choices.length === 0) return undefined;
  if (body === "" || body.length > CLOUD_LIMITS.interactiveBody) return undefined;
  if (buttonsFit(choices)) {
    return {
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: body },
        action: {
          buttons: choices.map((choice) => ({
            type: "reply",
            reply: { id: choice.value, title: choice.label },
          })),
        },
      },
    };
  }
  if (listFits(choices)) {
    return {
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: body },
        action: {
          button: LIST_BUTTON,
          sections: [
            {
              rows: choices.map((choice) => {
                const title = fit(choice.label, CLOUD_LIMITS.rowTitle);
                const whole = title !== choice.label;
                return {
                  id: choice.value,
                  title,
                  ...(whole ? { description: fit(choice.label, CLOUD_LIMITS.rowDescription) } : {}),
                };
              }),
            },
          ],
        },
      },
    };
  }
  return undefined;
}
