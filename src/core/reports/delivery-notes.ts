import type { Catalog } from "../../config/catalog.js";
import { t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import { truncate } from "../text.js";
import { isToReporter, type PendingOutbox } from "./outbox.js";
import { Recipients, type DeskChats } from "./recipients.js";
import type { ReportStore } from "./report-store.js";

/**
 * Staff are told what became of the messages to a reporter that they cannot see themselves:
 * a notice that waits for the reporter to write again (WhatsApp's closed 24-hour window).
 */
export class DeliveryNotes {
  private readonly recipients: Recipients;

  constructor(
    private readonly store: ReportStore,
    private readonly options: {
      readonly catalog: Catalog;
      readonly desk?: DeskChats;
      readonly staffLanguage: Language;
    },
  ) {
    this.recipients = new Recipients(options.catalog, options.desk);
  }

  /** Whoever holds the report hears that a notice to its reporter waits; rows to staff do not. */
  async waiting(row: { reportId: string | null; purpose: string }): Promise<PendingOutbox[]> {
    const { reportId } = row;
    if (!reportId || !isToReporter(row.purpose)) return [];
    const language = this.options.staffLanguage;
    return this.store.transaction(async (unit) => {
      const report = await unit.lock({ id: reportId });
      if (!report) return [];
      const message = {
        text: t(language, "deskNoticeDeliveryWaiting", {
          code: report.trackingCode,
          title: truncate(report.title, 60),
        }),
      };
      const recipients = await this.recipients.holder(unit, report);
      return unit.appendOutbox(
        recipients.map((to) => ({
          to,
          purpose: "staff_notice",
          message,
          reportId,
          lane: "bulk",
        })),
      );
    });
  }
}
