import type { ChannelName, Language } from "../messages.js";
import type { ReportStatus } from "../words.js";
import { isOpen } from "./lifecycle.js";
import type { ReporterIdentity } from "./report-queries.js";

/**
 * "Me too": before a citizen files a problem someone already reported nearby, they are shown
 * that report and may support it instead. The rules of what may be shown and supported, the
 * distance arithmetic, and the port the database answers the search through.
 */

export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/** What a report must be to be shown or supported: public (the public pages' rule) and open. */
export interface SupportableFacts {
  readonly status: ReportStatus;
  readonly confidential: boolean;
  readonly verifiedAt: Date | null;
  readonly routedAt: Date | null;
}

/**
 * Public (not rahasia, looked at by the desk: verified or routed) and still open. An unverified
 * report may be spam or carry personal details the desk has not seen; a rahasia one is never
 * shown to anyone outside the desk.
 */
export function isSupportable(report: SupportableFacts): boolean {
  return (
    !report.confidential &&
    (report.verifiedAt !== null || report.routedAt !== null) &&
    isOpen(report.status)
  );
}

/** A report as the "me too" question shows it: never who filed it. */
export interface NearbyReport {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
  readonly distanceMetres: number;
}

/** A candidate the database found inside the search box, before the exact distance. */
export interface NearbyCandidate extends SupportableFacts, Coordinates {
  readonly trackingCode: string;
  readonly title: string;
  readonly categoryId: string | null;
  readonly submittedAt: Date;
}

export interface NearbyQuery extends Coordinates {
  readonly categoryId: string;
  readonly radiusMetres: number;
  /** Filed at or after this moment. */
  readonly since: Date;
  /** The closest this many. */
  readonly limit: number;
  /** The person asking: their own reports are not offered back to them. */
  readonly excludeReporter?: ReporterIdentity;
}

/** The persistence port: public open reports of the category inside `boundingBox(query)`. */
export interface NearbyReports {
  near(query: NearbyQuery): Promise<NearbyReport[]>;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine), in metres: ample for a few hundred metres. */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The latitude/longitude box around a point that holds every point within `radiusMetres`: an
 * index-friendly first cut, refined by `distanceMetres` (no PostGIS needed).
 */
export function boundingBox(
  center: Coordinates,
  radiusMetres: number,
): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (radiusMetres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  // Near the poles a degree of longitude shrinks to nothing: the box then spans every longitude.
  const cos = Math.cos(radians(center.latitude));
  const dLon = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return {
    minLat: Math.max(-90, center.latitude - dLat),
    maxLat: Math.min(90, center.latitude + dLat),
    minLon: center.longitude - dLon,
    maxLon: center.longitude + dLon,
  };
}

/**
 * The candidates the question may show, closest first: supportable, of the category, filed
 * since `query.since`, within the radius. The database's box is only a first cut.
 */
export function closestSupportable(
  candidates: readonly NearbyCandidate[],
  query: NearbyQuery,
): NearbyReport[] {
  return candidates
    .filter(
      (candidate) =>
        isSupportable(candidate) &&
        candidate.categoryId === query.categoryId &&
        candidate.submittedAt >= query.since,
    )
    .map((candidate) => ({
      trackingCode: candidate.trackingCode,
      title: candidate.title,
      status: candidate.status,
      distanceMetres: distanceMetres(query, candidate),
    }))
    .filter((report) => report.distanceMetres <= query.radiusMetres)
    .sort(
      (a, b) => a.distanceMetres - b.distanceMetres || a.trackingCode.localeCompare(b.trackingCode),
    )
    .slice(0, query.limit);
}

/**
 * The distance as shown to a citizen: coarse, so a report's exact spot is not worked out from
 * several questions (to 10 m under 100 m, to 50 m beyond; "< 10 m" for the same spot).
 */
export function coarseDistance(metres: number): string {
  if (metres < 10) return "< 10 m";
  const step = metres < 100 ? 10 : 50;
  return `± ${Math.round(metres / step) * step} m`;
}

/** The person who supports a report: their account, and where and how to write to them. */
export interface SupporterAccount {
  readonly channel: ChannelName;
  readonly externalId: string;
  readonly chatId: string;
  readonly displayName?: string;
  readonly username?: string;
  readonly phone?: string;
  readonly language: Language;
}

/** What supporting a report came to. */
export type SupportOutcome =
  /** Now a supporter (or already was: supporting twice counts once). */
  | { readonly kind: "supported"; readonly trackingCode: string; readonly supporters: number }
  /** The person filed this report themselves. */
  | { readonly kind: "own"; readonly trackingCode: string }
  /** The report is no longer open or public (closed, or made rahasia meanwhile). */
  | { readonly kind: "unavailable"; readonly trackingCode: string };
