import { z } from "zod";
import { formatWeekday, label, t } from "../../i18n/index.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { joinLines, type RichText } from "../../text.js";
import { isValidDate, toDateValue } from "../../time/dates.js";
import type { Holiday, HolidayBook } from "../../time/holiday-book.js";
import { systemClock, type Clock } from "../../time/clock.js";
import type { WorkingCalendar } from "../../time/working-days.js";
import { firstWord, parseArgs } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";

export interface HolidaysCommandOptions {
  readonly holidays: Pick<HolidayBook, "list" | "put" | "remove" | "complete" | "fromFile">;
  readonly calendar: WorkingCalendar;
  readonly clock?: Clock;
}

const year = z.coerce.number().int().min(2000).max(2100);

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const [y = 0, m = 0, d = 0] = value.split("-").map(Number);
    return isValidDate(y, m, d) && year.safeParse(y).success;
  });

const holidayArgs = z.object({
  date,
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .transform((name) => name.replace(/\s+/g, " ")),
});

const holidaysIn = (holidays: readonly Holiday[], year: number): Holiday[] =>
  holidays.filter((holiday) => holiday.date.startsWith(`${year}-`));

/**
 * `/libur`: the holidays deadlines skip besides weekends. Admins list them, add next year's
 * from the SKB 3 Menteri, remove a wrong one, and declare a year complete so its deadlines
 * trust the list (until then they skip weekends and the days recorded so far, and the desk is
 * reminded weekly).
 */
export function holidaysCommand(options: HolidaysCommandOptions): DeskCommand {
  const { holidays, calendar } = options;
  const clock = options.clock ?? systemClock;
  const usage = (language: Language) => say(language, "holidaysUsage");
  const weekday = (language: Language, day: string) => formatWeekday(language, toDateValue(day));

  const list = async (language: Language, years: readonly number[]): Promise<OutboundMessage[]> => {
    const { holidays: all, completeYears } = await holidays.list();
    const sections: RichText[] = years.flatMap((shown) => {
      const days = holidaysIn(all, shown);
      // An incomplete year with no days yet: its deadlines skip weekends, no list below.
      const state = completeYears.includes(shown)
        ? label(language, "holidaysComplete")
        : label(language, days.length === 0 ? "holidaysIncompleteNone" : "holidaysIncomplete", {
            year: shown,
          });
      return [
        t(language, "holidaysYear", { year: shown, state }),
        ...(days.length === 0
          ? [t(language, "holidaysNone")]
          : days.map((holiday) =>
              t(language, "holidaysLine", {
                date: holiday.date,
                weekday: weekday(language, holiday.date),
                name: holiday.name,
              }),
            )),
      ];
    });
    return [{ text: joinLines(sections) }];
  };

  const add = async (language: Language, rest: string, staffId: string) => {
    const [rawDate, name] = firstWord(rest);
    const args = parseArgs(holidayArgs, { date: rawDate, name });
    if (!args) return usage(language);
    const holiday: Holiday = { ...args, leave: /^cuti bersama\b/i.test(args.name) };
    const params = {
      date: holiday.date,
      weekday: weekday(language, holiday.date),
      name: holiday.name,
    };
    // A date already listed is renamed: the name it had is said, so a typo is seen.
    const before = (await holidays.list()).holidays.find((day) => day.date === holiday.date);
    if (!(await holidays.put(holiday, staffId))) return say(language, "holidaysUnchanged", params);
    return before
      ? say(language, "holidaysRenamed", { ...params, before: before.name })
      : say(language, "holidaysAdded", params);
  };

  const remove = async (language: Language, rest: string) => {
    const day = parseArgs(date, rest);
    if (!day) return usage(language);
    return (await holidays.remove(day))
      ? say(language, "holidaysRemoved", { date: day })
      : say(language, "holidaysNotFound", { date: day, year: day.slice(0, 4) });
  };

  const complete = async (language: Language, rest: string, staffId: string) => {
    const completed = parseArgs(year, rest);
    if (completed === undefined || rest.trim() === "") return usage(language);
    const { holidays: all, completeYears } = await holidays.list();
    // Before the shipped-days check: a year the file brings complete (this one) holds only
    // the file's days, and is complete all the same.
    if (completeYears.includes(completed)) {
      return say(language, "holidaysAlreadyComplete", { year: completed });
    }
    const days = holidaysIn(all, completed);
    const count = days.length;
    if (count === 0) return say(language, "holidaysCompleteEmpty", { year: completed });
    // The shipped file knows only the days whose dates never move: a year of nothing else
    // lacks the SKB's moving holidays and cuti bersama, and deadlines would trust it.
    if (days.every((holiday) => holidays.fromFile(holiday))) {
      return say(language, "holidaysCompleteOnlyShipped", { year: completed, count });
    }
    return (await holidays.complete(completed, staffId))
      ? say(language, "holidaysCompleted", { year: completed, count })
      : say(language, "holidaysAlreadyComplete", { year: completed });
  };

  return {
    names: ["libur", "holidays"],
    who: "admin",
    help: "deskHelpHolidays",
    run: async (context, staff) => {
      const { language } = context;
      const [sub, rest] = firstWord(context.args);
      const id = staff?.id ?? "";
      switch (sub?.toLowerCase()) {
        case undefined: {
          const thisYear = Number(calendar.dateOf(clock()).slice(0, 4));
          return list(language, [thisYear, thisYear + 1]);
        }
        case "tambah":
        case "add":
          return add(language, rest, id);
        case "hapus":
        case "remove":
          return remove(language, rest);
        case "lengkap":
        case "complete":
          return complete(language, rest, id);
        default: {
          const shown = parseArgs(year, sub);
          return shown === undefined || rest !== "" ? usage(language) : list(language, [shown]);
        }
      }
    },
  };
}
