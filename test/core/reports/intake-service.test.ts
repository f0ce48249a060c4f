import { afterAll, beforeAll, expect, it } from "vitest";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { rememberErasureRequest } from "../../../src/infra/db/erasure-requests.js";
import { PrismaReportStore, WAITING_BULK_LOCK } from "../../../src/infra/db/report-store.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import {
  createTestDatabase,
  silentLogger,
  testCipher,
  whileLockHeld,
  type TestDatabase,
} from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

let db: TestDatabase;
let intake: ReportIntake;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  intake = new ReportIntake(new PrismaReportStore(db.database.prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
    desk: { groups: [{ channel: "telegram", chatId: "-100777" }], privateOn: [] },
  });
});

afterAll(async () => {
  await db.drop();
});

const cardsFor = (reportId: string) =>
  db.database.prisma.outboxMessage.count({ where: { reportId, purpose: "card" } });

it("stores a report with its desk card while other workers' reports hold the desk's lock for seconds", async () => {
  // Every worker process stores two desk reports at once, and all of them queue for this one
  // lock: with several processes on a distant database the wait grows past Prisma's 5 s.
  const submission = makeSubmission();
  const stored = await whileLockHeld(
    db,
    (tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(${WAITING_BULK_LOCK}::bigint)`,
    () => intake.store(submission),
  );
  expect(stored).toMatchObject({ created: true, waitsForDeskBatch: false });
  expect(await cardsFor(stored.reportId)).toBe(1);
}, 30_000);

it("stores a report whose reporter's erasure runs for seconds, erased with the rest", async () => {
  const person = { channel: "terminal" as const, externalId: "warga-hapus-lama" };
  // Erasing a long history takes up to a minute, holding the person's erasure lock: their
  // report, queued before, waits for it rather than failing.
  const requestedAt = new Date();
  const submission = makeSubmission({
    externalId: person.externalId,
    submittedAt: new Date(requestedAt.getTime() - 60_000),
  });
  const stored = await whileLockHeld(
    db,
    (tx) => rememberErasureRequest(tx, testCipher, person, requestedAt),
    () => intake.store(submission),
  );
  expect(stored).toMatchObject({ created: true, reporterErased: true });
  expect(await cardsFor(stored.reportId)).toBe(1);
}, 30_000);
