import { addDays, weekday, type CalendarDate } from "./dates.js";
import type { WorkingCalendar } from "./working-days.js";

/** From this day of the year on, next year's holidays are expected (the SKB is usually out). */
const REMIND_FROM = "10-01";

/**
 * The year whose holiday list the desk must be reminded to enter today, or undefined. From
 * 1 October, next year's while it is not in; any day, the current year's while it is missing
 * (deadlines then skip weekends and the days recorded so far). Once a week: on the first working day of the week, or
 * of 1 October's week from 1 October. A daily job can ask every day and send when told to.
 */
export function holidayReminderYear(
  calendar: WorkingCalendar,
  today: CalendarDate,
): number | undefined {
  const year = Number(today.slice(0, 4));
  const missing = !calendar.covers(today)
    ? year
    : today.slice(5) >= REMIND_FROM && !calendar.covers(`${year + 1}-01-01`)
      ? year + 1
      : undefined;
  if (missing === undefined || !calendar.isWorkingDay(today)) return undefined;
  const monday = addDays(today, -((weekday(today) + 6) % 7));
  const remindFrom = `${year}-${REMIND_FROM}`;
  let first = missing > year && monday < remindFrom ? remindFrom : monday;
  while (!calendar.isWorkingDay(first)) first = addDays(first, 1);
  return first === today ? missing : undefined;
}
