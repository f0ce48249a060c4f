import type { Catalog } from "../../config/catalog.js";
import type { Language, OutboundFile } from "../messages.js";
import { systemClock, type Clock } from "../time/clock.js";
import type { WorkingCalendar } from "../time/working-days.js";
import type { AccountabilityReports } from "./accountability-service.js";
import type { AccountabilityChart } from "./accountability-text.js";
import { isFirstWorkingDayOfMonth } from "./monthly-summary.js";
import type { PendingOutbox, Recipient } from "./outbox.js";
import { Recipients } from "./recipients.js";
import type { ReportStore } from "./report-store.js";

export interface MonthlySummariesOptions {
  readonly calendar: WorkingCalendar;
  readonly catalog: Catalog;
  readonly deskChat?: Recipient;
  readonly staffLanguage: Language;
  readonly clock?: Clock;
  /** Draws the summary's chart as a picture that goes with its text. */
  readonly draw?: (chart: AccountabilityChart) => Promise<OutboundFile>;
}

/**
 * Last month's accountability figures, sent to the desk unasked on the first working day of
 * each month, once.
 */
export class MonthlySummaries {
  private readonly clock: Clock;
  private readonly recipients: Recipients;

  constructor(
    private readonly store: ReportStore,
    private readonly reports: Pick<AccountabilityReports, "monthly">,
    private readonly options: MonthlySummariesOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.recipients = new Recipients(options.catalog, options.deskChat);
  }

  /** The summary's messages when today is the day and none went out this month yet. */
  async due(): Promise<PendingOutbox[]> {
    const { calendar, staffLanguage } = this.options;
    const now = this.clock();
    if (!isFirstWorkingDayOfMonth(calendar, now)) return [];
    const { month, summary } = await this.reports.monthly(staffLanguage);
    const purpose = `monthly_summary:${month}` as const;
    const { draw } = this.options;
    const message = { text: summary.text, ...(draw ? { files: [await draw(summary.chart)] } : {}) };
    return this.store.transaction(async (unit) => {
      if (await unit.written(purpose)) return [];
      const desk = await this.recipients.desk(unit);
      return unit.appendOutbox(
        desk.map((to) => ({
          to,
          purpose,
          message,
          reportId: null,
          lane: "bulk",
        })),
      );
    });
  }
}
