import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Submission } from "../../../src/core/reports/submission.js";
import { PrismaPrivacyStore } from "../../../src/infra/db/privacy-store.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import { createTestDatabase, testCipher, type TestDatabase } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

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

const fields = (trackingCode: string) => ({
  trackingCode,
  categoryId: "jalan-jembatan",
  deskBatchPending: false,
  dueDates: { verifyDueAt: null, followUpDueAt: null, autoCloseAt: null, holdDueAt: null },
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

    const queued = await reports.createReport(filedBy("warga-antre", at(5)), fields("ADU-ERAS1"));
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
      unit.createReport(filedBy("warga-antre", at(6)), fields("ADU-ERAS2")),
    );
    expect(inUnit.reporter.erasure).toBe("request");
    expect(await tracesOf(inUnit.id, "warga-antre")).toEqual([]);
  });

  it("keeps the identity of a report submitted after the request: they came back", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-kembali" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    await privacy.erase(person, at(10));
    const later = await reports.createReport(filedBy("warga-kembali", at(20)), fields("ADU-ERAS3"));
    expect(later.reporter).toMatchObject({ displayName: "Siti Rahayu", erasure: null });
    expect(await privacy.heldAbout(person)).toMatchObject({
      reports: [{ trackingCode: "ADU-ERAS3" }],
    });
  });

  it("erases a report being stored while the request runs, once it is committed", async () => {
    const person = { channel: "terminal" as const, externalId: "warga-bersamaan" };
    await privacy.recordConsent(person, person.externalId, { version: "1", at: at(0) });
    let erasure: Promise<unknown> | undefined;
    const stored = await reports.transaction(async (unit) => {
      const report = await unit.createReport(
        filedBy("warga-bersamaan", at(5)),
        fields("ADU-ERAS4"),
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
