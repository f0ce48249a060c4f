import type { Catalog } from "../../config/catalog.js";
import type { Language } from "../messages.js";
import type { OutboxEntry, PendingOutbox } from "./outbox.js";
import { Recipients, type DeskChats } from "./recipients.js";
import type { ReportStore } from "./report-store.js";
import { renderBatch, renderCard } from "../desk/views/card.js";

export interface DeskBatchOptions {
  readonly catalog: Catalog;
  readonly desk: DeskChats;
  readonly staffLanguage: Language;
  readonly timeZone: string;
}

/**
 * Shows the desk the reports that arrived while it was busy (see ReportIntake): one message
 * listing them, or the card itself when only one waits, in each of the desk's chats. Each
 * report is shown once, even when two workers flush at the same moment.
 */
export class DeskBatches {
  private readonly recipients: Recipients;

  constructor(
    private readonly store: ReportStore,
    private readonly options: DeskBatchOptions,
  ) {
    this.recipients = new Recipients(options.catalog, options.desk);
  }

  /** Whether any report waits to be shown (to schedule a flush after a restart). */
  async waiting(): Promise<boolean> {
    return this.store.deskBatchWaiting();
  }

  async flush(): Promise<PendingOutbox[]> {
    const { catalog, staffLanguage: language } = this.options;
    return this.store.transaction(async (unit) => {
      const reports = await unit.lockDeskBatch();
      if (reports.length === 0) return [];
      for (const report of reports) await unit.update(report.id, { deskBatchPending: false });
      const only = reports.length === 1 ? reports[0] : undefined;
      const entries: OutboxEntry[] = (await this.recipients.deskSeats(unit)).map((to) =>
        only
          ? {
              to,
              purpose: "card",
              message: renderCard(only, { ...this.options, language, forDesk: true }),
              reportId: only.id,
              lane: "bulk",
            }
          : {
              to,
              purpose: "card_batch",
              message: renderBatch(reports, { catalog, language }),
              reportId: null,
              lane: "bulk",
            },
      );
      return unit.appendOutbox(entries);
    });
  }
}
