import { flattenChoices, type OutboundMessage } from "../messages.js";
import { concat, plain } from "../text.js";

/**
 * The longest message a join may make: the body of a WhatsApp Cloud API message with buttons,
 * the tightest limit of the channels, so joining never turns buttons into a list of numbers
 * or splits a message in two.
 */
const JOINED_LIMIT = 1024;

/** A message with files, an awaited answer or a notice (recorded as sent, word for word). */
function keepsApart(reply: OutboundMessage): boolean {
  return Boolean(reply.files?.length || reply.awaitsReply || reply.notice);
}

/** Text and nothing else, so it can go above the next message's text. */
function isPlain(reply: OutboundMessage): boolean {
  return !keepsApart(reply) && !reply.choices?.length && !reply.input;
}

/**
 * The message's length as the most verbose channel renders it: WhatsApp's markers around bold
 * (`*`) and code (```` ``` ````) spans, a link's address after its text, and the options as a
 * numbered list under the text (where a location request carries them).
 */
function renderedLength(reply: OutboundMessage): number {
  let length = 0;
  for (const span of reply.text) {
    length += span.text.length + (span.bold ? 2 : 0) + (span.code ? 6 : 0);
    if (span.link) length += span.link.length + 3;
  }
  for (const choice of flattenChoices(reply)) length += choice.label.length + 8;
  return length;
}

/**
 * One turn's replies with each plain reply joined to the one after it, as paragraphs of one
 * message: "consent recorded", "a new report" and the first question arrive as one message
 * instead of three, one notification on the phone and one call to the platform each. A reply
 * with files, an awaited answer or a notice keeps its own message, and so does a reply that
 * would make the message too long.
 */
export function joinPlainReplies(replies: readonly OutboundMessage[]): OutboundMessage[] {
  const joined: OutboundMessage[] = [];
  for (const reply of replies) {
    const previous = joined.at(-1);
    if (
      previous &&
      isPlain(previous) &&
      !keepsApart(reply) &&
      renderedLength(previous) + 2 + renderedLength(reply) <= JOINED_LIMIT
    ) {
      joined[joined.length - 1] = {
        ...reply,
        text: concat(previous.text, plain("\n\n"), reply.text),
      };
    } else {
      joined.push(reply);
    }
  }
  return joined;
}
