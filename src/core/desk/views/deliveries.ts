import { formatDateTime, label, t, type MessageKey } from "../../i18n/index.js";
import { eventLabels } from "../../i18n/labels.js";
import { ACTION_EVENTS, REPORT_ACTIONS, type ReportAction } from "../../reports/lifecycle.js";
import type { Language } from "../../messages.js";
import { ERASED_RECIPIENT } from "../../reports/outbox.js";
import { joinLines, truncate, type RichText } from "../../text.js";
import type { ReporterDelivery } from "../desk-store.js";

const isAction = (value: string): value is ReportAction =>
  (REPORT_ACTIONS as readonly string[]).includes(value);

/** What a message to the reporter was: the confirmation, or the update of an action. */
function what(purpose: string, language: Language): string {
  const action = purpose.slice("update:".length);
  if (purpose.startsWith("update:") && isAction(action)) {
    return eventLabels[language][ACTION_EVENTS[action]];
  }
  return label(language, "deskDeliveryConfirmation");
}

/** As much of a failure's reason as fits a line of a phone's screen. */
const REASON_LIMIT = 160;

/** A chat id, with or without its number: 6281234567890@c.us, …@s.whatsapp.net, …@lid, …@g.us. */
const CHAT_ID = /[\w.+-]*@(?:c\.us|s\.whatsapp\.net|lid|g\.us|broadcast|newsletter)\b/g;
/** An id our own errors already masked to its last characters (maskedAccount): *********7890. */
const MASKED = /\*{2,}[\w.-]*/g;
/**
 * A phone number, or a user or chat id (Telegram's early ones have 5 to 7 digits): 5 digits or
 * more, or +62 812-3456-7890 written out. Meta's code at the head of a reason is not one.
 */
const NUMBER = /\+\d{1,3}(?:[\s-]?\d{2,5}){2,}|\+?\d{5,}(?:-\d+)?/g;

/**
 * Meta's code as "131026: …", the form of the webhook's reasons (channels.ts) and of the send
 * errors' prefix: a "(#131026)" in the text goes where the code is already named, and stands as
 * "131026: " where it is not.
 */
function codeOnce(text: string): string {
  return text.replace(/\(#(\d+)\)\s*/g, (_bracket, code: string, offset: number) =>
    text.slice(0, offset).includes(`${code}:`) ? "" : `${code}: `,
  );
}

/**
 * Reasons staff meet often, by Meta's code: in staff's words, since Meta's are meant for
 * developers (and the English is kept after the Indonesian, the words an operator searches for);
 * every template error (132000–132999) alike. The wording names the recipient, not the
 * reporter: a card or notice to staff fails with the same codes. Meta's full text stays stored,
 * on the outbox row and the timeline's note, for the operator.
 */
const META_REASONS: ReadonlyMap<string, MessageKey> = new Map([
  ["131026", "deskReasonUndeliverable"],
  ["131047", "deskReasonReengagement"],
  ["131049", "deskReasonEcosystem"],
  ["131051", "deskReasonUnsupported"],
  ["131053", "deskReasonMedia"],
  ["130429", "deskReasonThroughput"],
  ["131056", "deskReasonPairRate"],
  ["131021", "deskReasonOwnNumber"],
  ["131030", "deskReasonNotAllowed"],
  ["190", "deskReasonAccess"],
]);

/** Meta's code at the head of a reason: the webhook's "131026: …", the send errors' prefix. */
const META_CODE = /^(?:WhatsApp Cloud API:? )?(\d+): /;

/** The Bot API's refusals of a reporter who cannot be written to, by its status (telegram/errors.ts). */
const TELEGRAM_REASONS: readonly (readonly [RegExp, MessageKey])[] = [
  [/^\w+: (403) Forbidden: bot was blocked by the user/, "deskReasonBlocked"],
  [/^\w+: (400) Bad Request: chat not found/, "deskReasonChatNotFound"],
  [/^\w+: (403) Forbidden: user is deactivated/, "deskReasonDeactivated"],
];

/** A well-known reason in staff's words, its code kept ("131026: …"); undefined for others. */
function knownReason(said: string, language: Language): string | undefined {
  const code = META_CODE.exec(said)?.[1];
  const meta = code
    ? (META_REASONS.get(code) ?? (/^132\d{3}$/.test(code) ? "deskReasonTemplate" : undefined))
    : undefined;
  if (code && meta) return `${code}: ${label(language, meta)}`;
  if (said === ERASED_RECIPIENT) return label(language, "deskReasonErased");
  for (const [pattern, key] of TELEGRAM_REASONS) {
    const status = pattern.exec(said)?.[1];
    if (status) return `${status}: ${label(language, key)}`;
  }
  return undefined;
}

/**
 * Why a message failed or waits, as staff read it on one line here and on the report's
 * timeline: a well-known reason in their words, else the platform's words with Meta's code said
 * once ("131026: …"), with no message id, phone number, chat id or opaque token a platform may
 * quote (staff see it for anonymous reports too), cut short; that it was not recorded when
 * nothing was said (a failure kept before reasons were, whose timeline had none either).
 */
export function failureReason(lastError: string | null, language: Language): string {
  const said = codeOnce(lastError ?? "").trim();
  const known = knownReason(said, language);
  if (known) return known;
  const head = META_CODE.exec(said)?.[0] ?? "";
  const words = (head + scrubbed(said.slice(head.length))).replace(/\s+/g, " ").trim();
  return words ? truncate(words, REASON_LIMIT) : label(language, "deskReasonNotRecorded");
}

/** A platform's words without the message ids, chat ids, numbers and tokens they may quote. */
function scrubbed(said: string): string {
  return said
    .replace(/\bwamid\.[\w=+/-]+/g, "…")
    .replace(CHAT_ID, "…")
    .replace(MASKED, "…")
    .replace(NUMBER, "…")
    .replace(/[\w+/=-]{32,}/g, "…");
}

/**
 * Whether the reporter got each message about their report: sent, on their phone, read (where
 * the platform reports it), waiting for them to write again, or failed and why.
 */
export function renderDeliveries(
  deliveries: readonly ReporterDelivery[],
  options: { readonly language: Language; readonly timeZone: string },
): RichText | undefined {
  const { language, timeZone } = options;
  if (deliveries.length === 0) return undefined;
  const at = (date: Date) => formatDateTime(language, date, timeZone);
  const lines = deliveries.map((delivery) => {
    const steps: string[] = [];
    if (delivery.state === "waiting") steps.push(label(language, "deskDeliveryWaiting"));
    else if (delivery.state === "failed")
      steps.push(
        label(language, "deskDeliveryFailed", {
          reason: failureReason(delivery.lastError, language),
        }),
      );
    else if (!delivery.sentAt) steps.push(label(language, "deskDeliveryPending"));
    else {
      steps.push(label(language, "deskDeliverySent", { at: at(delivery.sentAt) }));
      if (delivery.deliveredAt)
        steps.push(label(language, "deskDeliveryDelivered", { at: at(delivery.deliveredAt) }));
      if (delivery.readAt)
        steps.push(label(language, "deskDeliveryRead", { at: at(delivery.readAt) }));
    }
    return t(language, "deskDeliveryLine", {
      what: what(delivery.purpose, language),
      written: at(delivery.writtenAt),
      state: steps.join(" · "),
    });
  });
  return joinLines([t(language, "deskDeliveryHeader"), ...lines]);
}
