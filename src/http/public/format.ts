import { formatDateTime } from "../../core/i18n/index.js";
import type { Language } from "../../core/messages.js";
import { html, type SafeHtml } from "./html.js";

const LOCALES: Record<Language, string> = { id: "id-ID", en: "en-GB" };

export function formatPercent(language: Language, share: number, digits = 1): string {
  return new Intl.NumberFormat(LOCALES[language], {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 5 }).format(value);
}

/** A `<time>` element: people read the local date, machines the instant. */
export function timeElement(language: Language, at: Date, timeZone: string): SafeHtml {
  return html`<time datetime="${at.toISOString()}"
    >${formatDateTime(language, at, timeZone)}</time
  >`;
}
