import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import type { Submission } from "../../../src/core/reports/submission.js";
import { rememberErasureRequest } from "../../../src/infra/db/erasure-requests.js";
import { PrismaPrivacyStore } from "../../../src/infra/db/privacy-store.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import {
  createTestDatabase,
  silentLogger,
  testCipher,
  type TestDatabase,
} from "../../support/services.js";
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

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 3, minute));

const filedBy = (externalId: string, submittedAt: Date): Submission => ({
  ...makeSubmission({ externalId, submittedAt }),
  attachments: [],
});

/** Every trace of a person in the rows a report is shown from. */
async function tracesOf(reportId: string, externalId: string): Promise<string[]> {
  const report = await db.database.prisma.report.findUniqueOrThrow({
    where: { id: reportId },
    include: { reporter: true, events: true, outbox: true },
  });
  const text = JSON.stringify(report, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
  return [externalId, "Siti Rahayu", "siti", "6281234567890"].filter((trace) =>
    text.includes(trace),
  );
}

describe("a report queued before its reporter's /hapusdata and stored after it", () => {
  it("is stored under a pseudonym, with a desk to show it to or without", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-antre" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    expect(await privacy.erase(person, at(10))).toEqual({ reports: 0 });

    const queued = await reports.createReport(
      filedBy("warga-antre", at(5)),
      newReportFields("ADU-ERAS1"),
    );
    expect(queued.reporter).toEqual({
      displayName: null,
      username: null,
      phone: null,
      erasure: "request",
    });
    expect(await tracesOf(queued.id, "warga-antre")).toEqual([]);
    // The account is not held again: /dataku has nothing to show them.
    expect(await privacy.heldAbout(person)).toBeUndefined();

    // In a transaction, as with a desk: the card is rendered from this record.
    const inUnit = await reports.transaction((unit) =>
      unit.createReport(filedBy("warga-antre", at(6)), newReportFields("ADU-ERAS2")),
    );
    expect(inUnit.reporter.erasure).toBe("request");
    expect(await tracesOf(inUnit.id, "warga-antre")).toEqual([]);
  });

  it("keeps the identity of a report submitted after the request: they came back", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-kembali" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    await privacy.erase(person, at(10));
    const later = await reports.createReport(
      filedBy("warga-kembali", at(20)),
      newReportFields("ADU-ERAS3"),
    );
    expect(later.reporter).toMatchObject({ displayName: "Siti Rahayu", erasure: null });
    expect(await privacy.heldAbout(person)).toMatchObject({
      reports: [{ trackingCode: "ADU-ERAS3" }],
    });
  });

  it("is not given to the account they made when they agreed again meanwhile", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-setuju-lagi" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    await privacy.erase(person, at(10));
    // Back at once, in the same burst: Setuju makes them a new reporter row.
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(11) });
    const queued = await reports.createReport(
      filedBy("warga-setuju-lagi", at(5)),
      newReportFields("ADU-ERAS5"),
    );
    expect(queued.reporter.erasure).toBe("request");
    expect(await tracesOf(queued.id, "warga-setuju-lagi")).toEqual([]);
    expect(await privacy.heldAbout(person)).toMatchObject({ reports: [] });
  });

  it("stores two queued reports of theirs, stored at the same moment, both erased", async () => {
    const person = { channel: "telegram" as const, externalId: "5550019283" };
    await privacy.erase(person, at(10));
    const submission = (minute: number): Submission => ({
      ...makeSubmission({ externalId: "5550019283", submittedAt: at(minute) }),
      channel: "telegram",
      chatId: "5550019283",
      traceId: "telegram:5550019283:15",
      report: { ...makeSubmission().report, photosPublic: true },
      attachments: [
        {
          kind: "photo",
          mime: "image/jpeg",
          size: 100,
          sha256: "b".repeat(64),
          storagePath: "bb/foto.jpg",
          originalName: "Foto_5550019283.jpg",
        },
      ],
    });
    const [first, second] = await Promise.all([
      reports.createReport(submission(3), newReportFields("ADU-ERAS6")),
      reports.createReport(submission(4), newReportFields("ADU-ERAS7")),
    ]);
    const stored = [first, second];
    for (const report of stored) {
      expect(report).toMatchObject({ photosPublic: false, reporter: { erasure: "request" } });
      expect(await tracesOf(report.id, "5550019283")).toEqual([]);
      expect(
        await db.database.prisma.attachment.findMany({ where: { reportId: report.id } }),
      ).toMatchObject([{ originalName: null, public: false }]);
    }
    expect(first.reporterId).not.toBe(second.reporterId);
  });

  it("waits for a request under way and is stored erased once it commits", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-menunggu" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    let storing: Promise<Awaited<ReturnType<typeof reports.createReport>>> | undefined;
    await db.database.prisma.$transaction(async (tx) => {
      await rememberErasureRequest(tx, testCipher, person, at(10));
      // The worker stores their queued report while the erasure has not committed yet.
      storing = reports.createReport(
        filedBy("warga-menunggu", at(5)),
        newReportFields("ADU-ERAS8"),
      );
      await sleep(300);
    });
    const stored = await storing;
    expect(stored?.reporter.erasure).toBe("request");
    expect(await tracesOf(stored?.id ?? "", "warga-menunggu")).toEqual([]);
  });

  it("keeps the desk's other reports coming while one waits for its reporter's erasure", async () => {
    const withDesk = new ReportIntake(reports, {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
      desk: { groups: [{ channel: "telegram", chatId: "-100888" }], privateOn: [] },
      deskBurst: Number.POSITIVE_INFINITY,
    });
    const erasing = { channel: "terminal" as const, externalId: "warga-dihapus-lambat" };
    let waiting: Promise<unknown> | undefined;
    let other: Awaited<ReturnType<typeof withDesk.store>> | undefined;
    await db.database.prisma.$transaction(async (tx) => {
      await rememberErasureRequest(tx, testCipher, erasing, at(10));
      // Their report waits for the erasure; someone else's, stored meanwhile, does not.
      waiting = withDesk.store(filedBy(erasing.externalId, at(5)));
      await sleep(200);
      other = await withDesk.store(filedBy("warga-lain-di-meja", at(6)));
    });
    expect(other?.reporterErased).toBe(false);
    expect(await waiting).toMatchObject({ reporterErased: true });
  });

  it("erases a report being stored while the request runs, once it is committed", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-bersamaan" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    let erasure: Promise<unknown> | undefined;
    const stored = await reports.transaction(async (unit) => {
      const report = await unit.createReport(
        filedBy("warga-bersamaan", at(5)),
        newReportFields("ADU-ERAS4"),
      );
      // The request arrives while this report's transaction holds the reporter row.
      erasure = privacy.erase(person, at(10));
      await sleep(300);
      return report;
    });
    expect(await erasure).toEqual({ reports: 1 });
    expect(stored.reporter.displayName).toBe("Siti Rahayu");
    expect(await tracesOf(stored.id, "warga-bersamaan")).toEqual([]);
  });
});
