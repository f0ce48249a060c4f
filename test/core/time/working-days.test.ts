import { describe, expect, it } from "vitest";
import { loadHolidays, type Holidays } from "../../../src/config/holidays.js";
import { WorkingCalendar } from "../../../src/core/time/working-days.js";

const shipped = loadHolidays("config/holidays.yaml");
const jakarta = new WorkingCalendar("Asia/Jakarta", shipped);

describe("working-day deadlines", () => {
  it("skip the weekend: filed on Friday evening, 3 working days end on Wednesday night", () => {
    const due = jakarta.deadline(new Date("2026-11-27T12:00:00Z"), 3); // Fri 19:00 WIB
    expect(due.toISOString()).toBe("2026-12-02T16:59:59.999Z"); // Wed 23:59:59.999 WIB
  });

  it("skip Christmas and its cuti bersama", () => {
    const due = jakarta.deadline(new Date("2026-12-21T03:00:00Z"), 3); // Mon 21 Dec
    expect(jakarta.dateOf(due)).toBe("2026-12-28");
  });

  it("skip the whole Nyepi and Idulfitri stretch", () => {
    const due = jakarta.deadline(new Date("2026-03-17T03:00:00Z"), 3); // Tue 17 Mar
    expect(jakarta.dateOf(due)).toBe("2026-03-27");
  });

  it("cross a month end", () => {
    expect(jakarta.dateOf(jakarta.deadline(new Date("2026-10-30T03:00:00Z"), 5))).toBe(
      "2026-11-06",
    );
  });

  it("cross a year end with next year's holidays", () => {
    const holidays: Holidays = {
      years: [2026, 2027],
      dates: new Set([...shipped.dates, "2027-01-01"]),
    };
    const calendar = new WorkingCalendar("Asia/Jakarta", holidays);
    // Wed 30 Dec: Thu 31 (1), Fri 1 Jan holiday, Mon 4 (2), Tue 5 (3).
    expect(calendar.dateOf(calendar.deadline(new Date("2026-12-30T03:00:00Z"), 3))).toBe(
      "2027-01-05",
    );
    expect(calendar.covers("2027-06-01")).toBe(true);
    expect(jakarta.covers("2027-01-04")).toBe(false);
  });

  it("count from the local date, so the same instant can start on different days", () => {
    const instant = new Date("2026-11-26T16:30:00Z"); // Thu 23:30 in Jakarta, Fri 00:30 in Makassar
    const makassar = new WorkingCalendar("Asia/Makassar", shipped);
    expect(jakarta.deadline(instant, 3).toISOString()).toBe("2026-12-01T16:59:59.999Z");
    expect(makassar.deadline(instant, 3).toISOString()).toBe("2026-12-02T15:59:59.999Z");
  });

  it("start on the next working day when filed on a holiday or weekend", () => {
    // Saturday 28 Nov: Mon (1), Tue (2), Wed (3).
    expect(jakarta.dateOf(jakarta.deadline(new Date("2026-11-28T03:00:00Z"), 3))).toBe(
      "2026-12-02",
    );
  });

  it("remind at the start of the working day before the deadline's day", () => {
    const due = jakarta.deadline(new Date("2026-11-27T12:00:00Z"), 3); // Wed 2 Dec
    expect(jakarta.reminderFor(due, 8).toISOString()).toBe("2026-12-01T01:00:00.000Z");
    const afterChristmas = jakarta.deadline(new Date("2026-12-21T03:00:00Z"), 3); // Mon 28 Dec
    expect(jakarta.reminderFor(afterChristmas, 8).toISOString()).toBe("2026-12-23T01:00:00.000Z");
  });

  it("give each local time its own instant, however often and in whatever order asked", () => {
    const calendar = new WorkingCalendar("Asia/Makassar", shipped);
    // Midnight asked first with the deadline's step back, then bare, then another minute.
    expect(calendar.at("2026-12-03", 0, 0, -1).toISOString()).toBe("2026-12-02T15:59:59.999Z");
    expect(calendar.at("2026-12-03", 0, 0).toISOString()).toBe("2026-12-02T16:00:00.000Z");
    expect(calendar.at("2026-12-03", 8, 0).toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(calendar.at("2026-12-03", 0, 0, -1).toISOString()).toBe("2026-12-02T15:59:59.999Z");
  });
});

describe("working hours", () => {
  const at = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);
  const hours = (from: string, to: string) => jakarta.workingHoursBetween(at(from), at(to));

  it("count office hours only: Friday 15:00 to Monday 08:30 is two hours", () => {
    expect(hours("2026-11-27 15:00", "2026-11-30 08:30")).toBe(2);
  });

  it("count a whole working day as 07:30–16:00 and nothing outside it", () => {
    expect(hours("2026-11-24 06:00", "2026-11-24 20:00")).toBe(8.5);
    expect(hours("2026-11-24 17:00", "2026-11-25 07:00")).toBe(0);
    expect(hours("2026-11-24 10:00", "2026-11-24 10:45")).toBe(0.75);
  });

  it("skip weekends and holidays: Christmas week has three working days", () => {
    // Mon 21 – Wed 23 work, Thu 24 cuti bersama, Fri 25 Christmas, then the weekend.
    expect(hours("2026-12-21 00:00", "2026-12-28 00:00")).toBe(3 * 8.5);
  });

  it("are zero for an empty or reversed span", () => {
    expect(hours("2026-11-24 10:00", "2026-11-24 10:00")).toBe(0);
    expect(hours("2026-11-24 12:00", "2026-11-24 10:00")).toBe(0);
  });

  it("follow the configured office hours and time zone", () => {
    const makassar = new WorkingCalendar("Asia/Makassar", shipped, { start: 8 * 60, end: 16 * 60 });
    // 09:00–16:00 WITA is 01:00–08:00 UTC.
    expect(
      makassar.workingHoursBetween(
        new Date("2026-11-24T00:00:00Z"),
        new Date("2026-11-24T09:00:00Z"),
      ),
    ).toBe(8);
  });
});

describe("working days between two dates", () => {
  it("count the days after the first up to and including the last", () => {
    expect(jakarta.workingDaysBetween("2026-11-25", "2026-11-30")).toBe(3); // Thu, Fri, Mon
    expect(jakarta.workingDaysBetween("2026-12-23", "2026-12-28")).toBe(1); // only Mon 28
    expect(jakarta.workingDaysBetween("2026-11-30", "2026-11-25")).toBe(0);
  });
});

describe("the first working day of a month", () => {
  it("skips New Year, weekends and holidays", () => {
    expect(jakarta.firstWorkingDayOfMonth("2026-01-20")).toBe("2026-01-02"); // 1 Jan holiday
    expect(jakarta.firstWorkingDayOfMonth("2026-08-31")).toBe("2026-08-03"); // 1-2 Aug weekend
    expect(jakarta.firstWorkingDayOfMonth("2026-11-11")).toBe("2026-11-02"); // 1 Nov Sunday
  });
});
