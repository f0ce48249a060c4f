import { existsSync, utimesSync } from "node:fs";
import { addDays, addMonths, subDays } from "date-fns";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaStore, type StoredFile } from "../../src/core/media/media-store.js";
import { RetentionService } from "../../src/core/privacy/retention.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import type { Submission } from "../../src/core/reports/submission.js";
import { createStores } from "../../src/infra/db/stores.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { Metrics } from "../../src/observability/metrics.js";
import { RetentionScheduler, startRetentionWorker } from "../../src/queues/retention.js";
import { catalog, PDF, PNG, media as incoming } from "../support/engine-harness.js";
import {
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  testCipher,
  temporaryDirectory,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { makeSubmission } from "../support/submissions.js";
import { WIDE_PNG } from "../support/tagged-images.js";
import { eventually } from "../support/wait.js";

/** When the old reports closed; the job runs as if 24 months and a day had passed. */
const CLOSED = new Date("2026-01-10T03:00:00.000Z");
const NOW = addDays(addMonths(CLOSED, 24), 1);

describe("the retention job", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const mediaDir = temporaryDirectory();
  let scheduler: RetentionScheduler;
  let worker: Worker;
  const metrics = new Metrics();
  const media = new MediaStore({
    dir: mediaDir.path,
    maxBytes: 10 * 1024 * 1024,
    allowedTypes: ["image/png", "application/pdf"],
  });
  let shared: StoredFile;
  let onlyOld: StoredFile;
  let draftUpload: StoredFile;
  const codes: Record<string, string> = {};

  async function save(bytes: Buffer): Promise<StoredFile> {
    const saved = await media.save(incoming(bytes, "foto-warga.png"));
    if (!saved.ok) throw new Error("the test image was refused");
    return saved.file;
  }

  async function file(name: string, submission: Submission, closedAt?: Date): Promise<void> {
    const intake = new ReportIntake(createStores(db.database.prisma, testCipher).reports, {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    });
    const { trackingCode } = await intake.store(submission);
    codes[name] = trackingCode;
    if (closedAt) {
      await db.database.prisma.report.update({
        where: { trackingCode },
        data: { status: "done", resolvedAt: closedAt },
      });
    }
  }

  const counted = async (kind: string) => {
    const text = await metrics.registry.getSingleMetricAsString("aduan_retention_removed_total");
    return Number(new RegExp(`kind="${kind}"} (\\d+)`).exec(text)?.[1] ?? "NaN");
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    await syncCatalog(db.database.prisma, catalog);
    shared = await save(PNG);
    // Distinct files (images are re-encoded when kept, so distinct pictures, or documents).
    onlyOld = await save(WIDE_PNG);
    draftUpload = await save(Buffer.concat([PDF, Buffer.from("% draf\n")]));
    // Uploaded when the old reports closed: the sweep judges a draft's file by its mtime, which
    // the kernel sets to the real now, and NOW is a fixed date (from 2028 on, before it).
    utimesSync(media.pathOf(draftUpload), CLOSED, CLOSED);
    await file(
      "old",
      { ...makeSubmission({ externalId: "warga-lama" }), attachments: [shared, onlyOld] },
      CLOSED,
    );
    await file(
      "open311",
      {
        ...makeSubmission({ externalId: "kota:akun-budi" }),
        channel: "open311",
        attachments: [],
        staffNote: "Open311: kota\nE-mail: budi.santoso@example.com",
      },
      CLOSED,
    );
    await file(
      "recent",
      { ...makeSubmission({ externalId: "warga-baru" }), attachments: [] },
      addMonths(CLOSED, 23),
    );
    await file("open", {
      ...makeSubmission({ externalId: "warga-buka" }),
      attachments: [shared],
    });
    // Two /hapusdata of accounts whose reports were not stored yet: a month ago, and not quite.
    const privacy = createStores(db.database.prisma, testCipher).privacy;
    await privacy.erase({ channel: "telegram", externalId: "111" }, subDays(NOW, 31));
    await privacy.erase({ channel: "telegram", externalId: "222" }, subDays(NOW, 29));
    const settings = queueSettings(redis, 1);
    scheduler = new RetentionScheduler(settings);
    const stores = createStores(db.database.prisma, testCipher);
    worker = startRetentionWorker({
      settings,
      logger: silentLogger,
      service: new RetentionService(stores.retention, media, {
        identityMonths: 24,
        mediaMonths: 12,
        draftDays: 7,
        clock: () => NOW,
        logger: silentLogger,
        metrics,
      }),
    });
  });
  afterAll(async () => {
    await worker.close();
    await scheduler.close();
    await redis.cleanup();
    await db.drop();
    mediaDir.remove();
  });

  const reporterOf = (code: string | undefined) =>
    db.database.prisma.report
      .findUniqueOrThrow({ where: { trackingCode: code ?? "" }, include: { reporter: true } })
      .then((report) => report.reporter);

  it("is scheduled every night in the deployment's time zone", async () => {
    await scheduler.schedule("Asia/Jakarta");
    await scheduler.schedule("Asia/Jakarta");
    const schedulers = await scheduler.queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ pattern: "0 2 * * *", tz: "Asia/Jakarta" });
  });

  it("erases identities, deletes files and draft uploads that are due, and counts them", async () => {
    await scheduler.queue.add("retention", { type: "retention" });
    await eventually(async () => (await counted("identities")) >= 0, {
      what: "the retention job to run",
    });

    // Closed 24 months and a day ago: erased. Closed 23 months ago, or open: kept.
    expect(await reporterOf(codes.old)).toMatchObject({
      displayName: null,
      phone: null,
      erasure: "retention",
    });
    expect(await reporterOf(codes.open311)).toMatchObject({ erasure: "retention" });
    expect(await reporterOf(codes.recent)).toMatchObject({
      externalId: "warga-baru",
      displayName: "Siti Rahayu",
      erasure: null,
    });
    expect(await reporterOf(codes.open)).toMatchObject({ externalId: "warga-buka", erasure: null });
    // The Open311 filer's e-mail lived only in the staff note.
    const notes = await db.database.prisma.reportEvent.findMany({
      where: { report: { trackingCode: codes.open311 ?? "" }, type: "note" },
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain("Open311: kota");
    expect(notes[0]?.text).not.toContain("budi.santoso@example.com");

    // The old report's files: rows kept (statistics) and marked, the file another report
    // still uses stays on disk.
    const attachments = await db.database.prisma.attachment.findMany({
      where: { report: { trackingCode: codes.old ?? "" } },
    });
    expect(attachments.map((row) => row.deletedAt)).toEqual([NOW, NOW]);
    expect(existsSync(media.pathOf(onlyOld))).toBe(false);
    expect(existsSync(media.pathOf(shared))).toBe(true);
    expect(existsSync(media.pathOf(draftUpload))).toBe(false);

    expect(await counted("identities")).toBe(2);
    expect(await counted("media")).toBe(2);
    expect(await counted("draft_files")).toBe(1);
    // The erasure requests older than any queued report can be are forgotten.
    expect(await counted("erasure_requests")).toBe(1);
    expect(await db.database.prisma.erasureRequest.findMany()).toEqual([
      { account: expect.any(String) as unknown, requestedAt: subDays(NOW, 29) },
    ]);
    // The report itself stays, for the statistics.
    expect(await db.database.prisma.report.count()).toBe(4);
  });

  it("does nothing twice", async () => {
    const job = await scheduler.queue.add("retention", { type: "retention" });
    await eventually(async () => (await job.isCompleted()) || undefined, {
      what: "the second run",
    });
    expect(await counted("identities")).toBe(2);
    expect(await counted("media")).toBe(2);
    expect(await counted("draft_files")).toBe(1);
    // The erasure requests older than any queued report can be are forgotten.
    expect(await counted("erasure_requests")).toBe(1);
    expect(await db.database.prisma.erasureRequest.findMany()).toEqual([
      { account: expect.any(String) as unknown, requestedAt: subDays(NOW, 29) },
    ]);
  });
});
