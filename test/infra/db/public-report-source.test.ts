import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPublicReportSource } from "../../../src/infra/db/public-report-source.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/public-app.js";
import { CODES, NOW, publicFixtureSource } from "../../support/public-fixtures.js";
import { seedPublicReports, type SeededReport } from "../../support/public-seed.js";
import {
  createTestDatabase,
  temporaryDirectory,
  type TestDatabase,
} from "../../support/services.js";
import { MediaStore } from "../../../src/core/media/media-store.js";
import { PrismaTimelineSource } from "../../../src/infra/db/timeline-source.js";
import { accountabilityReports } from "../../support/public-reports.js";

/** The read port over PostgreSQL: what it returns, and what it never does. */

let db: TestDatabase;
const mediaDir = temporaryDirectory();
const media = new MediaStore({
  dir: mediaDir.path,
  maxBytes: 1024 * 1024,
  allowedTypes: ["image/jpeg"],
});
let source: PrismaPublicReportSource;
let seeded: ReadonlyMap<string, SeededReport>;

const codeOf = (fixture: string) => seeded.get(fixture)?.code ?? `missing ${fixture}`;
const page = { offset: 0, limit: 50 };

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  seeded = await seedPublicReports(db.database.prisma, catalog, media);
  source = new PrismaPublicReportSource(
    db.database.prisma,
    accountabilityReports(new PrismaTimelineSource(db.database.prisma), catalog, NOW),
    media,
  );
});

afterAll(async () => {
  await db.drop();
  mediaDir.remove();
});

