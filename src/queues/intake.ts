import { Queue, UnrecoverableError, Worker } from "bullmq";
import { z } from "zod";
import type { SubmissionSink } from "../core/conversation/drafts.js";
import { currentTraceId } from "../core/messages.js";
import { SealError, type RedisCipher } from "../core/privacy/redis-cipher.js";
import type { IntakeResult, ReportIntake } from "../core/reports/intake-service.js";
import { submissionSchema, type Submission } from "../core/reports/submission.js";
import { CallBatch } from "../infra/call-batch.js";
import type { Logger } from "../infra/logger.js";
import { logRedisErrors } from "../infra/redis.js";
import type { Metrics } from "../observability/metrics.js";
import type { OutboundQueues } from "./outbound.js";
import {
  backoffDelay,
  defaultJobOptions,
  INTAKE_QUEUE,
  refuseForeignJob,
  type QueueSettings,
} from "./options.js";

/**
 * An intake job as Redis (and the queue dashboard) holds it: ids for the logs, and the
 * submission sealed with REDIS_ENCRYPTION_KEY, since it names the reporter and their chat.
 */
const intakeJobSchema = z.object({
  submissionId: z.uuid(),
  traceId: z.string().min(1).max(128),
  sealed: z.string().min(1),
});

/** Producer side: completed conversations become intake jobs keyed by their submission id. */
export class IntakeQueue implements SubmissionSink {
  readonly queue: Queue;

  constructor(private readonly settings: QueueSettings) {
    this.queue = new Queue(INTAKE_QUEUE, {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: defaultJobOptions(settings.attempts),
    });
  }

  // The Kirim presses of a busy moment are queued in one round trip.
  private readonly jobs = new CallBatch<Submission, void>(async (submissions) => {
    await this.queue.addBulk(
      submissions.map((submission) => ({
        name: "report",
        data: this.jobData(submission),
        // The job id makes a repeated submit (a double press, a redelivered update) one job.
        // Gone once stored: the database's unique submission id, not the job, makes a repeat
        // store nothing twice, and the job has nothing left to tell.
        opts: { jobId: submission.submissionId, removeOnComplete: true },
      })),
    );
    return submissions.map(() => undefined);
  });

  async submit(submission: Submission): Promise<void> {
    await this.jobs.run(submission);
  }

  /** What the job holds: the submission sealed, with the ids the logs and workers need. */
  jobData(submission: Submission): Record<string, string> {
    return {
      submissionId: submission.submissionId,
      traceId: submission.traceId,
      sealed: this.settings.cipher.seal(submission),
      ...(this.settings.installation ? { installation: this.settings.installation } : {}),
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

interface IntakeWorkerOptions {
  readonly settings: QueueSettings;
  readonly intake: ReportIntake;
  readonly outbound: OutboundQueues;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly metrics?: Metrics;
  /**
   * Runs after every stored (or found) report, e.g. to schedule its deadlines or a batch for
   * a busy desk, or to forget that its code was told; idempotent.
   */
  readonly afterStore?: (result: IntakeResult, submission: Submission) => Promise<void>;
}

/** Consumer side: validates each job and stores the report once, then queues the confirmation. */
export function startIntakeWorker(options: IntakeWorkerOptions): Worker {
  const { logger } = options;
  const worker = new Worker(
    INTAKE_QUEUE,
    async (job, token) => {
      await refuseForeignJob(job, token, options.settings, logger);
      const parsed = openSubmission(job.data, options.settings.cipher);
      if (!parsed.success) {
        // Retrying cannot fix a malformed payload; fail it at once and keep it for inspection.
        throw new UnrecoverableError(`invalid intake payload: ${parsed.problem}`);
      }
      const result = await options.intake.store(parsed.data).catch((error: unknown) => {
        throw withoutValues(error);
      });
      // Counted here: a retry after a later step fails finds the report already stored.
      if (result.created) options.metrics?.reportStored(parsed.data.channel);
      const traceId = result.reporterErased ? undefined : parsed.data.traceId;
      // Logged before the confirmation is queued, so the log reads in the order things happen.
      logger.info(
        {
          ...(traceId ? { traceId } : {}),
          submissionId: parsed.data.submissionId,
          reportId: result.reportId,
          trackingCode: result.trackingCode,
          created: result.created,
        },
        result.created ? "report stored" : "report was already stored; confirmation re-queued",
      );
      // Both only after the commit, and independent of each other: side by side.
      await Promise.all([
        options.outbound.enqueue(result.pendingOutbox, traceId),
        options.afterStore?.(result, parsed.data),
      ]);
      return { trackingCode: result.trackingCode };
    },
    {
      connection: options.settings.connection,
      prefix: options.settings.prefix,
      concurrency: options.concurrency,
      maxStalledCount: 5,
      settings: { backoffStrategy: backoffDelay },
    },
  );
  worker.on("failed", (job, error) => {
    if (!job) return;
    const final =
      job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const { traceId } = job.data as { traceId?: unknown };
    const details = {
      err: error,
      jobId: job.id,
      ...(typeof traceId === "string" ? { traceId: currentTraceId(traceId) } : {}),
      attempt: job.attemptsMade,
    };
    if (final) logger.error(details, "intake job failed for good; it is kept in the failed set");
    else logger.warn(details, "intake job failed; it will be retried");
  });
  logRedisErrors(worker, logger, "intake worker error");
  return worker;
}

/** The submission an intake job carries, or what is wrong with the job (never its values). */
function openSubmission(
  data: unknown,
  cipher: RedisCipher,
): { success: true; data: Submission } | { success: false; problem: string } {
  const describe = (error: z.ZodError) =>
    error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  if (typeof data === "object" && data !== null && !("sealed" in data)) {
    // Queued in clear by a bot of an earlier version during a rolling upgrade.
    const legacy = submissionSchema.safeParse(data);
    return legacy.success
      ? { success: true, data: legacy.data }
      : { success: false, problem: describe(legacy.error) };
  }
  const job = intakeJobSchema.safeParse(data);
  if (!job.success) return { success: false, problem: describe(job.error) };
  let opened: unknown;
  try {
    opened = cipher.open(job.data.sealed);
  } catch (error) {
    if (error instanceof SealError) return { success: false, problem: error.message };
    throw error;
  }
  const submission = submissionSchema.safeParse(opened);
  if (!submission.success) return { success: false, problem: describe(submission.error) };
  if (submission.data.submissionId !== job.data.submissionId) {
    return { success: false, problem: "the sealed submission belongs to another job" };
  }
  return { success: true, data: submission.data };
}

/**
 * BullMQ keeps a failure's message and stack in Redis (and the dashboard shows them), and a
 * database error may quote the values it was given, names included: the job keeps only the
 * error's first line, and the log the whole error, as its cause.
 */
function withoutValues(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n").find((line) => line.trim() !== "") ?? "intake failed";
  return new Error(firstLine.trim().slice(0, 300), { cause: error });
}
