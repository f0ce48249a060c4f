import type { Holidays } from "../../config/holidays.js";
import type { CalendarDate } from "./dates.js";
import type { WorkingCalendar } from "./working-days.js";

/** A day deadlines skip besides weekends. */
export interface Holiday {
  readonly date: CalendarDate;
  readonly name: string;
  /** Cuti bersama (collective leave) rather than a national holiday. */
  readonly leave: boolean;
  /**
   * Who entered it, as the store lists it: a staff id, or HOLIDAYS_FROM_CONFIG for a day that
   * came from config/holidays.yaml. Absent where nobody is known (the file itself, a new day).
   */
  readonly addedBy?: string;
}

/** Who entered the holidays that came from config/holidays.yaml (the shipped file). */
export const HOLIDAYS_FROM_CONFIG = "config";

/** The holiday list as stored: every holiday, and the years known to be complete. */
export interface HolidayList {
  readonly holidays: readonly Holiday[];
  readonly completeYears: readonly number[];
}

/**
 * The list a deployment ships (config/holidays.yaml): complete years, and years of which it
 * knows only some holidays (those whose dates never move) until the SKB 3 Menteri is out.
 */
export interface HolidaySeed extends HolidayList {
  readonly partialYears: readonly number[];
}

/** The dates the shipped file lists for the years it knows in part (see HolidaySeed). */
export function shippedInPart(seed: HolidaySeed): ReadonlySet<CalendarDate> {
  return new Set(
    seed.holidays
      .map((holiday) => holiday.date)
      .filter((date) => seed.partialYears.includes(Number(date.slice(0, 4)))),
  );
}

/** The list as the working calendar counts it. */
export function holidaysOf(list: HolidayList): Holidays {
  return {
    dates: new Set(list.holidays.map((holiday) => holiday.date)),
    years: [...list.completeYears].sort(),
  };
}

/** Where the holiday list is kept (src/infra/db implements it). */
export interface HolidayStore {
  list(): Promise<HolidayList>;
  /**
   * Adds the holiday, or renames the one on that date (a day from the shipped file stays the
   * file's, HOLIDAYS_FROM_CONFIG); false when nothing changed.
   */
  put(holiday: Holiday, addedBy: string): Promise<boolean>;
  /** False when no holiday was on that date. */
  remove(date: CalendarDate): Promise<boolean>;
  /** False when the year was already complete. */
  complete(year: number, completedBy: string): Promise<boolean>;
}

/** What a change of the list must reach: every process's calendar, and open reports' deadlines. */
export type HolidayChangeListener = () => Promise<void>;

/**
 * The holiday list the working calendar counts with, read from the store and kept by admins.
 * Every change is stored first, then loaded into this process's calendar, then announced so
 * the other processes reload and the open reports' deadlines move.
 */
export class HolidayBook {
  constructor(
    private readonly store: HolidayStore,
    private readonly calendar: WorkingCalendar,
    /** What shippedInPart gives for the file the store was seeded from. */
    private readonly shipped: ReadonlySet<CalendarDate>,
    private readonly onChange: HolidayChangeListener,
  ) {}

  /**
   * Whether the day is the shipped file's: stored from it, or on a date it lists for a year it
   * knows in part whoever stored it last (removed with /libur hapus and added again, it is
   * still no day of the SKB's).
   */
  fromFile(holiday: Holiday): boolean {
    return holiday.addedBy === HOLIDAYS_FROM_CONFIG || this.shipped.has(holiday.date);
  }

  /** Loads the stored list into the calendar. */
  async reload(): Promise<HolidayList> {
    const list = await this.store.list();
    this.calendar.useHolidays(holidaysOf(list));
    return list;
  }

  list(): Promise<HolidayList> {
    return this.store.list();
  }

  async put(holiday: Holiday, by: string): Promise<boolean> {
    return this.changed(await this.store.put(holiday, by));
  }

  async remove(date: CalendarDate): Promise<boolean> {
    return this.changed(await this.store.remove(date));
  }

  async complete(year: number, by: string): Promise<boolean> {
    return this.changed(await this.store.complete(year, by));
  }

  private async changed(changed: boolean): Promise<boolean> {
    if (!changed) return false;
    await this.reload();
    await this.onChange();
    return true;
  }
}
