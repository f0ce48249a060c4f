import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { z } from "zod";
import type { RetentionService } from "../core/privacy/retention.js";
import type { Logger } from "../infra/logger.js";
import { logRedisErrors } from "../infra/redis.js";
import {
  backoffDelay,
  defaultJobOptions,
  refuseForeignJob,
  type QueueSettings,
} from "./options.js";

export const RETENTION_QUEUE = "retention";
const RETENTION_SCHEDULER = "nightly-retention";
/** Local time of the nightly run: after midnight's traffic, before the office opens. */
const RETENTION_HOUR = 2;

const retentionJobSchema = z.object({ type: z.literal("retention") });

/** The nightly retention run, as a BullMQ job scheduler: one job per night however many workers. */
export class RetentionScheduler {
  readonly queue: Queue;

  constructor(private readonly settings: QueueSettings) {
    this.queue = new Queue(RETENTION_QUEUE, {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: defaultJobOptions(settings.attempts),
    });
  }

  async schedule(timeZone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      RETENTION_SCHEDULER,
      { pattern: `0 ${RETENTION_HOUR} * * *`, tz: timeZone },
      { name: "retention", data: { type: "retention", ...this.owner() } },
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private owner(): { installation?: string } {
    return this.settings.installation ? { installation: this.settings.installation } : {};
  }
}

/** Runs the retention job: erases and deletes what its period says is due. */
export function startRetentionWorker(options: {
  readonly settings: QueueSettings;
  readonly service: RetentionService;
  readonly logger: Logger;
}): Worker {
  const { settings, service, logger } = options;
  const process = async (job: Job, token: string | undefined) => {
    await refuseForeignJob(job, token, settings, logger);
    const parsed = retentionJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid retention job: ${parsed.error.message}`);
    }
    return service.run();
  };
  // One at a time: two runs would erase the same people twice over.
  const worker = new Worker(RETENTION_QUEUE, process, {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: 1,
    settings: { backoffStrategy: backoffDelay },
  });
  worker.on("failed", (job, error) => {
    if (job) logger.warn({ err: error, jobId: job.id }, "retention job failed; it will be retried");
  });
  logRedisErrors(worker, logger, "retention worker error");
  return worker;
}
