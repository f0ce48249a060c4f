import { z } from "zod";
import { isValidDate } from "../core/time/dates.js";
import { holidaysOf, type HolidaySeed } from "../core/time/holiday-book.js";
import { readDataFile } from "./data-file.js";

const calendarDateSchema = z
  .string({ error: "expected a date such as 2026-12-25" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date such as 2026-12-25" })
  .refine(
    (value) => {
      const [year, month, day] = value.split("-").map(Number);
      return isValidDate(year ?? 0, month ?? 0, day ?? 0);
    },
    { error: "is not a date in the calendar" },
  );

const yearsSchema = z.array(z.number().int().min(2000).max(2100), {
  error: "expected a list of years, such as [2026, 2027]",
});

const holidaysSchema = z
  .strictObject({
    /** Years whose every national holiday and cuti bersama is listed. */
    years: yearsSchema.min(1),
    /** Years of which only the holidays on fixed dates are listed (their SKB not out yet). */
    partialYears: yearsSchema.default([]),
    holidays: z.array(
      z.strictObject({
        date: calendarDateSchema,
        name: z.string().trim().min(1, { error: "name the holiday" }),
        /** Cuti bersama (collective leave) rather than a national holiday. */
        leave: z.boolean().optional(),
      }),
    ),
  })
  .superRefine((file, ctx) => {
    for (const year of file.partialYears.filter((year) => file.years.includes(year))) {
      ctx.addIssue({
        code: "custom",
        path: ["partialYears"],
        message: `${year} is in years (complete) and in partialYears`,
      });
    }
    const declared = [...new Set([...file.years, ...file.partialYears])].sort((a, b) => a - b);
    const seen = new Set<string>();
    file.holidays.forEach((holiday, index) => {
      if (seen.has(holiday.date)) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", index, "date"],
          message: `${holiday.date} is listed twice`,
        });
      }
      seen.add(holiday.date);
      if (!declared.includes(Number(holiday.date.slice(0, 4)))) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", index, "date"],
          message: `${holiday.date} is outside the years the file declares (${declared.join(", ")})`,
        });
      }
    });
  });

export interface Holidays {
  /** `YYYY-MM-DD` dates that are not working days although they fall on a weekday. */
  readonly dates: ReadonlySet<string>;
  /** The years the list is complete for. */
  readonly years: readonly number[];
}

/** The file's holidays with their names, and the years it covers (the database's seed). */
export function readHolidayFile(path: string): HolidaySeed {
  const file = readDataFile(path, holidaysSchema, (issuePath, data) => {
    const [list, index, field] = issuePath;
    if (list === "holidays" && typeof index === "number") {
      const entry = (data as { holidays?: { date?: unknown }[] }).holidays?.[index];
      const date = typeof entry?.date === "string" ? entry.date : "";
      return `holiday ${index + 1}${date ? ` (${date})` : ""}${field ? ` ${String(field)}` : ""}`;
    }
    return issuePath.map(String).join(".");
  });
  return {
    holidays: file.holidays.map((holiday) => ({ ...holiday, leave: holiday.leave ?? false })),
    completeYears: [...file.years].sort(),
    partialYears: [...file.partialYears].sort(),
  };
}

/** The file as the working calendar counts it. */
export function loadHolidays(path: string): Holidays {
  return holidaysOf(readHolidayFile(path));
}
