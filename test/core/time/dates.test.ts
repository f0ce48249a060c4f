import { describe, expect, it } from "vitest";
import { addMonths, parseNaturalDate, todayIn } from "../../../src/core/time/dates.js";

// Friday 28 November 2026.
const TODAY = "2026-11-28";

describe("natural dates", () => {
  it.each([
    ["hari ini", "2026-11-28"],
    ["Hari ini.", "2026-11-28"],
    ["today", "2026-11-28"],
    ["kemarin", "2026-11-27"],
    ["Yesterday", "2026-11-27"],
    ["kemarin lusa", "2026-11-26"],
    ["3 hari lalu", "2026-11-25"],
    ["3 hari yang lalu", "2026-11-25"],
    ["tiga hari lalu", "2026-11-25"],
    ["seminggu yang lalu", "2026-11-21"],
    ["2 minggu lalu", "2026-11-14"],
    ["sebulan lalu", "2026-10-28"],
    ["2 days ago", "2026-11-26"],
    ["a week ago", "2026-11-21"],
    ["senin", "2026-11-23"],
    ["jumat", "2026-11-27"],
    ["sabtu", "2026-11-28"],
    ["sabtu lalu", "2026-11-21"],
    ["last saturday", "2026-11-21"],
    ["12/11/2026", "2026-11-12"],
    ["12-11-26", "2026-11-12"],
    ["tanggal 1.2.2025", "2025-02-01"],
    ["2026-11-12", "2026-11-12"],
    ["12 November 2026", "2026-11-12"],
    ["12 nov", "2026-11-12"],
    ["17 agustus", "2026-08-17"],
    ["November 12, 2026", "2026-11-12"],
    // Without a year, a day still to come this year means last year's.
    ["25 desember", "2025-12-25"],
    ["29/2", "2024-02-29"],
    // A time of day, or "hari", said with the day.
    ["kemarin sore", "2026-11-27"],
    ["kemarin pagi", "2026-11-27"],
    ["yesterday evening", "2026-11-27"],
    ["hari senin", "2026-11-23"],
    ["hari minggu lalu", "2026-11-22"],
    ["hari ini sore", "2026-11-28"],
    ["minggu lalu", "2026-11-21"],
    ["senin malam", "2026-11-23"],
    ["tadi malam", "2026-11-27"],
    ["bulan lalu", "2026-10-28"],
    ["last month", "2026-10-28"],
    ["tahun lalu", "2025-11-28"],
    ["2026/11/12", "2026-11-12"],
    // A day alone is the latest such day: this month's, or the last month that has it.
    ["12", "2026-11-12"],
    ["tanggal 28", "2026-11-28"],
    ["29", "2026-10-29"],
    ["31", "2026-10-31"],
  ])("reads %s as %s", (input, expected) => {
    expect(parseNaturalDate(input, TODAY)).toBe(expected);
  });

  it.each([
    "besok lusa",
    "31/02/2026",
    "13/13/2026",
    "lalu",
    "",
    "0",
    "32",
    "x".repeat(200),
    "2026-02-30",
    "2026/11-12",
    "sore",
    "hari",
  ])("does not guess at %j", (input) => {
    expect(parseNaturalDate(input, TODAY)).toBeUndefined();
  });

  it("keeps future dates as dates, for the caller to refuse", () => {
    expect(parseNaturalDate("31/12/2099", TODAY)).toBe("2099-12-31");
  });

  it("knows what day it is in the deployment's time zone", () => {
    // 20:00 UTC on the 27th is already the 28th in Jakarta (UTC+7) but not in London.
    const instant = new Date("2026-11-27T20:00:00Z");
    expect(todayIn("Asia/Jakarta", instant)).toBe("2026-11-28");
    expect(todayIn("Europe/London", instant)).toBe("2026-11-27");
    expect(todayIn("Asia/Jayapura", new Date("2026-12-31T15:30:00Z"))).toBe("2027-01-01");
  });

  it("turns the date at midnight to the millisecond, also with half-hour offsets and clocks set back", () => {
    expect(todayIn("Asia/Jakarta", new Date("2026-11-27T16:59:59.999Z"))).toBe("2026-11-27");
    expect(todayIn("Asia/Jakarta", new Date("2026-11-27T17:00:00.000Z"))).toBe("2026-11-28");
    expect(todayIn("Asia/Jakarta", new Date("2026-11-27T16:59:30.000Z"))).toBe("2026-11-27");
    expect(todayIn("Asia/Kathmandu", new Date("2026-11-27T18:14:59.999Z"))).toBe("2026-11-27");
    expect(todayIn("Asia/Kathmandu", new Date("2026-11-27T18:15:00.000Z"))).toBe("2026-11-28");
    expect(todayIn("Asia/Jakarta", new Date("2026-11-27T17:00:30.000Z"))).toBe("2026-11-28");
  });

  it("moves by months without inventing days", () => {
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
  });
});
