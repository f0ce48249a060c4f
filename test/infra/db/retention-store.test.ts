import { addDays } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { createStores } from "../../../src/infra/db/stores.js";
import { syncCatalog } from "../../../src/infra/db/sync-catalog.js";
import { catalog } from "../../support/engine-harness.js";
import {
  createTestDatabase,
  silentLogger,
  testCipher,
  untilWaitingForLock,
  type TestDatabase,
} from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";

const CLOSED = new Date("2026-01-10T03:00:00.000Z");
/** Prisma's 5 s for a transaction is short for one held open while a loaded machine catches up. */
const HELD = { timeout: 30_000 };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
});

afterAll(() => db.drop());

describe("identities past their retention", () => {
  it("stay when the person's report is reopened while the nightly job runs", async () => {
    const { prisma } = db.database;
    const stores = createStores(prisma, testCipher);
    const intake = new ReportIntake(stores.reports, {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    });
    const { trackingCode } = await intake.store(makeSubmission({ externalId: "warga-kembali" }));
    await prisma.report.update({
      where: { trackingCode },
      data: { status: "done", resolvedAt: CLOSED },
    });

    // "Belum selesai": the report is reopened (its row locked) just as the job lists who is due.
    let expiring: Promise<number> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM reports WHERE tracking_code = ${trackingCode} FOR UPDATE`;
      await tx.report.update({ where: { trackingCode }, data: { status: "reopened" } });
      expiring = stores.retention.expireIdentities(addDays(CLOSED, 1), addDays(CLOSED, 2));
      await untilWaitingForLock(db);
    }, HELD);

    expect(await expiring).toBe(0);
    const report = await prisma.report.findUniqueOrThrow({
      where: { trackingCode },
      include: { reporter: true },
    });
    expect(report.reporter).toMatchObject({ externalId: "warga-kembali", erasedAt: null });
  });
});
