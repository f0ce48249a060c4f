import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/config/data-file.js";
import { loadHolidays, readHolidayFile } from "../../src/config/holidays.js";
import { WorkingCalendar } from "../../src/core/time/working-days.js";

function fileWith(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "aduan-holidays-")), "holidays.yaml");
  writeFileSync(path, content);
  return path;
}

describe("the holiday list", () => {
  it("ships the 2026 national holidays and cuti bersama (17 + 8 days), and 2027's fixed ones", () => {
    const holidays = loadHolidays("config/holidays.yaml");
    expect(holidays.years).toEqual([2026]);
    expect(holidays.dates.size).toBe(25 + 8);
    expect(holidays.dates.has("2026-08-17")).toBe(true);
    expect(holidays.dates.has("2026-12-24")).toBe(true);
    // 2027 is not complete (its SKB was not out), but a deadline skips New Year's Day.
    const calendar = new WorkingCalendar("Asia/Jakarta", holidays);
    expect(calendar.covers("2027-01-01")).toBe(false);
    expect(calendar.addWorkingDays("2026-12-31", 1)).toBe("2027-01-04");
    expect(readHolidayFile("config/holidays.yaml").partialYears).toEqual([2027]);
  });

  it("names each wrong entry: impossible dates, duplicates, years the file does not declare", () => {
    const path = fileWith(
      [
        "years: [2026]",
        "partialYears: [2026, 2028]",
        "holidays:",
        "  - { date: 2026-02-30, name: Nope }",
        "  - { date: 2026-12-25, name: Natal }",
        "  - { date: 2026-12-25, name: Natal again }",
        "  - { date: 2027-01-01, name: Tahun Baru }",
      ].join("\n"),
    );
    let error: unknown;
    try {
      loadHolidays(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataFileError);
    const lines = (error as DataFileError).lines.join("\n");
    expect(lines).toContain("holiday 1 (2026-02-30) date: is not a date in the calendar");
    expect(lines).toContain("holiday 3 (2026-12-25) date: 2026-12-25 is listed twice");
    expect(lines).toContain("2027-01-01 is outside the years the file declares (2026, 2028)");
    expect(lines).toContain("2026 is in years (complete) and in partialYears");
  });
});
