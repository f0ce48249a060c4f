import type { Accountability } from "../../core/reports/accountability.js";
import type { EventType, ReportKind, ReportStatus } from "../../core/words.js";
import type { GeoPoint } from "./geo.js";

/**
 * What the public pages and the Open311 API read, and nothing more. A report is public when it
 * is not rahasia and the desk has verified (or routed) it: what nobody at the desk has looked
 * at yet, and spam rejected straight away, never appears. Implementations must:
 * - never return a rahasia report (the pages also drop any report that says it is one);
 * - never return who filed a report, and blank the reporter's identity out of every text they
 *   return (see `redactIdentity`);
 * - return locations as stored: this package coarsens them before anything is shown.
 */
export interface PublicReportSource {
  /** Public reports matching the filter, newest first, and how many match in all. */
  list(filter: PublicReportFilter, page: PageRequest): Promise<PublicReportPage>;
  /** One public report with its public timeline; undefined when none has this code. */
  byCode(code: string): Promise<PublicReportDetail | undefined>;
  /** A photo of a public report whose reporter agreed to publish its photos. */
  photo(code: string, photoId: string): Promise<PublicPhoto | undefined>;
  /**
   * The /statistik figures of every report submitted in the period (rahasia ones included:
   * they are counted, never shown), overall and per agency.
   */
  accountability(period: { from: Date; to: Date }): Promise<Accountability>;
  /**
   * The report an Open311 submission became, by the token POST requests answered with:
   * undefined while it waits in the intake queue (or when no such token was issued).
   */
  requestForToken(token: string): Promise<{ code: string; public: boolean } | undefined>;
}

export interface PublicReportFilter {
  readonly statuses?: readonly ReportStatus[];
  readonly categoryIds?: readonly string[];
  readonly agencyId?: string;
  /** Submitted from (inclusive) … to (exclusive). */
  readonly submitted?: { readonly from: Date; readonly to: Date };
  /** Only these tracking codes (Open311's service_request_id list). */
  readonly codes?: readonly string[];
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export interface PublicReportPage {
  readonly reports: readonly PublicReportSummary[];
  readonly total: number;
}

export interface PublicReportSummary {
  readonly code: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly description: string;
  readonly status: ReportStatus;
  readonly categoryId: string | null;
  readonly agencyId: string | null;
  readonly submittedAt: Date;
  /** The latest public change (or the submission). */
  readonly updatedAt: Date;
  /** When the agency's answer is due, while one is awaited. */
  readonly answerDueAt: Date | null;
  /** Exact, as stored: coarsened by `publishReport` before anyone sees it. */
  readonly location: GeoPoint | null;
  /** The address the reporter typed for the problem's location. */
  readonly address: string | null;
  /** The text of the latest public staff action (an answer, why it is held, rejected, done). */
  readonly statusNote: string | null;
  /** Photos the reporter agreed to publish; empty otherwise. */
  readonly photoIds: readonly string[];
  /** Always false from a correct source; a report that says true is never shown. */
  readonly confidential: boolean;
}

/**
 * A public timeline entry. What the reporter wrote after filing (more information, a rating
 * comment, why they reopened) stays between them and the desk: only that it happened shows.
 */
export type PublicTimelineEntry =
  | { readonly actor: "reporter"; readonly type: EventType; readonly at: Date }
  | {
      readonly actor: "staff" | "system";
      readonly type: EventType;
      readonly at: Date;
      readonly text: string | null;
    };

export interface PublicReportDetail extends PublicReportSummary {
  readonly eventDate: Date | null;
  /** Citizens who support the report ("me too"): a count, never who. */
  readonly supporters: number;
  readonly timeline: readonly PublicTimelineEntry[];
}

export interface PublicPhoto {
  readonly mime: string;
  readonly bytes: Buffer;
  /** The stored file's SHA-256 (hex): its ETag, so a cache asks again rather than keeps it. */
  readonly sha256: string;
}
