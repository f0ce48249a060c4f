import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Submission } from "../../../src/core/reports/submission.js";
import { PrismaPrivacyStore } from "../../../src/infra/db/privacy-store.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { createTestDatabase, testCipher, type TestDatabase } from "../../support/services.js";
import { makeSubmission, newReportFields } from "../../support/submissions.js";

let db: TestDatabase;
let reports: PrismaReportStore;
let privacy: PrismaPrivacyStore;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  reports = new PrismaReportStore(db.database.prisma, testCipher);
  privacy = new PrismaPrivacyStore(db.database.prisma, testCipher);
});

afterAll(async () => {
  await db.drop();
});

/** A public report with one photo its reporter agreed to publish. */
function withPublicPhoto(externalId: string, photo: string): Submission {
  const submission = makeSubmission({ externalId });
  return {
    ...submission,
    report: { ...submission.report, photosPublic: true },
    attachments: [
      {
        kind: "photo",
        mime: "image/png",
        size: 68,
        sha256: photo.repeat(64),
        storagePath: `${photo}${photo}/${photo.repeat(64)}.png`,
        originalName: `${externalId}.png`,
      },
    ],
  };
}

describe("erasing a reporter's identity", () => {
  it("takes their photo off the report /gabung moved it to, and leaves the other reporter's", async () => {
    const original = await reports.createReport(
      withPublicPhoto("warga-asli", "b"),
      newReportFields("ADU-GAB1"),
    );
    const duplicate = await reports.createReport(
      withPublicPhoto("warga-dup", "c"),
      newReportFields("ADU-GAB2"),
    );
    await reports.transaction((unit) =>
      unit.moveToMerged(duplicate.id, { id: original.id, reporterId: original.reporterId }),
    );
    const files = () =>
      db.database.prisma.attachment.findMany({
        where: { reportId: original.id },
        select: { sha256: true, public: true, originalName: true },
        orderBy: { sha256: "asc" },
      });
    expect(await files()).toEqual([
      { sha256: "b".repeat(64), public: true, originalName: "warga-asli.png" },
      { sha256: "c".repeat(64), public: true, originalName: "warga-dup.png" },
    ]);

    await privacy.erase({ channel: "terminal", externalId: "warga-dup" }, new Date());
    expect(await files()).toEqual([
      { sha256: "b".repeat(64), public: true, originalName: "warga-asli.png" },
      { sha256: "c".repeat(64), public: false, originalName: null },
    ]);
  });
});
