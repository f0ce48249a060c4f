import type { Catalog } from "../../../config/catalog.js";
import { reportStatusLabels } from "../../../core/i18n/labels.js";
import type { Language } from "../../../core/messages.js";
import { truncate } from "../../../core/text.js";
import type { ReportStatus } from "../../../core/words.js";
import type { PublishedSummary } from "../publish.js";
import type { Open311Value } from "./xml.js";

/**
 * Our statuses in GeoReport's two: `closed` once the desk is finished with a report (done,
 * or rejected/archived), `open` while anyone still owes it something. `status_notes` carries
 * our own status and the latest public word from staff.
 */
export const OPEN311_STATUS: Readonly<Record<ReportStatus, "open" | "closed">> = {
  submitted: "open",
  verified: "open",
  routed: "open",
  followed_up: "open",
  on_hold: "open",
  not_authority: "open",
  reopened: "open",
  done: "closed",
  rejected: "closed",
};

/** The spec's limit on `description`. */
const DESCRIPTION_MAX = 4000;

/** W3C date-time, UTC, to the second: `2010-01-01T00:00:00Z`. */
export const w3 = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, "Z");

export interface RequestContext {
  readonly catalog: Catalog;
  readonly language: Language;
  /** Absolute address of a published photo, when PUBLIC_BASE_URL is known. */
  readonly photoUrl?: (code: string, photoId: string) => string;
}

/** One public report as a GeoReport v2 service request, its fields in the spec's order. */
export function serviceRequest(report: PublishedSummary, context: RequestContext): Open311Value {
  const { catalog, language } = context;
  const status = reportStatusLabels[language][report.status];
  const firstPhoto = report.photoIds[0];
  return {
    service_request_id: report.code,
    status: OPEN311_STATUS[report.status],
    status_notes: report.statusNote ? `${status} — ${report.statusNote}` : status,
    service_name: report.categoryId ? catalog.categoryName(report.categoryId, language) : null,
    service_code: report.categoryId,
    description: truncate(`${report.title}\n\n${report.description}`, DESCRIPTION_MAX),
    agency_responsible: report.agencyId ? catalog.agencyName(report.agencyId, language) : null,
    service_notice: null,
    requested_datetime: w3(report.submittedAt),
    updated_datetime: w3(report.updatedAt),
    expected_datetime: report.answerDueAt ? w3(report.answerDueAt) : null,
    address: report.address,
    address_id: null,
    zipcode: null,
    lat: report.location?.latitude ?? null,
    long: report.location?.longitude ?? null,
    media_url: firstPhoto && context.photoUrl ? context.photoUrl(report.code, firstPhoto) : null,
  };
}
