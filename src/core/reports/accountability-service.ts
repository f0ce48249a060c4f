import type { Catalog } from "../../config/catalog.js";
import { label, t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import type { RichText } from "../text.js";
import { systemClock, type Clock } from "../time/clock.js";
import type { WorkingCalendar } from "../time/working-days.js";
import {
  computeAccountability,
  type Accountability,
  type AccountabilityPeriod,
  type ReportTimeline,
} from "./accountability.js";
import {
  accountabilityChart,
  accountabilityText,
  type AccountabilityChart,
  type MonthFigures,
} from "./accountability-text.js";
import type { DeadlinePolicy } from "./deadline-policy.js";
import { monthlySummary, summaryMonths, type MonthlySummary } from "./monthly-summary.js";
import { monthPeriod, monthsUpTo, type Period } from "./periods.js";

/** Where the figures are read from: each report's timeline (src/infra/db implements it). */
export interface TimelineSource {
  /** Reports filed in [from, to), each with its events before `asOf`, in order. */
  timelines(query: { from: Date; to: Date; asOf: Date }): Promise<ReportTimeline[]>;
}

/** The figures of a period, and the monthly trend that ends with it. */
export interface AccountabilityView {
  readonly accountability: Accountability;
  readonly trend: readonly MonthFigures[];
}

/** Months of trend shown with a period's figures, its own month included. */
const TREND_MONTHS = 6;

/**
 * The accountability figures the desk, the monthly summary and the public statistics page all
 * show, computed one way (src/core/reports/accountability.ts) from the reports' timelines.
 */
export class AccountabilityReports {
  private readonly clock: Clock;

  constructor(
    private readonly source: TimelineSource,
    private readonly options: {
      readonly calendar: WorkingCalendar;
      readonly policy: DeadlinePolicy;
      readonly catalog: Catalog;
      readonly timeZone: string;
      readonly clock?: Clock;
    },
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** A period's figures (one agency's, when given) and the six months' trend ending with it. */
  async view(period: AccountabilityPeriod, agencyId?: string): Promise<AccountabilityView> {
    const { calendar } = this.options;
    const now = this.clock();
    const lastDay = calendar.dateOf(new Date(Math.min(period.to.getTime(), now.getTime()) - 1));
    const months = monthsUpTo(lastDay, TREND_MONTHS).map((month) => ({
      month,
      period: monthPeriod(calendar, month),
    }));
    const first = months[0]?.period.from ?? period.from;
    const timelines = await this.source.timelines({
      from: first < period.from ? first : period.from,
      to: period.to,
      asOf: now,
    });
    const compute = (of: AccountabilityPeriod) =>
      computeAccountability(
        timelines,
        { period: of, now, ...(agencyId ? { agencyId } : {}) },
        this.options,
      );
    return {
      accountability: compute(period),
      trend: months.map(({ month, period: of }) => ({ month, figures: compute(of).overall })),
    };
  }

  /** /statistik: the figures as text, and the chart that goes with them. */
  async report(
    period: Period,
    language: Language,
    agencyId?: string,
  ): Promise<{ text: RichText; chart: AccountabilityChart }> {
    const { catalog, timeZone } = this.options;
    const { accountability, trend } = await this.view(period, agencyId);
    const header = t(language, "acctHeader", {
      scope: agencyId ? catalog.agencyName(agencyId, language) : label(language, "acctAll"),
      period: period.label,
    });
    return {
      text: accountabilityText(accountability, {
        catalog,
        language,
        timeZone,
        header,
        trend,
        ...(trend.length > 1 ? { previous: trend.at(-2) } : {}),
      }),
      chart: accountabilityChart(accountability, trend, { catalog, language, timeZone }),
    };
  }

  /** What the desk receives on the first working day of a month: last month, and the trend. */
  async monthly(language: Language): Promise<{ month: string; summary: MonthlySummary }> {
    const { calendar, catalog, timeZone } = this.options;
    const now = this.clock();
    const months = summaryMonths(calendar, now).map((month) => ({
      month,
      period: monthPeriod(calendar, month),
    }));
    const last = months.at(-1);
    if (!last) throw new Error("a monthly summary needs a month");
    const timelines = await this.source.timelines({
      from: months[0]?.period.from ?? last.period.from,
      to: last.period.to,
      asOf: now,
    });
    const compute = (of: AccountabilityPeriod) =>
      computeAccountability(timelines, { period: of, now }, this.options);
    return {
      month: last.month,
      summary: monthlySummary({
        last: compute(last.period),
        trend: months.map(({ month, period }) => ({ month, figures: compute(period).overall })),
        catalog,
        language,
        timeZone,
      }),
    };
  }
}
