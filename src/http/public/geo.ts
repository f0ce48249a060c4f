import type { ReportStatus } from "../../core/words.js";
import { isOpen } from "../../core/reports/lifecycle.js";

export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const METRES_PER_DEGREE_LATITUDE = 111_320;
const DAY_MS = 24 * 60 * 60 * 1000;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine), good to a few metres at the distances that matter here. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const dLatitude = radians(b.latitude - a.latitude);
  const dLongitude = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How far published locations are rounded: a street, never a house. */
export const PUBLIC_CELL_METRES = 100;

const roundTo = (value: number, decimals: number) => Number(value.toFixed(decimals));

/**
 * The centre of the grid cell (about `cellMetres` on a side) that holds the point. Every point
 * in a cell gives the same answer, so a published location says which block, not which house.
 * Cells are measured in metres at the cell's own latitude, so they stay square away from the
 * equator; near the poles, where a cell would span most of the globe's width, the longitude is
 * left out altogether (set to 0).
 */
export function coarsenLocation(point: GeoPoint, cellMetres = PUBLIC_CELL_METRES): GeoPoint {
  const latitudeStep = cellMetres / METRES_PER_DEGREE_LATITUDE;
  const latitudeCell = Math.floor(point.latitude / latitudeStep);
  const latitude = Math.max(-90, Math.min(90, (latitudeCell + 0.5) * latitudeStep));
  const metresPerDegreeLongitude = METRES_PER_DEGREE_LATITUDE * Math.cos(radians(latitude));
  const longitudeStep = cellMetres / Math.max(metresPerDegreeLongitude, 1e-9);
  if (longitudeStep >= 90) return { latitude: roundTo(latitude, 5), longitude: 0 };
  const longitudeCell = Math.floor(point.longitude / longitudeStep);
  const longitude = (longitudeCell + 0.5) * longitudeStep;
  return { latitude: roundTo(latitude, 5), longitude: roundTo(longitude, 5) };
}

/** One report as the "me too" check sees it. */
export interface NearbyCandidate {
  readonly code: string;
  readonly categoryId: string | null;
  readonly status: ReportStatus;
  readonly submittedAt: Date;
  readonly location: GeoPoint | null;
}

export interface NearbyQuery {
  readonly categoryId: string;
  readonly point: GeoPoint;
  /** How far away a report may lie and still be "the same problem" (issue #20: 200 m). */
  readonly radiusMetres: number;
  /** How recent it must be (issue #20: 30 days). */
  readonly withinDays: number;
  readonly now: Date;
}

/**
 * "Is this the same problem?": of the given (public) reports, those still open, in the same
 * category, filed in the last `withinDays` days and lying within `radiusMetres` of the point,
 * nearest first, each with its distance.
 */
export function nearbyOpenReports<Candidate extends NearbyCandidate>(
  candidates: readonly Candidate[],
  query: NearbyQuery,
): (Candidate & { readonly distanceMetres: number })[] {
  const since = query.now.getTime() - query.withinDays * DAY_MS;
  return candidates
    .flatMap((candidate) => {
      if (!candidate.location || candidate.categoryId !== query.categoryId) return [];
      if (!isOpen(candidate.status)) return [];
      const filed = candidate.submittedAt.getTime();
      if (filed < since || filed > query.now.getTime()) return [];
      const distance = distanceMetres(query.point, candidate.location);
      return distance <= query.radiusMetres ? [{ ...candidate, distanceMetres: distance }] : [];
    })
    .sort((a, b) => a.distanceMetres - b.distanceMetres || a.code.localeCompare(b.code));
}
