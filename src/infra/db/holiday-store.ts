import { fromDateValue, toDateValue, type CalendarDate } from "../../core/time/dates.js";
import {
  HOLIDAYS_FROM_CONFIG,
  type Holiday,
  type HolidayList,
  type HolidaySeed,
  type HolidayStore,
} from "../../core/time/holiday-book.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/** HolidayStore on PostgreSQL through Prisma. */
export class PrismaHolidayStore implements HolidayStore {
  constructor(private readonly prisma: PrismaClient) {}

  async list(): Promise<HolidayList> {
    const [holidays, years] = await this.prisma.$transaction([
      this.prisma.holiday.findMany({ orderBy: { date: "asc" } }),
      this.prisma.holidayYear.findMany({ orderBy: { year: "asc" } }),
    ]);
    return {
      holidays: holidays.map((row) => ({
        date: fromDateValue(row.date),
        name: row.name,
        leave: row.leave,
        addedBy: row.addedBy,
      })),
      completeYears: years.map((row) => row.year),
    };
  }

  async put(holiday: Holiday, addedBy: string): Promise<boolean> {
    const date = toDateValue(holiday.date);
    const existing = await this.prisma.holiday.findUnique({ where: { date } });
    if (existing && existing.name === holiday.name && existing.leave === holiday.leave) {
      return false;
    }
    const fields = { name: holiday.name, leave: holiday.leave };
    await this.prisma.holiday.upsert({
      where: { date },
      create: { date, ...fields, addedBy },
      // A shipped day renamed is still the file's, not one of the SKB's: /libur lengkap must
      // not take it as a day an admin entered.
      update: existing?.addedBy === HOLIDAYS_FROM_CONFIG ? fields : { ...fields, addedBy },
    });
    return true;
  }

  async remove(date: CalendarDate): Promise<boolean> {
    const { count } = await this.prisma.holiday.deleteMany({ where: { date: toDateValue(date) } });
    return count > 0;
  }

  async complete(year: number, completedBy: string): Promise<boolean> {
    const { count } = await this.prisma.holidayYear.createMany({
      data: [{ year, completedBy }],
      skipDuplicates: true,
    });
    return count > 0;
  }

  /**
   * Seeds the years the file covers that the database does not know as complete yet: their
   * holidays (what admins entered for the same dates stays) and the year marked complete.
   * A year the file knows in part is seeded once, unless admins had begun its list, and is not
   * marked complete: from then on that year's list is theirs (a day they removed, or all of
   * them, does not come back at the next start). Returns the years it seeded.
   */
  async seed(file: HolidaySeed): Promise<number[]> {
    return this.prisma.$transaction(async (tx) => {
      const known = new Set(
        (await tx.holidayYear.findMany({ select: { year: true } })).map((row) => row.year),
      );
      const complete = file.completeYears.filter((year) => !known.has(year));
      const handed = new Set(
        (await tx.holidaySeededYear.findMany({ select: { year: true } })).map((row) => row.year),
      );
      const pending = file.partialYears.filter((year) => !known.has(year) && !handed.has(year));
      const partial: number[] = [];
      for (const year of pending) {
        const stored = await tx.holiday.count({
          where: { date: { gte: toDateValue(`${year}-01-01`), lte: toDateValue(`${year}-12-31`) } },
        });
        if (stored === 0) partial.push(year);
      }
      await tx.holidaySeededYear.createMany({
        data: pending.map((year) => ({ year })),
        skipDuplicates: true,
      });
      const years = [...complete, ...partial];
      if (years.length === 0) return [];
      await tx.holiday.createMany({
        data: file.holidays
          .filter((holiday) => years.includes(Number(holiday.date.slice(0, 4))))
          .map((holiday) => ({
            date: toDateValue(holiday.date),
            name: holiday.name,
            leave: holiday.leave,
            addedBy: HOLIDAYS_FROM_CONFIG,
          })),
        skipDuplicates: true,
      });
      await tx.holidayYear.createMany({
        data: complete.map((year) => ({ year, completedBy: HOLIDAYS_FROM_CONFIG })),
        skipDuplicates: true,
      });
      return years.sort((a, b) => a - b);
    });
  }
}