describe("PrismaPublicReportSource", () => {
  it("lists public reports only, newest first: never rahasia, never unverified", async () => {
    const { reports, total } = await source.list({}, page);
    expect(total).toBe(5);
    expect(reports.map((report) => report.code)).toEqual(
      [CODES.flood, CODES.road, CODES.waste, CODES.injection, CODES.old].map(codeOf),
    );
    expect(reports.every((report) => !report.confidential)).toBe(true);
  });

  it("filters by status, category, agency, period and code, and pages with a total", async () => {
    const codes = async (filter: Parameters<typeof source.list>[0], request = page) =>
      (await source.list(filter, request)).reports.map((report) => report.code);
    expect(await codes({ statuses: ["done"] })).toEqual([codeOf(CODES.waste), codeOf(CODES.old)]);
    expect(await codes({ categoryIds: ["jalan-jembatan", "pungli-korupsi"] })).toEqual([
      codeOf(CODES.road),
    ]);
    expect(await codes({ agencyId: "dinas-pupr" })).toEqual([
      codeOf(CODES.flood),
      codeOf(CODES.road),
    ]);
    expect(
      await codes({
        submitted: { from: new Date("2026-05-01T00:00:00Z"), to: new Date("2026-06-01T00:00:00Z") },
      }),
    ).toEqual([codeOf(CODES.old)]);
    expect(await codes({ codes: [codeOf(CODES.secret), codeOf(CODES.waste)] })).toEqual([
      codeOf(CODES.waste),
    ]);
    const second = await source.list({}, { offset: 2, limit: 2 });
    expect(second.total).toBe(5);
    expect(second.reports.map((report) => report.code)).toEqual([
      codeOf(CODES.waste),
      codeOf(CODES.injection),
    ]);
  });

  it("gives one report's public timeline, without the reporter's words or internal notes, identity blanked", async () => {
    const report = await source.byCode(codeOf(CODES.road));
    expect(report).toMatchObject({
      status: "followed_up",
      agencyId: "dinas-pupr",
      description:
        "Papan jembatan banyak yang patah sejak hujan deras minggu lalu.\n" +
        "Saya […], bisa dihubungi di […].",
      address: "Jl. Kampung Melayu Kecil, dekat rumah Bu […]",
      location: { latitude: -6.2088123, longitude: 106.8456789 },
      statusNote: "Terima kasih Bu […], tim survei datang Senin pagi.",
      updatedAt: new Date("2026-11-17T03:00:00Z"),
      photoIds: ["1"],
    });
    expect(report?.timeline).toEqual([
      { actor: "reporter", type: "submitted", at: new Date("2026-11-16T02:00:00Z") },
      { actor: "staff", type: "verified", at: new Date("2026-11-16T04:00:00Z"), text: null },
      { actor: "staff", type: "routed", at: new Date("2026-11-16T04:05:00Z"), text: null },
      { actor: "reporter", type: "info_added", at: new Date("2026-11-16T06:00:00Z") },
      {
        actor: "staff",
        type: "replied",
        at: new Date("2026-11-17T03:00:00Z"),
        text: "Terima kasih Bu […], tim survei datang Senin pagi.",
      },
    ]);
  });

  it("has no rahasia or unverified report by code", async () => {
    expect(await source.byCode(codeOf(CODES.secret))).toBeUndefined();
    expect(await source.byCode(codeOf(CODES.unverified))).toBeUndefined();
    expect(await source.byCode("ADU-2222ZZ")).toBeUndefined();
  });

  it("publishes the photos of a report whose reporter agreed, and no other", async () => {
    const road = codeOf(CODES.road);
    const photo = await source.photo(road, "1");
    expect(photo?.mime).toBe("image/jpeg");
    expect(photo?.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(await source.photo(road, "2")).toBeUndefined();
    expect(await source.photo(road, "../1")).toBeUndefined();
    // The flood report has a photo its reporter did not agree to publish.
    const flood = codeOf(CODES.flood);
    expect((await source.byCode(flood))?.photoIds).toEqual([]);
    expect(await source.photo(flood, "1")).toBeUndefined();
    // A photo added to the road report later (an officer's proof, a merged report's photo)
    // carries no consent of its own: the page still shows the reporter's one photo.
    const [kept] = await db.database.prisma.attachment.findMany({
      where: { report: { trackingCode: road } },
    });
    if (!kept) throw new Error("the road report has no photo");
    await db.database.prisma.attachment.create({
      data: {
        reportId: kept.reportId,
        kind: "photo",
        mime: kept.mime,
        size: kept.size,
        sha256: kept.sha256,
        storagePath: kept.storagePath,
      },
    });
    expect((await source.byCode(road))?.photoIds).toEqual(["1"]);
    expect(await source.photo(road, "2")).toBeUndefined();
  });

  it("stops publishing a photo once retention removed it", async () => {
    const road = codeOf(CODES.road);
    const where = { report: { trackingCode: road }, kind: "photo" as const };
    const [kept] = await db.database.prisma.attachment.findMany({ where });
    await media.remove([kept?.storagePath ?? ""]);
    expect(await source.photo(road, "1")).toBeUndefined();
    await db.database.prisma.attachment.updateMany({ where, data: { deletedAt: NOW } });
    expect((await source.byCode(road))?.photoIds).toEqual([]);
  });

  it("counts every report of the period as /statistik does, rahasia ones included", async () => {
    const period = { from: new Date("2026-10-31T17:00:00Z"), to: new Date("2026-11-20T17:00:00Z") };
    const figures = await source.accountability(period);
    // Read back from the timelines the workflow wrote, they are the fixtures' own figures.
    expect(figures).toEqual(await publicFixtureSource().accountability(period));
    expect(figures.overall.received).toBe(6);
    expect(figures.byAgency.get("inspektorat")?.received).toBe(1);
    expect(figures.overall.followedUp).toBeGreaterThan(0);
  });

  it("finds the report an Open311 token became, saying whether it is public", async () => {
    const road = seeded.get(CODES.road);
    const secret = seeded.get(CODES.secret);
    expect(await source.requestForToken(road?.token ?? "")).toEqual({
      code: road?.code,
      public: true,
    });
    expect(await source.requestForToken(secret?.token ?? "")).toEqual({
      code: secret?.code,
      public: false,
    });
    expect(await source.requestForToken("0199a000-0000-7000-8000-0000000000ff")).toBeUndefined();
  });
});
