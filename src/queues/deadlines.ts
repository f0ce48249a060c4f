import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { z } from "zod";
import {
  TIMER_KINDS,
  timerId,
  type DueDates,
  type Timer,
} from "../core/reports/deadline-policy.js";
import type { DeadlineService, TimerChange } from "../core/reports/deadlines.js";
import type { DeskBatches } from "../core/reports/desk-batches.js";
import type { ReportWorkflow } from "../core/reports/workflow.js";
import { CallBatch } from "../infra/call-batch.js";
import type { Logger } from "../infra/logger.js";
import { logRedisErrors } from "../infra/redis.js";
import type { OutboundQueues } from "./outbound.js";
import {
  backoffDelay,
  defaultJobOptions,
  refuseForeignJob,
  type QueueSettings,
} from "./options.js";
import { systemClock, type Clock } from "../core/time/clock.js";
import type { MonthlySummaries } from "../core/reports/monthly-summaries.js";
import type { ConfirmationSweep } from "../core/reports/confirmation-sweep.js";

export const DEADLINE_QUEUE = "deadlines";
const DIGEST_SCHEDULER = "daily-digest";
const CONFIRMATIONS_SCHEDULER = "owed-confirmations";

const deadlineJobSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("timer"),
    reportId: z.uuid(),
    kind: z.enum(TIMER_KINDS),
    fireAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
  }),
  z.object({ type: z.literal("digest") }),
  z.object({ type: z.literal("desk-batch") }),
  z.object({ type: z.literal("resync") }),
  z.object({ type: z.literal("confirmations") }),
]);

/** Holiday changes come in bursts (a year's list entered line by line): one resync after. */
const RESYNC_AFTER_MS = 10_000;

/**
 * Turns due dates into delayed jobs. Job ids are derived from report, timer kind and deadline,
 * so scheduling the same deadline twice (after a restart, or from two processes) is one job,
 * and a moved deadline removes the old job by the id it can recompute.
 */
export class DeadlineScheduler {
  readonly queue: Queue;
  private readonly clock: Clock;

  constructor(
    private readonly settings: QueueSettings,
    private readonly service: DeadlineService,
    private readonly logger: Logger,
    clock?: Clock,
  ) {
    this.queue = new Queue(DEADLINE_QUEUE, {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: defaultJobOptions(settings.attempts),
    });
    this.clock = clock ?? systemClock;
  }

  /** Brings the report's due dates and timers in line with its current status. */
  async sync(reportId: string): Promise<void> {
    const change = await this.service.sync(reportId);
    if (change) await this.apply(change);
  }

  /** Schedules the timers of a report the intake just stored with these deadlines. */
  async stored(reportId: string, due: DueDates): Promise<void> {
    await this.apply(this.service.stored(reportId, due));
  }

  /**
   * A ReportChangeListener: every status change moves the deadlines. A workflow that moved
   * them in its transaction hands over the timers they had before; what is scheduled is always
   * read from the stored dates, so two changes heard out of order leave the later one's timers.
   */
  async onChange(change: { reportId: string; replacedTimers?: readonly Timer[] }): Promise<void> {
    const current = await this.service.sync(change.reportId);
    if (!current) return;
    await this.apply({ ...current, before: [...(change.replacedTimers ?? []), ...current.before] });
  }

  /** Re-creates the timers of every open report; run at start so nothing missed is lost. */
  async resyncOpenReports(): Promise<number> {
    const ids = await this.service.openReportIds();
    for (const id of ids) await this.sync(id);
    return ids.length;
  }

  /**
   * A batch of the new reports waiting for a busy desk, `delayMs` after the first of them:
   * further calls meanwhile join the same batch.
   */
  async scheduleDeskBatch(delayMs: number): Promise<void> {
    await this.queue.add(
      "desk-batch",
      { type: "desk-batch", ...this.owner() },
      {
        delay: delayMs,
        // The key lapses when the batch is due, so a report stored while it is being composed
        // schedules the next batch instead of being left out.
        deduplication: { id: "desk-batch", ttl: delayMs },
      },
    );
  }

  /**
   * Moves every open report's deadlines once the holiday list changed: a worker reloads the
   * list and resyncs, shortly after the last of a burst of changes.
   */
  async requestResync(): Promise<void> {
    await this.queue.add(
      "resync",
      { type: "resync", ...this.owner() },
      { delay: RESYNC_AFTER_MS, deduplication: { id: "holiday-resync", ttl: RESYNC_AFTER_MS } },
    );
  }

