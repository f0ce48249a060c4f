import type { OutboundMessage } from "../messages.js";
import { concat, plain, toPlainText } from "../text.js";

/**
 * The longest text a joined message may have: the body of a WhatsApp Cloud API message with
 * buttons, the tightest limit of the channels, so joining never turns buttons into a list
 * of numbers or splits a message in two.
 */
const JOINED_LIMIT = 1024;

/** Text and nothing else: no buttons, files, keyboard change, awaited answer or notice. */
function isPlain(reply: OutboundMessage): boolean {
  return (
    !reply.files?.length &&
    !reply.choices?.length &&
    !reply.input &&
    !reply.awaitsReply &&
    !reply.notice
  );
}

/**
 * One turn's replies with each plain reply joined to the one after it, as paragraphs of one
 * message: "consent recorded", "a new report" and the first question arrive as one message
 * instead of three, one notification on the phone and one call to the platform each. A reply
 * with files, an awaited answer or a notice keeps its own message (a notice is recorded as
 * sent, word for word), and so does a reply that would make the message too long.
 */
export function joinPlainReplies(replies: readonly OutboundMessage[]): OutboundMessage[] {
  const joined: OutboundMessage[] = [];
  for (const reply of replies) {
    const previous = joined.at(-1);
    if (
      previous &&
      isPlain(previous) &&
      !reply.files?.length &&
      !reply.awaitsReply &&
      !reply.notice &&
      toPlainText(previous.text).length + 2 + toPlainText(reply.text).length <= JOINED_LIMIT
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
