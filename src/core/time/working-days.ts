import { TZDate } from "@date-fns/tz";
import type { Holidays } from "../../config/holidays.js";
import { BoundedMemo } from "../bounded-memo.js";
import { addDays, todayIn, weekday, type CalendarDate } from "./dates.js";

const SATURDAY = 6;
const SUNDAY = 0;
const HOUR = 60 * 60 * 1000;
/** Local times remembered: a day's reports share their deadlines' instants, and TZDate is slow. */
const INSTANTS_REMEMBERED = 1_000;

/** The hours of a working day, local time, as minutes after midnight: [start, end). */
export interface OfficeHours {
  readonly start: number;
  readonly end: number;
}

/**
 * 07:30–16:00: Perpres 21/2023 starts government offices at 07:30 local time with 37½ hours a
 * week besides breaks, which with the hour's break (Monday–Thursday) ends the day at 16:00.
 * Breaks are not taken out: the figure measures how long a reporter waits in office time.
 */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: 7 * 60 + 30, end: 16 * 60 };

/**
 * Working days in the deployment's time zone: Monday to Friday, minus the holidays the operator
 * lists. Deadlines of the SP4N-LAPOR! timeline count these days, never calendar days.
 */
export class WorkingCalendar {
  /** `at` by date and minute of the day: the offset of a past or coming date does not change. */
  private readonly instants = new BoundedMemo<string, number>(INSTANTS_REMEMBERED);

  constructor(
    private readonly timeZone: string,
    private holidays: Holidays,
    private readonly officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
  ) {}

  /** Takes a new holiday list (admins changed it with /libur): later computations use it. */
  useHolidays(holidays: Holidays): void {
    this.holidays = holidays;
  }

  isWorkingDay(date: CalendarDate): boolean {
    const day = weekday(date);
    return day !== SATURDAY && day !== SUNDAY && !this.holidays.dates.has(date);
  }

  /** The Nth working day after the date (the date itself not counted). */
  addWorkingDays(date: CalendarDate, count: number): CalendarDate {
    let current = date;
    for (let left = count; left > 0;) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /** How many working days fall after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    let count = 0;
    for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
      if (this.isWorkingDay(current)) count++;
    }
    return count;
  }

  /**
   * Office hours between two instants: the time inside the office hours of working days,
   * local time. A report filed on Friday at 15:00 and answered on Monday at 08:30 waited two
   * working hours (15:00–16:00 and 07:30–08:30), not 65½ clock hours.
   */
  workingHoursBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    const last = this.dateOf(to);
    for (let date = this.dateOf(from); date <= last; date = addDays(date, 1)) {
      if (!this.isWorkingDay(date)) continue;
      const { start, end } = this.officeHours;
      const opens = this.at(date, Math.floor(start / 60), start % 60).getTime();
      const closes = this.at(date, Math.floor(end / 60), end % 60).getTime();
      const overlap = Math.min(closes, to.getTime()) - Math.max(opens, from.getTime());
      if (overlap > 0) total += overlap;
    }
    return total / HOUR;
  }

  /** The first working day of the month the date falls in. */
  firstWorkingDayOfMonth(date: CalendarDate): CalendarDate {
    let current = `${date.slice(0, 8)}01`;
    while (!this.isWorkingDay(current)) current = addDays(current, 1);
    return current;
  }

  /** The last working day before the date. */
  previousWorkingDay(date: CalendarDate): CalendarDate {
    let current = addDays(date, -1);
    while (!this.isWorkingDay(current)) current = addDays(current, -1);
    return current;
  }

  /**
   * "Within N working days of `from`": the end of the Nth working day after the day `from`
   * falls on, local time. A report filed on Friday evening with 3 days is due at the end of
   * Wednesday.
   */
  deadline(from: Date, workingDays: number): Date {
    const due = this.addWorkingDays(this.dateOf(from), workingDays);
    return this.at(addDays(due, 1), 0, 0, -1);
  }

  /**
   * When to remind whoever holds a report: the start of the working day before the deadline's
   * day (`hour` local time), so they have a whole working day left.
   */
  reminderFor(deadline: Date, hour: number): Date {
    return this.at(this.previousWorkingDay(this.dateOf(deadline)), hour, 0);
  }

  /** The local calendar date of an instant. */
  dateOf(instant: Date): CalendarDate {
    return todayIn(this.timeZone, instant);
  }

  /** The instant of a local date and time (milliseconds may be negative to step back). */
  at(date: CalendarDate, hour: number, minute: number, milliseconds = 0): Date {
    const instant = this.instants.getOrAdd(`${date} ${hour * 60 + minute}`, () => {
      const [year, month, day] = date.split("-").map(Number);
      return new TZDate(
        year ?? 0,
        (month ?? 1) - 1,
        day ?? 1,
        hour,
        minute,
        0,
        0,
        this.timeZone,
      ).getTime();
    });
    return new Date(instant + milliseconds);
  }

  /** Whether the holiday list is known to be complete for the year of this date. */
  covers(date: CalendarDate): boolean {
    return this.holidays.years.includes(Number(date.slice(0, 4)));
  }
}
