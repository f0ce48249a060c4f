import { formatDateTime, label, t } from "../../i18n/index.js";
import { eventLabels } from "../../i18n/labels.js";
import { ACTION_EVENTS, REPORT_ACTIONS, type ReportAction } from "../../reports/lifecycle.js";
import type { Language } from "../../messages.js";
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
/** A phone number or numeric chat id: 8 digits or more, or +62 812-3456-7890 written out. */
const NUMBER = /\+\d{1,3}(?:[\s-]?\d{2,5}){2,}|\+?\d{8,}(?:-\d+)?/g;

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
 * Why a message failed, as staff read it on one line: the platform's words with Meta's code
 * said once ("131026: …"), with no message id, phone number, chat id or opaque token a platform
 * may quote (staff see it for anonymous reports too), cut short; a dash when nothing was said.
 */
export function failureReason(lastError: string | null): string {
  const words = codeOnce(lastError ?? "")
    .replace(/\bwamid\.[\w=+/-]+/g, "…")
    .replace(CHAT_ID, "…")
    .replace(NUMBER, "…")
    .replace(/[\w+/=-]{32,}/g, "…")
    .replace(/\s+/g, " ")
    .trim();
  return words ? truncate(words, REASON_LIMIT) : "—";
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
        label(language, "deskDeliveryFailed", { reason: failureReason(delivery.lastError) }),
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
