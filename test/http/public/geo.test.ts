import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coarsenLocation,
  distanceMetres,
  nearbyOpenReports,
  type NearbyCandidate,
} from "../../../src/http/public/geo.js";

const MONAS = { latitude: -6.175392, longitude: 106.827153 };
const point = fc.record({
  latitude: fc.double({ min: -80, max: 80, noNaN: true }),
  longitude: fc.double({ min: -179.9, max: 179.9, noNaN: true }),
});

describe("distanceMetres", () => {
  it("measures known distances", () => {
    // Monas to Bundaran HI is about 2.1 km; a degree of latitude about 111 km.
    const bundaranHi = { latitude: -6.194953, longitude: 106.823048 };
    expect(distanceMetres(MONAS, bundaranHi)).toBeGreaterThan(2_100);
    expect(distanceMetres(MONAS, bundaranHi)).toBeLessThan(2_250);
    expect(
      distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }),
    ).toBeCloseTo(111_195, -1);
    expect(distanceMetres(MONAS, MONAS)).toBe(0);
  });
});

describe("coarsenLocation", () => {
  it("moves a point by at most about 71 m (half a 100 m cell's diagonal)", () => {
    fc.assert(
      fc.property(point, (exact) => {
        expect(distanceMetres(exact, coarsenLocation(exact))).toBeLessThan(72);
      }),
    );
  });

  it("gives every point of a cell the same published location, so the house does not show", () => {
    const published = coarsenLocation(MONAS);
    // Points a few tens of metres apart, inside the same cell, cannot be told apart.
    const neighbours = [
      { latitude: published.latitude + 0.0003, longitude: published.longitude - 0.0003 },
      { latitude: published.latitude - 0.0003, longitude: published.longitude + 0.0003 },
    ];
    for (const neighbour of neighbours) expect(coarsenLocation(neighbour)).toEqual(published);
    // And a point 150 m away is in another cell.
    expect(coarsenLocation({ ...MONAS, latitude: MONAS.latitude + 0.00135 })).not.toEqual(
      published,
    );
  });

  it("is stable: a published location published again stays where it is", () => {
    fc.assert(
      fc.property(point, (exact) => {
        const once = coarsenLocation(exact);
        expect(coarsenLocation(once)).toEqual(once);
      }),
    );
  });

  it("keeps at most five decimals (about a metre), so no finer digit survives", () => {
    const published = coarsenLocation({ latitude: -6.2088123456, longitude: 106.8456789012 });
    for (const value of [published.latitude, published.longitude]) {
      expect(String(value).split(".")[1]?.length ?? 0).toBeLessThanOrEqual(5);
    }
  });
});

describe("nearbyOpenReports (the 'me too' check)", () => {
  const now = new Date("2026-11-20T03:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const north = (metres: number) => ({
    latitude: MONAS.latitude + metres / 111_195,
    longitude: MONAS.longitude,
  });
  const candidate = (code: string, overrides: Partial<NearbyCandidate> = {}): NearbyCandidate => ({
    code,
    categoryId: "jalan-jembatan",
    status: "routed",
    submittedAt: daysAgo(3),
    location: north(100),
    ...overrides,
  });
  const query = {
    categoryId: "jalan-jembatan",
    point: MONAS,
    radiusMetres: 200,
    withinDays: 30,
    now,
  };

  it("finds open reports of the same category within the radius and the days, nearest first", () => {
    const found = nearbyOpenReports(
      [
        candidate("ADU-FAR222", { location: north(150) }),
        candidate("ADU-NEAR22", { location: north(20) }),
        candidate("ADU-EDGE22", { location: north(199) }),
      ],
      query,
    );
    expect(found.map((report) => report.code)).toEqual(["ADU-NEAR22", "ADU-FAR222", "ADU-EDGE22"]);
    expect(found[0]?.distanceMetres).toBeCloseTo(20, 0);
  });

  it("leaves out what is not the same open problem nearby and recent", () => {
    const found = nearbyOpenReports(
      [
        candidate("ADU-TOOFAR", { location: north(201) }),
        candidate("ADU-OTHERC", { categoryId: "drainase-banjir" }),
        candidate("ADU-DONE22", { status: "done" }),
        candidate("ADU-REJECT", { status: "rejected" }),
        candidate("ADU-OLD222", { submittedAt: daysAgo(31) }),
        candidate("ADU-NOWHRE", { location: null }),
        candidate("ADU-HELD22", { status: "on_hold" }),
      ],
      query,
    );
    expect(found.map((report) => report.code)).toEqual(["ADU-HELD22"]);
  });
});