  /** The daily digest at `hour` local time (skipped by the worker on non-working days). */
  async scheduleDigest(hour: number, timeZone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      DIGEST_SCHEDULER,
      { pattern: `0 ${hour} * * *`, tz: timeZone },
      { name: "digest", data: { type: "digest", ...this.owner() } },
    );
  }

  /**
   * Looks for confirmations owed longer than `graceMs` twice per grace period, so one is sent
   * at most one and a half grace periods after it was told.
   */
  async scheduleConfirmationSweep(graceMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      CONFIRMATIONS_SCHEDULER,
      { every: Math.max(1000, Math.round(graceMs / 2)) },
      {
        name: "confirmations",
        data: { type: "confirmations", ...this.owner() },
        // The next run is the retry, and a frequent run leaves nothing worth keeping: a run
        // that failed during an outage would otherwise retry beside the runs that follow it.
        opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private owner(): { installation?: string } {
    return this.settings.installation ? { installation: this.settings.installation } : {};
  }

  // The timers of the reports the intake stored in a busy moment go in one round trip.
  private readonly timers = new CallBatch<TimerChange, void>(async (changes) => {
    const now = this.clock().getTime();
    await this.queue.addBulk(
      changes.flatMap(({ reportId, after }) =>
        after.map((timer) => ({
          name: timer.kind,
          data: {
            type: "timer",
            ...this.owner(),
            reportId,
            kind: timer.kind,
            fireAt: timer.fireAt.toISOString(),
            dueAt: timer.dueAt.toISOString(),
          },
          opts: {
            jobId: timerId(reportId, timer),
            delay: Math.max(0, timer.fireAt.getTime() - now),
          },
        })),
      ),
    );
    return changes.map(() => undefined);
  });

  /** Removes the timers a change made obsolete, then adds its new ones in one round trip. */
  private async apply(change: TimerChange): Promise<void> {
    const { reportId } = change;
    const wanted = new Set(change.after.map((timer) => timerId(reportId, timer)));
    for (const timer of change.before) {
      const id = timerId(reportId, timer);
      if (!wanted.has(id)) await this.queue.remove(id);
    }
    if (change.after.length === 0) return;
    await this.timers.run(change);
  }
}

interface DeadlineWorkerOptions {
  readonly settings: QueueSettings;
  readonly service: DeadlineService;
  readonly outbound: OutboundQueues;
  readonly logger: Logger;
  /** Closes reports the reporter left unanswered after a follow-up. */
  readonly workflow: ReportWorkflow;
  /** Shows a busy desk the reports that waited; none without a desk chat. */
  readonly deskBatches?: DeskBatches;
  /** What the timeline and the reporter are told about an automatic close. */
  readonly autoCloseText: string;
  /** Sent with the digest on the first working day of a month. */
  readonly monthlySummaries?: MonthlySummaries;
  /** Reloads the holiday list and moves open reports' deadlines; returns how many. */
  readonly resync: () => Promise<number>;
  /** Sends the confirmations told at Kirim that never went out; none: they stay owed. */
  readonly confirmations?: ConfirmationSweep;
  readonly clock?: Clock;
}

/** Fires deadline timers and runs the scheduled jobs: digest, desk batches, confirmations. */
export function startDeadlineWorker(options: DeadlineWorkerOptions): Worker {
  const { service, outbound, logger } = options;
  const clock = options.clock ?? systemClock;

  const processTimer = async (job: Job, token: string | undefined) => {
    await refuseForeignJob(job, token, options.settings, logger);
    const parsed = deadlineJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid deadline job: ${parsed.error.message}`);
    }
    const data = parsed.data;
    if (data.type === "desk-batch") {
      const sent = (await options.deskBatches?.flush()) ?? [];
      await outbound.enqueue(sent);
      logger.info({ messages: sent.length }, "new reports shown to the busy desk");
      return;
    }
    if (data.type === "digest") {
      const sent = [
        ...(await service.digest()),
        ...(await service.holidayReminder()),
        ...((await options.monthlySummaries?.due()) ?? []),
      ];
      await outbound.enqueue(sent);
      logger.info({ messages: sent.length }, "daily digest queued");
      return;
    }
    if (data.type === "confirmations") {
      await options.confirmations?.run();
      return;
    }
    if (data.type === "resync") {
      const reports = await options.resync();
      logger.info({ openReports: reports }, "deadlines moved after the holiday list changed");
      return;
    }
    // A job may run early if clocks disagree; put it back rather than act before its time.
    const early = new Date(data.fireAt).getTime() - clock().getTime();
    if (early > 1000) {
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    const result = await service.fire(data.reportId, data.kind, new Date(data.dueAt));
    if (result.outcome === "notified") await outbound.enqueue(result.outbox);
    if (result.outcome === "close") {
      const closed = await options.workflow.apply({
        trackingCode: result.trackingCode,
        action: "complete",
        actor: { type: "system" },
        text: options.autoCloseText,
      });
      await outbound.enqueue(closed.pendingOutbox);
    }
    logger.info(
      { reportId: data.reportId, timer: data.kind, outcome: result.outcome },
      "deadline timer fired",
    );
  };

  const worker = new Worker(DEADLINE_QUEUE, processTimer, {
    connection: options.settings.connection,
    prefix: options.settings.prefix,
    concurrency: 4,
    settings: { backoffStrategy: backoffDelay },
  });
  worker.on("failed", (job, error) => {
    if (!job) return;
    const retried = job.attemptsMade < (job.opts.attempts ?? 1);
    logger.warn(
      { err: error, jobId: job.id, attempts: job.attemptsMade },
      retried
        ? "deadline job failed; it will be retried"
        : "deadline job failed with no attempt left; a scheduled job runs again at its next " +
            "time, a report's timers are made again when the worker starts",
    );
  });
  logRedisErrors(worker, logger, "deadline worker error");
  return worker;
}
