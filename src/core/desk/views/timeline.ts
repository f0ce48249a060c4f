import { formatDateTime, label, t } from "../../i18n/index.js";
import { eventLabels } from "../../i18n/labels.js";
import type { Language } from "../../messages.js";
import { joinLines, plain, type RichText } from "../../text.js";
import type { TimelineEntry } from "../desk-store.js";
import { failureReason } from "./deliveries.js";

/**
 * What an event's line quotes of its text. A message's failure or hold is noted with the
 * platform's own error, which can name the reporter (a phone number, a chat or message id) of an
 * anonymous report too: it reads as the delivery line says it (failureReason). A message held
 * for its recipient is WhatsApp Cloud's closed 24-hour window, which the channel explains in
 * English for operators (service-window.ts): staff read their own words first.
 */
function quoted(event: TimelineEntry, language: Language): string | null {
  if (!event.text) return event.text;
  if (event.type === "delivery_failed") return failureReason(event.text, language);
  if (event.type === "delivery_waiting") {
    return label(language, "deskTimelineHeld", { said: failureReason(event.text, language) });
  }
  return event.text;
}

/** A report's whole timeline as staff see it: who did what when, internal events marked. */
export function renderTimeline(
  events: readonly TimelineEntry[],
  options: { readonly language: Language; readonly timeZone: string },
): RichText {
  const { language, timeZone } = options;
  const lines = events.map((event) => {
    const who =
      event.actorType === "staff"
        ? (event.staffName ?? "—")
        : label(language, event.actorType === "reporter" ? "deskActorReporter" : "deskActorSystem");
    const internal = event.public ? "" : ` 🔒 ${label(language, "deskInternal")}`;
    const head = `• ${formatDateTime(language, event.at, timeZone)} — ${eventLabels[language][event.type]} (${who})${internal}`;
    const files =
      event.attachments > 0
        ? ` · ${label(language, "deskTimelineFiles", { count: event.attachments })}`
        : "";
    const text = quoted(event, language);
    return plain(text ? `${head}: ${text}${files}` : `${head}${files}`);
  });
  return joinLines([t(language, "statusTimeline"), ...lines]);
}
