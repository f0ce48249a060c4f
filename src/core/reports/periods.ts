import { addDays, addMonths, isValidDate, weekday, type CalendarDate } from "../time/dates.js";
import type { WorkingCalendar } from "../time/working-days.js";

/** A span of days in the deployment's time zone, as the instants that bound it. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
  /** First and last day, for people: "2026-11-01 – 2026-11-30". */
  readonly label: string;
}

export const PERIOD_EXAMPLES =
  "bulan-ini, bulan-lalu, minggu-ini, hari-ini, tahun-ini, 30h, 2026-11, 2026, 2026-11-01..2026-11-15";

const validDate = (value: string) => {
  const [year, month, day] = value.split("-").map(Number);
  return isValidDate(year ?? 0, month ?? 0, day ?? 0);
};

/**
 * Reads a period as staff type it (`bulan-ini`, `2026-11`, `30h`, `2026-11-01..2026-11-15`,
 * English aliases too); undefined when it is none of these. Without input: this month.
 */
export function parsePeriod(
  input: string,
  calendar: WorkingCalendar,
  now: Date,
): Period | undefined {
  const today = calendar.dateOf(now);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const span = (first: CalendarDate, last: CalendarDate): Period | undefined =>
    first > last
      ? undefined
      : {
          from: calendar.at(first, 0, 0),
          to: calendar.at(addDays(last, 1), 0, 0),
          label: first === last ? first : `${first} – ${last}`,
        };
  const value = input.trim().toLowerCase();
  switch (value) {
    case "":
    case "bulan-ini":
    case "this-month":
      return span(firstOfMonth, today);
    case "bulan-lalu":
    case "last-month":
      return span(addMonths(firstOfMonth, -1), addDays(firstOfMonth, -1));
    case "minggu-ini":
    case "this-week":
      return span(addDays(today, -((weekday(today) + 6) % 7)), today);
    case "hari-ini":
    case "today":
      return span(today, today);
    case "tahun-ini":
    case "this-year":
      return span(`${today.slice(0, 4)}-01-01`, today);
  }
  const days = /^(\d{1,3})[hd]$/.exec(value);
  if (days) {
    const count = Number(days[1]);
    return count >= 1 ? span(addDays(today, 1 - count), today) : undefined;
  }
  if (/^\d{4}$/.test(value)) return span(`${value}-01-01`, `${value}-12-31`);
  if (/^\d{4}-\d{2}$/.test(value) && validDate(`${value}-01`)) return monthPeriod(calendar, value);
  const range = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(value);
  if (range) {
    const first = range[1] ?? "";
    const last = range[2] ?? first;
    return validDate(first) && validDate(last) ? span(first, last) : undefined;
  }
  return undefined;
}

/** A calendar month, `YYYY-MM`, as a period. */
export function monthPeriod(calendar: WorkingCalendar, month: string): Period {
  const first = `${month}-01`;
  const last = addDays(addMonths(first, 1), -1);
  return {
    from: calendar.at(first, 0, 0),
    to: calendar.at(addDays(last, 1), 0, 0),
    label: `${first} – ${last}`,
  };
}

/** The `count` months up to and including the month of `date`, oldest first, as `YYYY-MM`. */
export function monthsUpTo(date: CalendarDate, count: number): string[] {
  const first = `${date.slice(0, 8)}01`;
  return Array.from({ length: count }, (_, index) =>
    addMonths(first, index + 1 - count).slice(0, 7),
  );
}
