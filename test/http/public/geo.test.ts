import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMetres } from "../../../src/core/reports/supporters.js";
import { coarsenLocation } from "../../../src/http/public/geo.js";

const MONAS = { latitude: -6.175392, longitude: 106.827153 };
const point = fc.record({
  latitude: fc.double({ min: -80, max: 80, noNaN: true }),
  longitude: fc.double({ min: -179.9, max: 179.9, noNaN: true }),
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
