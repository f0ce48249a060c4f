import { tmpdir } from "node:os";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import { openDatabase, type Database } from "../../src/infra/db/database.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { IntakeQueue, startIntakeWorker } from "../../src/queues/intake.js";
import { OutboundQueues } from "../../src/queues/outbound.js";
import { catalog } from "../support/engine-harness.js";
import {
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  testCipher,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { slowLinkTo, type SlowLink } from "../support/slow-link.js";
import { makeSubmission } from "../support/submissions.js";
import { eventually } from "../support/wait.js";

// More reports in flight than the pool has connections, over a link where each statement takes
// tens of milliseconds: the last ones wait seconds for a connection, and must wait, not fail.
const REPORTS = 16;

let db: TestDatabase;
let link: SlowLink;
let distant: Database;
let redis: TestRedis;
let intakeQueue: IntakeQueue;
let outbound: OutboundQueues;
let worker: Worker;

beforeAll(async () => {
  db = await createTestDatabase();
  await syncCatalog(db.database.prisma, catalog);
  link = await slowLinkTo(db.url, 15);
  distant = await openDatabase({
    url: link.url,
    dataDir: tmpdir(),
    logger: silentLogger,
    poolSize: 1,
  });
  redis = createTestRedis();
  // One attempt: a job that fails here is a report the citizen was promised and nobody stored.
  const settings = queueSettings(redis, 1);
  intakeQueue = new IntakeQueue(settings);
  outbound = new OutboundQueues(settings);
  const intake = new ReportIntake(new PrismaReportStore(distant.prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
  });
  worker = startIntakeWorker({
    settings,
    intake,
    outbound,
    logger: silentLogger,
    concurrency: REPORTS,
  });
});

afterAll(async () => {
  await worker.close();
  await intakeQueue.close();
  await outbound.close();
  await redis.cleanup();
  await distant.close();
  await link.close();
  await db.drop();
});

it("stores every report when more wait for the distant database's connections than it has", async () => {
  const submissions = Array.from({ length: REPORTS }, () => makeSubmission());
  await Promise.all(submissions.map((submission) => intakeQueue.submit(submission)));
  const stored = () =>
    db.database.prisma.report.count({
      where: { submissionId: { in: submissions.map((submission) => submission.submissionId) } },
    });

  // Completed jobs leave the queue; a failed one stays in its failed set.
  const failed = await eventually(
    async () => {
      const failedJobs = await intakeQueue.queue.getFailedCount();
      return failedJobs > 0 || (await stored()) === REPORTS ? failedJobs : undefined;
    },
    { timeoutMs: 60_000, what: "every report stored or a job failed" },
  );
  expect(failed).toBe(0);
  expect(await stored()).toBe(REPORTS);
}, 90_000);
