import { describe, expect, it } from "vitest";
import { loadHolidays, type Holidays } from "../../../src/config/holidays.js";
import { addDays } from "../../../src/core/time/dates.js";
import { holidayReminderYear } from "../../../src/core/time/holiday-coverage.js";
import { WorkingCalendar } from "../../../src/core/time/working-days.js";

const shipped = loadHolidays("config/holidays.yaml"); // 2026 only
const only2026 = new WorkingCalendar("Asia/Jakarta", shipped);

/** The days from `first` to `last` on which the reminder goes out, with the year it names. */
function reminders(calendar: WorkingCalendar, first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const year = holidayReminderYear(calendar, day);
    if (year !== undefined) days.push(`${day} ${year}`);
  }
  return days;
}

describe("the holiday-calendar reminder", () => {
  it("is silent before October while the year is covered", () => {
    expect(reminders(only2026, "2026-01-01", "2026-09-30")).toEqual([]);
  });

  it("starts on 1 October (a Thursday) and repeats on the first working day of each week", () => {
    expect(reminders(only2026, "2026-09-28", "2026-10-31")).toEqual([
      "2026-10-01 2027",
      "2026-10-05 2027",
      "2026-10-12 2027",
      "2026-10-19 2027",
      "2026-10-26 2027",
    ]);
  });

  it("moves to the next working day when the week starts on a holiday, and goes on in January", () => {
    // Christmas week: Monday 21st works; the last week of the year starts Monday 28th; in
    // 2027 the year itself is missing, so the reminder goes on (1 January counts as a working
    // day while 2027 is not in).
    expect(reminders(only2026, "2026-12-21", "2027-01-12")).toEqual([
      "2026-12-21 2027",
      "2026-12-28 2027",
      "2027-01-04 2027",
      "2027-01-11 2027",
    ]);
  });

  it("stops once next year's calendar is in", () => {
    const holidays: Holidays = {
      years: [2026, 2027],
      dates: new Set([...shipped.dates, "2027-01-01"]),
    };
    const both = new WorkingCalendar("Asia/Jakarta", holidays);
    expect(reminders(both, "2026-10-01", "2027-09-30")).toEqual([]);
    // 1 October 2027 is a Friday; the next week starts Monday the 4th.
    expect(reminders(both, "2027-10-01", "2027-10-08")).toEqual([
      "2027-10-01 2028",
      "2027-10-04 2028",
    ]);
  });
});
