import { describe, expect, it } from "vitest";
import {
  boundingBox,
  closestSupportable,
  coarseDistance,
  distanceMetres,
  isSupportable,
  type NearbyCandidate,
  type NearbyQuery,
} from "../../../src/core/reports/supporters.js";

/** Pasar Baru, Jakarta. */
const HERE = { latitude: -6.2088, longitude: 106.8456 };
/** About `metres` north of HERE (a degree of latitude is ~111.2 km). */
const north = (metres: number) => ({ ...HERE, latitude: HERE.latitude + metres / 111_195 });

const query: NearbyQuery = {
  ...HERE,
  categoryId: "jalan-jembatan",
  radiusMetres: 200,
  since: new Date("2026-11-01T00:00:00Z"),
  limit: 3,
};

function candidate(overrides: Partial<NearbyCandidate> = {}): NearbyCandidate {
  return {
    trackingCode: "ADU-7K3F9Q",
    title: "Jalan berlubang di depan Pasar Baru",
    status: "routed",
    categoryId: "jalan-jembatan",
    submittedAt: new Date("2026-11-20T00:00:00Z"),
    confidential: false,
    verifiedAt: new Date("2026-11-20T03:00:00Z"),
    routedAt: new Date("2026-11-20T03:00:00Z"),
    ...north(120),
    ...overrides,
  };
}

describe("distance", () => {
  it("measures known distances", () => {
    const monas = { latitude: -6.175392, longitude: 106.827153 };
    // Monas to Bundaran HI is about 2.1 km; a degree of latitude about 111 km.
    const bundaranHi = { latitude: -6.194953, longitude: 106.823048 };
    expect(distanceMetres(monas, bundaranHi)).toBeGreaterThan(2_100);
    expect(distanceMetres(monas, bundaranHi)).toBeLessThan(2_250);
    expect(
      distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }),
    ).toBeCloseTo(111_195, -1);
    expect(distanceMetres(monas, monas)).toBe(0);
  });

  it("measures short distances on the ground to within a metre", () => {
    expect(distanceMetres(HERE, north(150))).toBeCloseTo(150, 0);
    // 0.001° of longitude at 6° south is about 110.6 m.
    expect(distanceMetres(HERE, { ...HERE, longitude: HERE.longitude + 0.001 })).toBeCloseTo(
      110.6,
      0,
    );
    expect(distanceMetres(HERE, HERE)).toBe(0);
  });

  it("draws a box that holds every point of the circle", () => {
    const box = boundingBox(HERE, 200);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const radians = (bearing * Math.PI) / 180;
      const point = {
        latitude: HERE.latitude + (199 * Math.cos(radians)) / 111_195,
        longitude:
          HERE.longitude +
          (199 * Math.sin(radians)) / (111_195 * Math.cos((HERE.latitude * Math.PI) / 180)),
      };
      expect(point.latitude).toBeGreaterThanOrEqual(box.minLat);
      expect(point.latitude).toBeLessThanOrEqual(box.maxLat);
      expect(point.longitude).toBeGreaterThanOrEqual(box.minLon);
      expect(point.longitude).toBeLessThanOrEqual(box.maxLon);
    }
    // Next to a pole, the box spans every longitude rather than dividing by zero.
    const polar = boundingBox({ latitude: 90, longitude: 0 }, 200);
    expect(polar.maxLon - polar.minLon).toBe(360);
  });

  it("shows distances coarsely, so several questions do not pin a report down", () => {
    expect(coarseDistance(4)).toBe("< 10 m");
    expect(coarseDistance(37)).toBe("± 40 m");
    expect(coarseDistance(123)).toBe("± 100 m");
    expect(coarseDistance(181)).toBe("± 200 m");
  });
});

describe("which reports a citizen is offered", () => {
  it("offers a verified or routed open report that is not rahasia", () => {
    expect(isSupportable(candidate())).toBe(true);
    expect(isSupportable(candidate({ routedAt: null, status: "verified" }))).toBe(true);
    expect(isSupportable(candidate({ status: "followed_up" }))).toBe(true);
  });

  it("never offers a rahasia, unverified or closed report", () => {
    expect(isSupportable(candidate({ confidential: true }))).toBe(false);
    expect(
      isSupportable(candidate({ verifiedAt: null, routedAt: null, status: "submitted" })),
    ).toBe(false);
    for (const status of ["done", "rejected"] as const)
      expect(isSupportable(candidate({ status }))).toBe(false);
  });

  it("keeps the category's reports within the radius and the period, closest first", () => {
    const offered = closestSupportable(
      [
        candidate({ trackingCode: "ADU-FAR222", ...north(260) }),
        candidate({ trackingCode: "ADU-NEAR22", ...north(40) }),
        candidate({ trackingCode: "ADU-MID222", ...north(150) }),
        candidate({ trackingCode: "ADU-OTHER2", categoryId: "kesehatan", ...north(10) }),
        candidate({
          trackingCode: "ADU-OLD222",
          submittedAt: new Date("2026-10-01T00:00:00Z"),
          ...north(10),
        }),
        candidate({ trackingCode: "ADU-SECRET", confidential: true, ...north(10) }),
      ],
      query,
    );
    expect(offered.map((report) => report.trackingCode)).toEqual(["ADU-NEAR22", "ADU-MID222"]);
    expect(offered[0]?.distanceMetres).toBeCloseTo(40, 0);
    expect(Object.keys(offered[0] ?? {}).sort()).toEqual([
      "distanceMetres",
      "status",
      "title",
      "trackingCode",
    ]);
  });

  it("shows only the closest few", () => {
    const many = [10, 20, 30, 40, 50].map((metres) =>
      candidate({ trackingCode: `ADU-M${metres}AAA`, ...north(metres) }),
    );
    expect(closestSupportable(many, query).map((report) => report.trackingCode)).toEqual([
      "ADU-M10AAA",
      "ADU-M20AAA",
      "ADU-M30AAA",
    ]);
  });
});
