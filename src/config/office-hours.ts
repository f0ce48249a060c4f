import { z } from "zod";
import type { OfficeHours } from "../core/time/working-days.js";

const clock = /^([01]\d|2[0-3]):([0-5]\d)$/;

const minutes = (text: string) => {
  const [, hours = "0", mins = "0"] = clock.exec(text) ?? [];
  return Number(hours) * 60 + Number(mins);
};

/**
 * OFFICE_HOURS as operators write it, `07:30-16:00` (local time, working days only): the
 * span the working-hour medians of the accountability figures count.
 */
export const officeHoursSchema = z
  .string()
  .trim()
  .regex(/^\d{2}:\d{2}\s*-\s*\d{2}:\d{2}$/, {
    error: "expected the opening and closing time of a working day, such as 07:30-16:00",
  })
  .transform((value) => value.split("-").map((part) => part.trim()))
  .refine(([start = "", end = ""]) => clock.test(start) && clock.test(end), {
    error: "expected times between 00:00 and 23:59, such as 07:30-16:00",
  })
  .transform(([start = "", end = ""]): OfficeHours => ({
    start: minutes(start),
    end: minutes(end),
  }))
  .refine((hours) => hours.start < hours.end, {
    error: "the office must close after it opens, such as 07:30-16:00",
  });
