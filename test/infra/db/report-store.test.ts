import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UniqueViolationError } from "../../../src/core/reports/report-store.js";
import type { Submission } from "../../../src/core/reports/submission.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { createTestDatabase, type TestDatabase, testCipher } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

let db: TestDatabase;
let store: PrismaReportStore;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  store = new PrismaReportStore(db.database.prisma, testCipher);
});

afterAll(async () => {
  await db.drop();
});

const dueDates = {
  verifyDueAt: new Date("2026-12-02T09:00:00.000Z"),
  followUpDueAt: new Date("2026-12-09T09:00:00.000Z"),
  autoCloseAt: null,
  holdDueAt: null,
};

const create = (submission: Submission, trackingCode: string) =>
  store.transaction((unit) =>
    unit.createReport(submission, {
      trackingCode,
      categoryId: "jalan-jembatan",
      deskBatchPending: false,
      dueDates,
    }),
  );

describe("storing a submitted report", () => {
  it("returns the report as it is stored, so the desk's card shows what the database holds", async () => {
    const submission = makeSubmission({ confidential: true });
    const created = await create(submission, "ADU-STORE1");
    const stored = await store.byCode("ADU-STORE1");
    // Every field the report is shown with, as read back.
    expect(stored).toMatchObject(created);
    expect(created).toMatchObject({
      status: "submitted",
      confidential: true,
      photosPublic: false,
      verifyDueAt: dueDates.verifyDueAt,
      reporter: { displayName: "Siti Rahayu", username: "siti", phone: "+6281234567890" },
    });
    const events = await db.database.prisma.reportEvent.findMany({
      where: { reportId: created.id },
    });
    expect(events).toMatchObject([
      {
        type: "submitted",
        actorType: "reporter",
        actorId: created.reporterId,
        public: true,
        createdAt: new Date(submission.submittedAt),
        data: { traceId: submission.traceId, flowId: "lapor" },
      },
    ]);
  });

  it("stores the files in the order sent, publishes only agreed photos, and the staff note after the submission", async () => {
    const base = makeSubmission();
    const file = (name: string, kind: "photo" | "document") => ({
      kind,
      mime: kind === "photo" ? "image/jpeg" : "application/pdf",
      size: 100,
      sha256: name.padEnd(64, "0"),
      storagePath: `${name}.bin`,
      originalName: name,
    });
    const submission: Submission = {
      ...base,
      report: { ...base.report, photosPublic: true },
      attachments: ["c1", "a2", "b3", "d4"].map((name, index) =>
        file(name, index === 1 ? "document" : "photo"),
      ),
      staffNote: "Dikirim lewat Open311 oleh sistem kecamatan.",
    };
    const created = await store.createReport(submission, {
      trackingCode: "ADU-STORE6",
      categoryId: null,
      deskBatchPending: false,
      dueDates,
    });
    expect((await store.attachments(created.id)).map((stored) => stored.originalName)).toEqual([
      "c1",
      "a2",
      "b3",
      "d4",
    ]);
    const files = await db.database.prisma.attachment.findMany({
      where: { reportId: created.id },
      orderBy: { originalName: "asc" },
    });
    expect(files.map((stored) => [stored.originalName, stored.public])).toEqual([
      ["a2", false],
      ["b3", true],
      ["c1", true],
      ["d4", true],
    ]);
    const events = await db.database.prisma.reportEvent.findMany({
      where: { reportId: created.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(events.map((event) => [event.type, event.actorType, event.public, event.text])).toEqual([
      ["submitted", "reporter", true, null],
      ["note", "system", false, "Dikirim lewat Open311 oleh sistem kecamatan."],
    ]);
  });

  it("stores reports filed at the same moment once each, and refuses only the repeated one", async () => {
    const filed = Array.from({ length: 10 }, () => makeSubmission());
    const first = filed[0] as Submission;
    const repeated = { ...makeSubmission(), submissionId: first.submissionId };
    // The same person twice at once: one reporter row, two reports.
    const secondByFirst = makeSubmission({ externalId: first.reporter.externalId });
    const fields = (trackingCode: string) => ({
      trackingCode,
      categoryId: "jalan-jembatan",
      deskBatchPending: false,
      dueDates,
    });
    const created = await Promise.all(
      filed.map((submission, index) => store.createReport(submission, fields(`ADU-MANY${index}`))),
    );
    for (const [index, submission] of filed.entries()) {
      const report = created[index];
      expect(report).toMatchObject({ submissionId: submission.submissionId });
      expect(await store.byCode(`ADU-MANY${index}`)).toMatchObject({
        id: report?.id,
        reporterId: report?.reporterId,
      });
    }
    expect(new Set(created.map((report) => report.reporterId)).size).toBe(10);
    // A repeated submission and a second report by the same person, in one moment with a third.
    const results = await Promise.allSettled([
      store.createReport(repeated, fields("ADU-MANYR")),
      store.createReport(secondByFirst, fields("ADU-MANYS")),
      store.createReport(makeSubmission(), fields("ADU-MANYT")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolationError);
    expect(await store.byCode("ADU-MANYR")).toBeUndefined();
    expect((results[1] as PromiseFulfilledResult<{ reporterId: string }>).value.reporterId).toBe(
      created[0]?.reporterId,
    );
    expect(
      await db.database.prisma.reportEvent.count({
        where: { reportId: { in: created.map((report) => report.id) }, type: "submitted" },
      }),
    ).toBe(10);
  });

  it("stores a new person's two reports of the same moment under one reporter row, each as filed", async () => {
    const first = makeSubmission({ title: "Lampu jalan mati di gang tiga" });
    const other = makeSubmission();
    const again = makeSubmission({ externalId: first.reporter.externalId });
    const second = { ...again, reporter: { ...again.reporter, displayName: "Siti R." } };
    const fields = (trackingCode: string) => ({
      trackingCode,
      categoryId: "jalan-jembatan",
      deskBatchPending: false,
      dueDates,
    });
    const [a, b, c] = await Promise.all([
      store.createReport(first, fields("ADU-TWICE1")),
      store.createReport(other, fields("ADU-TWICE2")),
      store.createReport(second, fields("ADU-TWICE3")),
    ]);
    expect([a.submissionId, b.submissionId, c.submissionId]).toEqual([
      first.submissionId,
      other.submissionId,
      second.submissionId,
    ]);
    expect(c.reporterId).toBe(a.reporterId);
    expect(b.reporterId).not.toBe(a.reporterId);
    // Each report shows the reporter as its own submission named them; the row keeps the latest.
    expect(a.reporter.displayName).toBe("Siti Rahayu");
    expect(c.reporter.displayName).toBe("Siti R.");
    expect(await store.byCode("ADU-TWICE1")).toMatchObject({
      title: "Lampu jalan mati di gang tiga",
    });
    expect(await store.byCode("ADU-TWICE3")).toMatchObject({ reporterId: a.reporterId });
  });

  it("refreshes a returning reporter's name and keeps the number they shared before", async () => {
    const first = makeSubmission();
    const earlier = await create(first, "ADU-STORE2");
    const again = makeSubmission({ externalId: first.reporter.externalId });
    const later = await create(
      { ...again, reporter: { ...again.reporter, phone: undefined, displayName: "Siti R." } },
      "ADU-STORE3",
    );
    expect(later.reporterId).toBe(earlier.reporterId);
    expect(later.reporter).toMatchObject({ displayName: "Siti R.", phone: "+6281234567890" });
  });

  it("refuses a tracking code or a submission already stored, and stores nothing of it", async () => {
    const first = makeSubmission();
    await create(first, "ADU-STORE4");
    const stranger = makeSubmission();
    await expect(create(stranger, "ADU-STORE4")).rejects.toBeInstanceOf(UniqueViolationError);
    expect(
      await db.database.prisma.reporter.count({
        where: { externalId: stranger.reporter.externalId },
      }),
    ).toBe(0);
    await expect(create(first, "ADU-STORE5")).rejects.toBeInstanceOf(UniqueViolationError);
    expect(await store.byCode("ADU-STORE5")).toBeUndefined();
  });
});
