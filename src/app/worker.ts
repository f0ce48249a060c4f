import type { Worker } from "bullmq";
import type { ChannelSender } from "../channels/channel.js";
import { REPLY_RETRY_SECONDS } from "../channels/telegram/telegram-channel.js";
import { label } from "../core/i18n/index.js";
import { ConfirmationSweep } from "../core/reports/confirmation-sweep.js";
import { DeliveryNotes } from "../core/reports/delivery-notes.js";
import { DeskBatches } from "../core/reports/desk-batches.js";
import { hasDesk } from "../core/reports/recipients.js";
import { ReportIntake } from "../core/reports/intake-service.js";
import { RetentionService } from "../core/privacy/retention.js";
import { MonthlySummaries } from "../core/reports/monthly-summaries.js";
import { startDeadlineWorker } from "../queues/deadlines.js";
import { logRedisErrors } from "../infra/redis.js";
import { startIntakeWorker } from "../queues/intake.js";
import { startOutboundWorker } from "../queues/outbound.js";
import { RetentionScheduler, startRetentionWorker } from "../queues/retention.js";
import type { Cleanups } from "./cleanups.js";
import { chartDrawer, publicPageOf, retentionPeriods, type Services } from "./services.js";

/**
 * The worker role: stores reports from the intake queue, fires deadlines, shows a busy desk
 * its batches and sends the confirmations a bot never did; every open report's timers are
 * scheduled again at start.
 */
export async function startWorkers(services: Services, cleanups: Cleanups): Promise<void> {
  const { config, logger, metrics, clock, stores, deadlineScheduler, desk } = services;
  const deskBatchMs = config.DESK_BATCH_SECONDS * 1000;
  const graceMs = config.CONFIRMATION_RESEND_SECONDS * 1000;
  if (config.CONFIRMATION_RESEND_SECONDS <= REPLY_RETRY_SECONDS) {
    logger.warn(
      { seconds: config.CONFIRMATION_RESEND_SECONDS },
      `CONFIRMATION_RESEND_SECONDS=${config.CONFIRMATION_RESEND_SECONDS} is not longer than a ` +
        `reply to Kirim may still be retried (${REPLY_RETRY_SECONDS} s on Telegram): a citizen ` +
        "whose reply is slow may be told their tracking code twice; the default, 180, is safe",
    );
  }
  const deskBatches = hasDesk(desk)
    ? new DeskBatches(stores.reports, {
        catalog: services.catalog,
        desk,
        staffLanguage: config.DEFAULT_LANGUAGE,
        timeZone: config.TIME_ZONE,
      })
    : undefined;
  const intake = new ReportIntake(stores.reports, {
    trackingCodePrefix: config.TRACKING_CODE_PREFIX,
    catalog: services.catalog,
    logger,
    desk,
    staffLanguage: config.DEFAULT_LANGUAGE,
    timeZone: config.TIME_ZONE,
    ...publicPageOf(config),
    dueDates: (submittedAt) => services.deadlines.atSubmission(submittedAt),
  });
  const workers = [
    startIntakeWorker({
      settings: services.queueSettings,
      intake,
      outbound: services.outbound,
      logger,
      concurrency: config.INTAKE_CONCURRENCY,
      afterStore: async (result, { channel, reporter, trackingCode }) => {
        const schedule = async () => {
          // A report found already stored (a retried job) may have moved on since: read it.
          await (result.dueDates
            ? deadlineScheduler.stored(result.reportId, result.dueDates)
            : deadlineScheduler.sync(result.reportId));
          if (result.waitsForDeskBatch) await deadlineScheduler.scheduleDeskBatch(deskBatchMs);
        };
        await Promise.all([
          schedule(),
          trackingCode && services.pendingCodes.stored(channel, reporter.externalId, trackingCode),
        ]);
      },
      metrics,
    }),
    startDeadlineWorker({
      settings: services.queueSettings,
      service: services.deadlines,
      outbound: services.outbound,
      logger,
      workflow: services.workflow,
      autoCloseText: label(config.DEFAULT_LANGUAGE, "autoClosedText", {
        days: config.AUTO_CLOSE_WORKING_DAYS,
      }),
      clock,
      ...(deskBatches ? { deskBatches } : {}),
      monthlySummaries: new MonthlySummaries(stores.reports, services.accountability, {
        calendar: services.calendar,
        catalog: services.catalog,
        desk,
        staffLanguage: config.DEFAULT_LANGUAGE,
        clock,
        draw: chartDrawer(services.media),
      }),
      confirmations: new ConfirmationSweep(
        services.pendingCodes,
        stores.reports,
        services.outbound,
        {
          graceMs,
          logger,
          clock,
          ...publicPageOf(config),
        },
      ),
      resync: async () => {
        await services.holidays.reload();
        return deadlineScheduler.resyncOpenReports();
      },
    }),
  ];
  const retention = new RetentionScheduler(services.queueSettings);
  cleanups.push(() => retention.close());
  logRedisErrors(retention.queue, logger, "queue error");
  metrics.watchQueues([retention.queue]);
  workers.push(
    startRetentionWorker({
      settings: services.queueSettings,
      service: new RetentionService(stores.retention, services.media, {
        ...retentionPeriods(config),
        clock,
        logger,
        metrics,
      }),
      logger,
    }),
  );
  for (const worker of workers) metrics.timeJobs(worker);
  cleanups.push(() => Promise.all(workers.map((worker) => worker.close())));
  await retention.schedule(config.TIME_ZONE);
  if (await deskBatches?.waiting()) await deadlineScheduler.scheduleDeskBatch(deskBatchMs);
  await deadlineScheduler.scheduleDigest(config.DIGEST_HOUR, config.TIME_ZONE);
  await deadlineScheduler.scheduleConfirmationSweep(graceMs);
  const scheduled = await deadlineScheduler.resyncOpenReports();
  logger.info({ openReports: scheduled }, "deadline timers of open reports are scheduled");
}

/** Delivers the outbox rows of these channels, and queues again what was left pending. */
export async function startDelivery(
  services: Services,
  senders: readonly ChannelSender[],
  cleanups: Cleanups,
): Promise<void> {
  if (senders.length === 0) return;
  const { config, logger, metrics, database, outbound, desk } = services;
  const notes = new DeliveryNotes(services.stores.reports, {
    catalog: services.catalog,
    desk,
    staffLanguage: config.DEFAULT_LANGUAGE,
  });
  const workers: Worker[] = senders.map((sender) =>
    startOutboundWorker({
      settings: services.queueSettings,
      queues: outbound,
      prisma: database.prisma,
      sender,
      logger,
      metrics,
      clock: services.clock,
      menus: services.sessions,
      onWaiting: async (row) => outbound.enqueue(await notes.waiting(row)),
    }),
  );
  for (const worker of workers) metrics.timeJobs(worker);
  // Workers stop before the queues and connections they use (cleanups run in reverse).
  cleanups.push(() => Promise.all(workers.map((worker) => worker.close())));
  const recovered = await outbound.recoverPending(
    database.prisma,
    senders.map((sender) => sender.channel),
  );
  if (recovered > 0)
    logger.info({ recovered }, "re-queued outbox messages that were still pending");
}
