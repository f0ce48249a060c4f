import { formatDateTime, t } from "../../i18n/index.js";
import { reportStatusLabels } from "../../i18n/labels.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { joinLines, truncate, type RichText } from "../../text.js";
import type { InboxItem } from "../desk-store.js";
import { dueOf } from "./card.js";

/** A page of a staff inbox: each report with its status, nearest deadline and privacy flags. */
export function renderInbox(
  page: { readonly total: number; readonly number: number; readonly size: number },
  items: readonly InboxItem[],
  options: { readonly language: Language; readonly timeZone: string },
): OutboundMessage {
  const { language, timeZone } = options;
  if (page.total === 0) return { text: t(language, "deskInboxEmpty") };
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  if (items.length === 0) {
    return { text: t(language, "deskInboxNoPage", { page: page.number, pages }) };
  }
  const lines = items.map((report) => {
    const due = dueOf(report);
    const flags = `${report.anonymous ? " 🕶" : ""}${report.confidential ? " 🔒" : ""}`;
    return t(language, "deskInboxLine", {
      code: `${report.trackingCode}${flags}`,
      status: reportStatusLabels[language][report.status],
      title: truncate(report.title, 50),
      due: due ? formatDateTime(language, due, timeZone) : "—",
    });
  });
  const footer: RichText[] =
    page.number < pages ? [t(language, "deskInboxMore", { next: page.number + 1 })] : [];
  return {
    text: joinLines([
      t(language, "deskInboxHeader", { total: page.total, page: page.number, pages }),
      ...lines,
      ...footer,
      t(language, "deskInboxFooter"),
    ]),
  };
}
