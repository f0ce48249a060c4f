/**
 * Calendar dates as `YYYY-MM-DD` strings: the date of an event has no time of day, and a
 * string cannot drift across time zones the way a Date at midnight does.
 */
export type CalendarDate = string;

const pad = (value: number) => String(value).padStart(2, "0");

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

function parts(date: CalendarDate): [number, number, number] {
  const [year, month, day] = date.split("-").map(Number);
  return [year ?? 0, month ?? 0, day ?? 0];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per set of options, kept: building an Intl.DateTimeFormat costs far more than
 * formatting with it, and the engine formats dates on most messages.
 */
export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The last date `todayIn` found per time zone, and the minute of the instant it was for. */
const lastToday = new Map<string, { minute: number; date: CalendarDate }>();

/** The date it is now in the given time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  // The engine asks every turn, and formatting in a zone is the costly part. Zone offsets are
  // whole minutes, so the date cannot change within one minute of `now`.
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastToday.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatToday(timeZone, now);
  lastToday.set(timeZone, { minute, date });
  return date;
}

function formatToday(timeZone: string, now: Date): CalendarDate {
  const values = Object.fromEntries(
    dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${values.year}-${values.month}-${values.day}`;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = parts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return calendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Moves by whole months, keeping the day where the target month has it (31 Mar − 1 → 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return calendarDate(targetYear, targetMonth, Math.min(day, lastDay));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** A calendar date as the UTC-midnight Date that PostgreSQL's DATE type maps to. */
export function toDateValue(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function fromDateValue(value: Date): CalendarDate {
  return value.toISOString().slice(0, 10);
}

const MONTHS: Record<string, number> = {
  januari: 1,
  january: 1,
  jan: 1,
  februari: 2,
  february: 2,
  pebruari: 2,
  feb: 2,
  peb: 2,
  maret: 3,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  agustus: 8,
  august: 8,
  agu: 8,
  agt: 8,
  ags: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nopember: 11,
  nov: 11,
  nop: 11,
  desember: 12,
  december: 12,
  des: 12,
  dec: 12,
};

const WEEKDAYS: Record<string, number> = {
  minggu: 0,
  ahad: 0,
  sunday: 0,
  senin: 1,
  monday: 1,
  selasa: 2,
  tuesday: 2,
  rabu: 3,
  wednesday: 3,
  kamis: 4,
  thursday: 4,
  jumat: 5,
  "jum'at": 5,
  friday: 5,
  sabtu: 6,
  saturday: 6,
};

const NUMBER_WORDS: Record<string, number> = {
  se: 1,
  satu: 1,
  a: 1,
  an: 1,
  one: 1,
  dua: 2,
  two: 2,
  tiga: 3,
  three: 3,
  empat: 4,
  four: 4,
  lima: 5,
  five: 5,
  enam: 6,
  six: 6,
  tujuh: 7,
  seven: 7,
  delapan: 8,
  eight: 8,
  sembilan: 9,
  nine: 9,
  sepuluh: 10,
  ten: 10,
};

const UNITS: Record<string, "day" | "week" | "month" | "year"> = {
  hari: "day",
  day: "day",
  days: "day",
  minggu: "week",
  pekan: "week",
  week: "week",
  weeks: "week",
  bulan: "month",
  month: "month",
  months: "month",
  tahun: "year",
  year: "year",
  years: "year",
};

const EXACT: Record<string, number> = {
  "hari ini": 0,
  today: 0,
  sekarang: 0,
  now: 0,
  tadi: 0,
  "tadi pagi": 0,
  "tadi siang": 0,
  "tadi sore": 0,
  "this morning": 0,
  kemarin: -1,
  kemaren: -1,
  kmrn: -1,
  yesterday: -1,
  semalam: -1,
  "tadi malam": -1,
  "last night": -1,
  "kemarin lusa": -2,
  "lusa kemarin": -2,
  "the day before yesterday": -2,
  // Not when an event happened, but said so: answered "not yet happened", not "not a date".
  besok: 1,
  esok: 1,
  tomorrow: 1,
  lusa: 2,
  "the day after tomorrow": 2,
  "minggu lalu": -7,
  "pekan lalu": -7,
  "last week": -7,
};

/** "Last month" and "last year" go back one of them; "last week" is in EXACT. */
const LAST: Record<string, "month" | "year"> = {
  "bulan lalu": "month",
  "last month": "month",
  "tahun lalu": "year",
  "last year": "year",
};

function shift(today: CalendarDate, amount: number, unit: "day" | "week" | "month" | "year") {
  switch (unit) {
    case "day":
      return addDays(today, -amount);
    case "week":
      return addDays(today, -7 * amount);
    case "month":
      return addMonths(today, -amount);
    case "year":
      return addMonths(today, -12 * amount);
  }
}

/** The latest such weekday up to today (before today when `strictlyBefore`). */
function lastWeekday(today: CalendarDate, weekdayNumber: number, strictlyBefore: boolean) {
  let back = (weekday(today) - weekdayNumber + 7) % 7;
  if (back === 0 && strictlyBefore) back = 7;
  return addDays(today, -back);
}

/** A two-digit year is in this century. */
function fullYear(text: string): number {
  const value = Number(text);
  return text.length <= 2 ? 2000 + value : value;
}

/** A day and month without a year means its latest occurrence that is not in the future. */
function dayMonth(
  today: CalendarDate,
  day: number,
  month: number,
  year?: string,
): CalendarDate | undefined {
  if (year !== undefined) {
    const resolved = fullYear(year);
    return isValidDate(resolved, month, day) ? calendarDate(resolved, month, day) : undefined;
  }
  // Eight years back always reaches a 29 February.
  const [currentYear] = parts(today);
  for (let candidateYear = currentYear; candidateYear > currentYear - 8; candidateYear--) {
    if (!isValidDate(candidateYear, month, day)) continue;
    const candidate = calendarDate(candidateYear, month, day);
    if (candidate <= today) return candidate;
  }
  return undefined;
}

/** The latest day numbered `day` (this month's, or the last month's that has it), up to today. */
function latestDay(today: CalendarDate, day: number): CalendarDate | undefined {
  const [year, month] = parts(today);
  // Three months back always reach a 31st (or a 29th, 30th).
  for (let back = 0; back < 3; back++) {
    const candidate = addMonths(calendarDate(year, month, 1), -back);
    const [candidateYear, candidateMonth] = parts(candidate);
    if (!isValidDate(candidateYear, candidateMonth, day)) continue;
    const date = calendarDate(candidateYear, candidateMonth, day);
    if (date <= today) return date;
  }
  return undefined;
}

/**
 * Reads the date of an event as people type it in Indonesian or English: "hari ini", "kemarin",
 * "3 hari lalu", "seminggu yang lalu", "senin", "12/11/2026", "12-11-26", "12 Nov 2026",
 * "November 12, 2026", "2026-11-12", "tanggal 12" (the latest 12th). Day comes before month, as
 * in Indonesia. Returns undefined when the text is not a date; range checks are the caller's.
 */
export function parseNaturalDate(input: string, today: CalendarDate): CalendarDate | undefined {
  const text = input
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[.,!?]+$/, "")
    .replace(/\s+/g, " ")
    .replace(/^(tanggal|tgl\.?|pada|on) /, "")
    .trim();
  if (text.length === 0 || text.length > 60) return undefined;

  const exact = EXACT[text];
  if (exact !== undefined) return addDays(today, exact);
  // "kemarin sore", "yesterday evening": the day is what counts.
  const day = text.replace(/ (pagi|siang|sore|malam|morning|afternoon|evening|night)$/, "");
  if (day !== text) return parseNaturalDate(day, today);
  // "hari minggu lalu" is last Sunday, where "minggu lalu" alone is a week ago.
  const dayName = /^hari (\S+)(?: (lalu|kemarin))?$/.exec(text);
  if (dayName && WEEKDAYS[dayName[1] ?? ""] !== undefined) {
    return lastWeekday(today, WEEKDAYS[dayName[1] ?? ""] ?? 0, dayName[2] !== undefined);
  }
  const lastUnit = LAST[text];
  if (lastUnit) return shift(today, 1, lastUnit);

  const relative =
    /^(\d{1,4}|[a-z]+)\s?(hari|minggu|pekan|bulan|tahun|days?|weeks?|months?|years?) (yang |yg )?(lalu|ago)$/.exec(
      text,
    ) ?? /^(se)(hari|minggu|pekan|bulan|tahun) (yang |yg )?(lalu)$/.exec(text);
  if (relative) {
    const [, count = "", unitWord = ""] = relative;
    const amount = /^\d+$/.test(count) ? Number(count) : NUMBER_WORDS[count];
    const unit = UNITS[unitWord];
    if (amount !== undefined && unit) return shift(today, amount, unit);
    return undefined;
  }

  const weekdayMatch = /^(?:(last) )?([a-z']+)(?: (lalu|kemarin))?$/.exec(text);
  const weekdayNumber = weekdayMatch ? WEEKDAYS[weekdayMatch[2] ?? ""] : undefined;
  if (weekdayMatch && weekdayNumber !== undefined) {
    const strictlyBefore = weekdayMatch[1] !== undefined || weekdayMatch[3] !== undefined;
    return lastWeekday(today, weekdayNumber, strictlyBefore);
  }

  const iso = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (iso) {
    const [year, month, date] = [Number(iso[1]), Number(iso[3]), Number(iso[4])];
    return isValidDate(year, month, date) ? calendarDate(year, month, date) : undefined;
  }

  const dayAlone = /^\d{1,2}$/.exec(text);
  if (dayAlone) return latestDay(today, Number(dayAlone[0]));

  const numeric = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(text);
  if (numeric) return dayMonth(today, Number(numeric[1]), Number(numeric[2]), numeric[3]);

  const dayFirst = /^(\d{1,2}) ([a-z]+)(?: (\d{4}|\d{2}))?$/.exec(text);
  if (dayFirst) {
    const month = MONTHS[dayFirst[2] ?? ""];
    return month ? dayMonth(today, Number(dayFirst[1]), month, dayFirst[3]) : undefined;
  }

  const monthFirst = /^([a-z]+) (\d{1,2})(?:,? (\d{4}))?$/.exec(text);
  if (monthFirst) {
    const month = MONTHS[monthFirst[1] ?? ""];
    return month ? dayMonth(today, Number(monthFirst[2]), month, monthFirst[3]) : undefined;
  }
  return undefined;
}
