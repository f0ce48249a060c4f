import type { Job, Queue, Worker } from "bullmq";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ConversationMetrics } from "../core/conversation/engine.js";
import type { ChannelName } from "../core/messages.js";
import type { RetentionKind, RetentionMetrics } from "../core/privacy/retention.js";
import type { DeadlineMetrics } from "../core/reports/deadlines.js";

/** What the outbound worker reports about one delivery attempt. */
export type DeliveryOutcome = "sent" | "failed" | "retried";

/** The job states whose counts `/metrics` reports per queue. */
const QUEUE_STATES = [
  "waiting",
  "prioritized",
  "active",
  "delayed",
  "failed",
  "completed",
] as const;

/**
 * The Prometheus metrics of one process, on one registry built by the composition root and
 * handed to the code that counts. Counters are per process: Prometheus sums them over the
 * processes it scrapes. Queue depths are read from Redis on each scrape, so they are the same
 * in every process.
 */
export class Metrics implements ConversationMetrics, DeadlineMetrics, RetentionMetrics {
  readonly registry = new Registry();
  private readonly queues: Queue[] = [];

  private readonly received = new Counter({
    name: "aduan_reports_received_total",
    help: "Completed reports queued for intake by this process",
    labelNames: ["channel"],
    registers: [this.registry],
  });
  private readonly stored = new Counter({
    name: "aduan_reports_stored_total",
    help: "Reports stored in the database by this process's intake worker (repeats not counted)",
    labelNames: ["channel"],
    registers: [this.registry],
  });
  private readonly completions = new Counter({
    name: "aduan_flow_completions_total",
    help: "Conversations that ended with a report sent",
    labelNames: ["flow"],
    registers: [this.registry],
  });
  private readonly abandonments = new Counter({
    name: "aduan_flow_abandonments_total",
    help: "Conversations cancelled or expired, by the step they were at",
    labelNames: ["flow", "step", "reason"],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: "aduan_outbound_messages_total",
    help: "Outbound delivery attempts: sent, failed for good, or failed and retried",
    labelNames: ["channel", "outcome"],
    registers: [this.registry],
  });
  private readonly breaches = new Counter({
    name: "aduan_deadline_breaches_total",
    help: "Missed deadlines escalated to the desk",
    labelNames: ["deadline"],
    registers: [this.registry],
  });
  private readonly retention = new Counter({
    name: "aduan_retention_removed_total",
    help: "Personal data removed when its retention period ended: identities erased, media files deleted, draft uploads deleted, erasure requests forgotten",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  private readonly jobDurations = new Histogram({
    name: "aduan_job_duration_seconds",
    help: "Time a worker of this process spent on a job, from start to completion or failure",
    labelNames: ["queue", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const queues = this.queues;
    new Gauge({
      name: "aduan_queue_jobs",
      help: "Jobs in each queue by state, read from Redis when scraped",
      labelNames: ["queue", "state"],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await Promise.all(
          queues.map(async (queue) => ({
            queue,
            counts: await queue.getJobCounts(...QUEUE_STATES),
          })),
        );
        for (const { queue, counts: byState } of counts) {
          for (const state of QUEUE_STATES) {
            this.set({ queue: queue.name, state }, byState[state] ?? 0);
          }
        }
      },
    });
  }

  /** Queues whose depth is reported on each scrape. */
  watchQueues(queues: readonly Queue[]): void {
    this.queues.push(...queues);
  }

  /** Records how long each job of `worker` ran, labelled with the worker's queue. */
  timeJobs(worker: Worker): void {
    const observe = (job: Job | undefined, status: "completed" | "failed") => {
      if (!job?.processedOn) return;
      const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
      this.jobDurations.observe({ queue: worker.name, status }, seconds);
    };
    worker.on("completed", (job) => observe(job, "completed"));
    worker.on("failed", (job) => observe(job, "failed"));
  }

  reportQueued(channel: ChannelName, flowId: string): void {
    this.received.inc({ channel });
    this.completions.inc({ flow: flowId });
  }

  flowAbandoned(flowId: string, stepId: string, reason: "cancelled" | "expired"): void {
    this.abandonments.inc({ flow: flowId, step: stepId, reason });
  }

  reportStored(channel: ChannelName): void {
    this.stored.inc({ channel });
  }

  delivery(channel: ChannelName, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ channel, outcome });
  }

  retained(kind: RetentionKind, count: number): void {
    // Every kind appears from the first run, at 0 when nothing was due.
    this.retention.inc({ kind }, count);
  }

  deadlineBreached(deadline: "verify" | "follow-up" | "hold"): void {
    this.breaches.inc({ deadline });
  }
}
