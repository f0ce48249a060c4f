import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaTimelineSource } from "../../../src/infra/db/timeline-source.js";
import { accountabilityReports } from "../../support/public-reports.js";
import { PrismaPublicReportSource } from "../../../src/infra/db/public-report-source.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog, publicApp } from "../../support/public-app.js";
import {
  CODES,
  HIDDEN_MARKERS,
  IDENTITY_MARKERS,
  NOW,
  PHONE_DIGITS,
} from "../../support/public-fixtures.js";
import { seedPublicReports, type SeededReport } from "../../support/public-seed.js";
import {
  createTestDatabase,
  temporaryDirectory,
  type TestDatabase,
} from "../../support/services.js";
import { MediaStore } from "../../../src/core/media/media-store.js";

/**
 * Every public response, HTML, JSON and XML, from a real database holding a rahasia report, a
 * report not verified yet, and a reporter whose name, username, phone number and account id
 * appear in their own texts, in an officer's answer and in an internal note: none of it may
 * come out, whatever the filters, language or format asked for.
 */

let db: TestDatabase;
const mediaDir = temporaryDirectory();
const media = new MediaStore({
  dir: mediaDir.path,
  maxBytes: 1024 * 1024,
  allowedTypes: ["image/jpeg"],
});
let app: FastifyInstance;
let seeded: ReadonlyMap<string, SeededReport>;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  seeded = await seedPublicReports(db.database.prisma, catalog, media);
  app = await publicApp({
    source: new PrismaPublicReportSource(
      db.database.prisma,
      accountabilityReports(new PrismaTimelineSource(db.database.prisma), catalog, NOW),
      media,
    ),
    pageSize: 2,
  });
});

afterAll(async () => {
  await app.close();
  await db.drop();
  mediaDir.remove();
});

/** Every address the public side answers, with every filter and both formats. */
function publicUrls(): string[] {
  const codes = [...seeded.values()].map((report) => report.code);
  const tokens = [...seeded.values()].map((report) => report.token);
  const listQueries = [
    "",
    "halaman=2",
    "halaman=3",
    ...["verified", "routed", "followed_up", "on_hold", "not_authority", "done", "rejected"].map(
      (status) => `status=${status}`,
    ),
    ...catalog.categories.map((category) => `kategori=${category.id}`),
    ...catalog.agencies.map((agency) => `instansi=${agency.id}`),
    ...["30h", "bulan-ini", "bulan-lalu", "tahun-ini", "2026-11", "2026"].map(
      (period) => `periode=${period}`,
    ),
    "status=nonsense",
  ];
  const open311 = (path: string) => [`${path}.json`, `${path}.xml`];
  return [
    "/",
    ...listQueries.map((query) => `/laporan?${query}`),
    ...codes.flatMap((code) => [`/laporan/${code}`, `/laporan/${code.toLowerCase()}`]),
    ...codes.map((code) => `/laporan/${code}/foto/1`),
    ...["", "?periode=tahun-ini", "?periode=2026-11", "?periode=salah"].map(
      (query) => `/statistik${query}`,
    ),
    ...open311("/open311/discovery"),
    ...open311("/open311/v2/services"),
    ...catalog.categories.flatMap((category) => open311(`/open311/v2/services/${category.id}`)),
    ...open311("/open311/v2/requests"),
    ...[
      "status=open",
      "status=closed",
      "start_date=2026-05-01T00:00:00Z",
      `service_request_id=${codes.join(",")}`,
      "service_code=pungli-korupsi,lainnya",
      "page_size=1&page=3",
    ].flatMap((query) => open311("/open311/v2/requests").map((path) => `${path}?${query}`)),
    ...codes.flatMap((code) => open311(`/open311/v2/requests/${code}`)),
    ...tokens.flatMap((token) => open311(`/open311/v2/tokens/${token}`)),
  ];
}

describe("every public response", () => {
  it("carries no reporter identity, no rahasia or unverified report, in any language or format", async () => {
    const secret = seeded.get(CODES.secret)?.code ?? "";
    const unverified = seeded.get(CODES.unverified)?.code ?? "";
    expect(secret).toMatch(/^ADU-/);
    let scanned = 0;
    for (const url of publicUrls()) {
      for (const language of ["id-ID,id", "en-GB,en"]) {
        const response = await app.inject({ url, headers: { "accept-language": language } });
        expect(response.statusCode, url).toBeLessThan(500);
        const body = response.body;
        for (const marker of [...IDENTITY_MARKERS, ...HIDDEN_MARKERS, secret, unverified]) {
          expect(body, `${url} shows ${marker}`).not.toContain(marker);
        }
        expect(body.toLowerCase(), url).not.toContain("rahayu");
        expect(body.replace(/\D/g, ""), `${url} shows the phone number`).not.toContain(
          PHONE_DIGITS,
        );
        scanned++;
      }
    }
    // The list really was public: the scan saw the public reports' own words.
    const list = await app.inject({ url: "/laporan?kategori=jalan-jembatan" });
    expect(list.body).toContain("Jembatan kayu di Kampung Melayu rusak");
    expect(scanned).toBeGreaterThan(150);
  });
});
