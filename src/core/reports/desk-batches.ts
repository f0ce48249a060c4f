import type { Catalog } from "../../config/catalog.js";
import type { Language } from "../messages.js";
import type { OutboxEntry, PendingOutbox, Recipient } from "./outbox.js";
import type { ReportStore } from "./report-store.js";
import { renderBatch, renderCard } from "../desk/views/card.js";

export interface DeskBatchOptions {
  readonly catalog: Catalog;
  readonly deskChat: Recipient;
  readonly staffLanguage: Language;
  readonly timeZone: string;
}

/**
 * Shows the desk the reports that arrived while it was busy (see ReportIntake): one message
 * listing them, or the card itself when only one waits. Each report is shown once, even when
 * two workers flush at the same moment.
 */
export class DeskBatches {
  constructor(
    private readonly store: ReportStore,
    private readonly options: DeskBatchOptions,
  ) {}

  /** Whether any report waits to be shown (to schedule a flush after a restart). */
  async waiting(): Promise<boolean> {
    return this.store.deskBatchWaiting();
  }

  async flush(): Promise<PendingOutbox[]> {
    const { deskChat: to, catalog, staffLanguage: language } = this.options;
    return this.store.transaction(async (unit) => {
      const reports = await unit.lockDeskBatch();
      if (reports.length === 0) return [];
      for (const report of reports) await unit.update(report.id, { deskBatchPending: false });
      const only = reports.length === 1 ? reports[0] : undefined;
      const entry: OutboxEntry = only
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
          };
      return unit.appendOutbox([entry]);
    });
  }
}
