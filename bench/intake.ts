import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { loadCatalog } from "../src/config/catalog.js";
import { RedisCipher } from "../src/core/privacy/redis-cipher.js";
import { ReportIntake } from "../src/core/reports/intake-service.js";
import type { Submission } from "../src/core/reports/submission.js";
import { openDatabase } from "../src/infra/db/database.js";
import { migrate } from "../src/infra/db/migrate.js";
import { PrismaReportStore } from "../src/infra/db/report-store.js";
import { syncCatalog } from "../src/infra/db/sync-catalog.js";
import { createLogger } from "../src/infra/logger.js";
import { PROJECT_ROOT } from "../src/infra/paths.js";
import { IntakeQueue, startIntakeWorker } from "../src/queues/intake.js";
import { OutboundQueues } from "../src/queues/outbound.js";
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";

export interface IntakeFigures {
  readonly jobs: number;
  readonly concurrency: number;
  readonly ceilingPerSecond: number;
  readonly intakePerSecond: number;
}

const logger = createLogger({ level: "warn" });

function submission(index: number): Submission {
  const externalId = `bench-${index % 500}`;
  return {
    submissionId: randomUUID(),
    flowId: "lapor",
    channel: "terminal",
    chatId: externalId,
    traceId: `bench:${index}`,
    submittedAt: new Date().toISOString(),
    reporter: { externalId, displayName: "Bench", language: "id" },
    report: {
      kind: "pengaduan",
      title: `Laporan uji nomor ${index}`,
      description:
        "Laporan untuk mengukur kecepatan jalur penerimaan laporan dari antrean ke basis data.",
      categoryId: "jalan-jembatan",
      location: { latitude: -6.2, longitude: 106.8 },
      eventDate: "2026-11-27",
      anonymous: false,
      confidential: false,
      photosPublic: false,
    },
    attachments: [],
  };
}

async function drain(queue: Queue, total: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts("completed", "failed");
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= total) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Reports stored per second by the real intake worker, against the ceiling measured on the
 * same machine in the same run: a bare BullMQ queue whose worker does one insert per job.
 */
export async function benchIntake(options: {
  adminUrl: string;
  redisUrl: string;
  jobs: number;
  concurrency: number;
}): Promise<IntakeFigures> {
  const name = `aduan_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  // The service's own pool: its jobs in flight share a few connections (one each would pass
  // PostgreSQL's default limit of 100 at the default concurrency).
  const database = await openDatabase({
    url: url.toString(),
    dataDir: "/tmp",
    logger,
  });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `bench-${Date.now().toString(36)}`;
  try {
    await migrate(database, logger);
    const catalog = loadCatalog(join(PROJECT_ROOT, "config", "catalog.yaml"));
    await syncCatalog(database.prisma, catalog);

    // Ceiling: the same queue machinery, one plain insert per job.
    await database.withSession((session) =>
      session.exec(`CREATE TABLE bench_bare (id uuid PRIMARY KEY, payload jsonb NOT NULL)`),
    );
    const bare = new Queue("bare", { connection: redis, prefix });
    await bare.addBulk(
      Array.from({ length: options.jobs }, (_, index) => ({
        name: "job",
        data: submission(index),
        opts: { removeOnComplete: false },
      })),
    );
    let started = performance.now();
    const bareWorker = new Worker(
      "bare",
      async (job) => {
        await database.prisma
          .$executeRaw`INSERT INTO bench_bare (id, payload) VALUES (${randomUUID()}::uuid, ${JSON.stringify(job.data)}::jsonb)`;
      },
      { connection: redis, prefix, concurrency: options.concurrency },
    );
    await drain(bare, options.jobs);
    const ceilingPerSecond = options.jobs / ((performance.now() - started) / 1000);
    await bareWorker.close();
    await bare.close();

    const cipher = new RedisCipher(randomBytes(32));
    const settings = { connection: redis, prefix, attempts: 3, cipher };
    const intakeQueue = new IntakeQueue(settings);
    const outbound = new OutboundQueues(settings);
    const payloads = Array.from({ length: options.jobs }, (_, index) => submission(index));
    await intakeQueue.queue.addBulk(
      payloads.map((data) => ({
        name: "report",
        data: intakeQueue.jobData(data),
        opts: { jobId: data.submissionId, removeOnComplete: false },
      })),
    );
    started = performance.now();
    const worker = startIntakeWorker({
      settings,
      intake: new ReportIntake(new PrismaReportStore(database.prisma, cipher), {
        trackingCodePrefix: "ADU",
        catalog,
        logger,
      }),
      outbound,
      logger,
      concurrency: options.concurrency,
    });
    await drain(intakeQueue.queue, options.jobs);
    const intakePerSecond = options.jobs / ((performance.now() - started) / 1000);
    await worker.close();
    await intakeQueue.close();
    await outbound.close();
    return {
      jobs: options.jobs,
      concurrency: options.concurrency,
      ceilingPerSecond,
      intakePerSecond,
    };
  } finally {
    await database.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
