import { describe, expect, it } from "vitest";
import { loadHolidays } from "../../../src/config/holidays.js";
import { parsePeriod } from "../../../src/core/reports/periods.js";
import { WorkingCalendar } from "../../../src/core/time/working-days.js";

const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
const NOW = new Date("2026-11-28T03:00:00Z");

describe("periods", () => {
  it("read the forms staff type, in the deployment's time zone", () => {
    const label = (input: string) => parsePeriod(input, calendar, NOW)?.label;
    expect(label("")).toBe("2026-11-01 – 2026-11-28");
    expect(label("bulan-lalu")).toBe("2026-10-01 – 2026-10-31");
    expect(label("minggu-ini")).toBe("2026-11-23 – 2026-11-28");
    expect(label("hari-ini")).toBe("2026-11-28");
    expect(label("7h")).toBe("2026-11-22 – 2026-11-28");
    expect(label("2026")).toBe("2026-01-01 – 2026-12-31");
    expect(label("2026-02")).toBe("2026-02-01 – 2026-02-28");
    expect(label("2026-11-01..2026-11-15")).toBe("2026-11-01 – 2026-11-15");
    expect(parsePeriod("2026-11", calendar, NOW)?.from.toISOString()).toBe(
      "2026-10-31T17:00:00.000Z",
    );
    for (const wrong of ["kemarin-dulu", "2026-13", "2026-11-15..2026-11-01", "0h", "2026-02-30"]) {
      expect(parsePeriod(wrong, calendar, NOW)).toBeUndefined();
    }
  });
});
