import type { Language } from "../../core/messages.js";

export const REPORTS_PATH = "/laporan";
export const PHOTOS_SEGMENT = "foto";
export const ACCOUNTABILITY_PATH = "/statistik";

/** `laporan/ADU-7K3F9Q`, from the site's root. */
const reportPath = (code: string) => `${REPORTS_PATH.slice(1)}/${encodeURIComponent(code)}`;
/** `laporan/ADU-7K3F9Q/foto/1`, from the site's root. */
const photoPath = (code: string, photoId: string) =>
  `${reportPath(code)}/${PHOTOS_SEGMENT}/${encodeURIComponent(photoId)}`;
const withoutSlash = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

/**
 * The address of a report's public page, for the reporter's confirmation and notices:
 * `https://aduan.example.go.id/laporan/ADU-7K3F9Q` from PUBLIC_BASE_URL (which may end in a
 * path, such as `https://pemda.example.go.id/aduan`).
 */
export function reportPageUrl(publicBaseUrl: string, code: string): string {
  return `${withoutSlash(publicBaseUrl)}/${reportPath(code)}`;
}

/** The absolute address of a published photo (Open311's media_url). */
export function photoUrl(baseUrl: string, code: string, photoId: string): string {
  return `${withoutSlash(baseUrl)}/${photoPath(code, photoId)}`;
}

export type Query = Readonly<Record<string, string | undefined>>;

/** `?a=1&b=2` of the values that are set, or "" when none is. */
export function queryString(query: Query): string {
  const entries = Object.entries(query).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
  );
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries).toString()}`;
}

/**
 * Links between the public pages, relative to the page they appear on, so the pages work
 * unchanged behind a reverse proxy that serves them under a path of its own. A language the
 * reader picked with `?lang=` travels with every link (there are no cookies).
 */
export class PageLinks {
  private readonly up: string;

  /** `depth`: how many folders below the site's root the current page is (/laporan/X is 1). */
  constructor(
    depth: number,
    readonly pickedLanguage: Language | undefined,
  ) {
    this.up = "../".repeat(depth);
  }

  private withLanguage(query: Query): Query {
    return { ...query, lang: this.pickedLanguage };
  }

  reports(query: Query = {}): string {
    return `${this.up}${REPORTS_PATH.slice(1)}${queryString(this.withLanguage(query))}`;
  }

  report(code: string): string {
    return `${this.up}${reportPath(code)}${queryString(this.withLanguage({}))}`;
  }

  photo(code: string, photoId: string): string {
    return `${this.up}${photoPath(code, photoId)}`;
  }

  accountability(query: Query = {}): string {
    return `${this.up}${ACCOUNTABILITY_PATH.slice(1)}${queryString(this.withLanguage(query))}`;
  }

  /** This page again with the other language picked, keeping its filters. */
  static switchLanguage(currentQuery: Query, language: Language): string {
    return queryString({ ...currentQuery, lang: language });
  }
}
