import type { Language } from "../messages.js";
import { template, type RichText, type TemplateParams } from "../text.js";
import { dateTimeFormat } from "../time/dates.js";
import { en } from "./en.js";
import { id, type MessageKey } from "./id.js";

export type { MessageKey } from "./id.js";

const dictionaries: Record<Language, Record<MessageKey, string>> = { id, en };

/** A message in the user's language, as rich text. */
export function t(language: Language, key: MessageKey, params?: TemplateParams): RichText {
  return template(dictionaries[language][key], params);
}

/** A message in the user's language, as a plain string (for button labels). */
export function label(language: Language, key: MessageKey, params?: TemplateParams): string {
  return t(language, key, params)
    .map((span) => span.text)
    .join("");
}

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

export function formatDateTime(language: Language, date: Date, timeZone: string): string {
  const format = dateTimeFormat(locales[language], {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  if (language === "id") return format.format(date);
  // Indonesia's zones are WIB, WITA and WIT in English too, not GMT+7, GMT+8 and GMT+9.
  const zone = dateTimeFormat(locales.id, { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((part) => part.type === "timeZoneName")?.value;
  if (!zone || !/^WI(B|TA|T)$/.test(zone)) return format.format(date);
  return format
    .formatToParts(date)
    .map((part) => (part.type === "timeZoneName" ? zone : part.value))
    .join("");
}

/** Formats a calendar date (stored as UTC midnight) without shifting it across time zones. */
export function formatDate(language: Language, date: Date): string {
  return dateTimeFormat(locales[language], { timeZone: "UTC", dateStyle: "long" }).format(date);
}

/** The day of the week of a calendar date (stored as UTC midnight): "Jumat", "Friday". */
export function formatWeekday(language: Language, date: Date): string {
  return dateTimeFormat(locales[language], { timeZone: "UTC", weekday: "long" }).format(date);
}

/** A span of time as people say it: in hours when it is whole hours, else in minutes. */
export function formatDuration(language: Language, ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes % 60 === 0
    ? label(language, "durationHours", { count: minutes / 60 })
    : label(language, "durationMinutes", { count: minutes });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
