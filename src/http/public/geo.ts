export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

const METRES_PER_DEGREE_LATITUDE = 111_320;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

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
