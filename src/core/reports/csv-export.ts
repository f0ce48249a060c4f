import type { Catalog } from "../../config/catalog.js";
import type { ReportStore, SubmittedInQuery } from "./report-store.js";

export interface CsvExportOptions {
  readonly catalog: Catalog;
  /** Rahasia reports are left out unless the export is for internal evaluation. */
  readonly includeConfidential: boolean;
}

const COLUMNS = [
  "tracking_code",
  "submitted_at",
  "kind",
  "status",
  "category",
  "agency",
  "title",
  "description",
  "latitude",
  "longitude",
  "address",
  "anonymous",
  "confidential",
  "reporter_name",
  "reporter_username",
  "reporter_phone",
  "verified_at",
  "routed_at",
  "first_answered_at",
  "resolved_at",
  "verify_due_at",
  "follow_up_due_at",
  "rating",
  "rating_comment",
] as const;

type Cell = string | number | boolean | Date | null;

/**
 * One CSV field. Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never
 * runs a citizen's text as a formula.
 */
function field(value: Cell): string {
  if (value === null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One export from the chat, as it is recorded. */
export interface ExportRecord {
  readonly staffId: string;
  /** The period as typed (bulan-ini, 2026-11…). */
  readonly period: string;
  readonly from: Date;
  readonly to: Date;
  readonly rows: number;
  readonly confidentialLeftOut: number;
}

/** Where exports from the chat are recorded; rows are only ever added. */
export interface ExportLog {
  record(entry: ExportRecord): Promise<void>;
}

export interface CsvExport {
  readonly csv: string;
  /** Reports written. */
  readonly rows: number;
  /** Rahasia reports of the period left out, for the operator to be told. */
  readonly confidentialLeftOut: number;
}

/**
 * The reports submitted in a period as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read
 * Indonesian text right). Anonymous reporters' identities are never written.
 */
export async function exportReportsCsv(
  store: Pick<ReportStore, "submittedIn">,
  query: SubmittedInQuery,
  options: CsvExportOptions,
): Promise<CsvExport> {
  const inPeriod = await store.submittedIn(query);
  const reports = options.includeConfidential
    ? inPeriod
    : inPeriod.filter((report) => !report.confidential);
  const confidentialLeftOut = inPeriod.length - reports.length;
  const lines = reports.map((report) => {
    const who = report.anonymous ? null : report.reporter;
    const row: Record<(typeof COLUMNS)[number], Cell> = {
      tracking_code: report.trackingCode,
      submitted_at: report.submittedAt,
      kind: report.kind,
      status: report.status,
      category: report.categoryId ? options.catalog.categoryName(report.categoryId, "id") : null,
      agency: report.agencyId ? options.catalog.agencyName(report.agencyId, "id") : null,
      title: report.title,
      description: report.description,
      latitude: report.latitude,
      longitude: report.longitude,
      address: report.address,
      anonymous: report.anonymous,
      confidential: report.confidential,
      reporter_name: who?.displayName ?? null,
      reporter_username: who?.username ?? null,
      reporter_phone: who?.phone ?? null,
      verified_at: report.verifiedAt,
      routed_at: report.routedAt,
      first_answered_at: report.firstAnsweredAt,
      resolved_at: report.resolvedAt,
      verify_due_at: report.verifyDueAt,
      follow_up_due_at: report.followUpDueAt,
      rating: report.rating,
      rating_comment: report.ratingComment,
    };
    return COLUMNS.map((column) => field(row[column])).join(",");
  });
  return {
    csv: `\uFEFF${[COLUMNS.join(","), ...lines].join("\r\n")}\r\n`,
    rows: lines.length,
    confidentialLeftOut,
  };
}
