import type { Catalog } from "../../config/catalog.js";
import { label, t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import type { RichText } from "../text.js";
import { addMonths, todayIn } from "../time/dates.js";
import type { WorkingCalendar } from "../time/working-days.js";
import type { Accountability } from "./accountability.js";
import {
  accountabilityChart,
  accountabilityText,
  monthName,
  type AccountabilityChart,
  type MonthFigures,
} from "./accountability-text.js";
import { monthsUpTo } from "./periods.js";

/** Months of trend the summary shows, the month it reports on included. */
export const SUMMARY_TREND_MONTHS = 6;

/** Whether `now` falls on the first working day of its month (the summary's day). */
export function isFirstWorkingDayOfMonth(calendar: WorkingCalendar, now: Date): boolean {
  const today = calendar.dateOf(now);
  return calendar.firstWorkingDayOfMonth(today) === today;
}

/**
 * The months a summary sent on `now` covers, oldest first: the last one is the month that just
 * ended, the ones before it make the trend. Each is computed as of its own end.
 */
export function summaryMonths(
  calendar: WorkingCalendar,
  now: Date,
  count = SUMMARY_TREND_MONTHS,
): string[] {
  return monthsUpTo(addMonths(`${calendar.dateOf(now).slice(0, 8)}01`, -1), count);
}

export interface MonthlySummary {
  readonly text: RichText;
  readonly chart: AccountabilityChart;
}

/**
 * What the desk receives unasked on the first working day of a month: last month's figures
 * (text, with how the rate moved since the month before and the trend) and the chart of its
 * agencies and of the trend.
 */
export function monthlySummary(input: {
  /** The month that ended, with its agencies and categories. */
  readonly last: Accountability;
  /** Its month and the ones before, oldest first, last month included. */
  readonly trend: readonly MonthFigures[];
  readonly catalog: Catalog;
  readonly language: Language;
  readonly timeZone: string;
}): MonthlySummary {
  const { last, trend, catalog, language, timeZone } = input;
  const month = trend.at(-1)?.month ?? calendarMonth(last, timeZone);
  const header = t(language, "acctMonthlyHeader", {
    scope: last.agencyId ? catalog.agencyName(last.agencyId, language) : label(language, "acctAll"),
    month: monthName(language, month),
  });
  return {
    text: accountabilityText(last, {
      catalog,
      language,
      timeZone,
      header,
      ...(trend.length > 1 ? { previous: trend.at(-2), trend } : {}),
    }),
    chart: accountabilityChart(last, trend, { catalog, language, timeZone }),
  };
}

function calendarMonth(accountability: Accountability, timeZone: string): string {
  return todayIn(timeZone, accountability.period.from).slice(0, 7);
}
