import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { z } from "zod";
import {
  DeliveryError,
  type ChannelSender,
  type SendContext,
  type SendResult,
} from "../channels/channel.js";
import type { ConversationKey } from "../core/conversation/session-store.js";
import type { PendingOutbox } from "../core/reports/outbox.js";
import { PENDING_OUTBOX } from "../infra/db/outbox-rows.js";
import {
  CHAT_CHANNELS,
  currentTraceId,
  flattenChoices,
  outboundMessageSchema,
  type ChannelName,
  type Choice,
  type OutboundMessage,
} from "../core/messages.js";
import type { OutboxMessage, PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../infra/logger.js";
import { logRedisErrors } from "../infra/redis.js";
import type { Metrics } from "../observability/metrics.js";
import {
  backoffDelay,
  defaultJobOptions,
  outboundQueueName,
  refuseForeignJob,
  type QueueSettings,
} from "./options.js";
import { markFailed, markWaiting } from "./delivery-states.js";
import { SendPacer } from "./pacing.js";
import { systemClock, type Clock } from "../core/time/clock.js";

/** The queue priority of bulk messages: every interactive one is taken before them. */
const BULK_PRIORITY = 10;

/** How often, and how far apart, queueing a row again looks for its running job to end. */
const RUNNING_JOB_CHECKS = 20;
const RUNNING_JOB_CHECK_MS = 100;

/** `traceId` follows a report from its inbound message to its confirmation in the logs. */
const outboundJobSchema = z.object({
  outboxId: z.uuid(),
  traceId: z.string().transform(currentTraceId).optional(),
  /** The platform already refused this message for a closed conversation window. */
  windowClosed: z.boolean().optional(),
});

/**
 * One queue per channel, because only some processes can send on a channel (the WhatsApp
 * session lives in one process). Jobs carry the outbox row id; the row holds the message.
 */
export class OutboundQueues {
  private readonly queues: ReadonlyMap<ChannelName, Queue>;

  constructor(private readonly settings: QueueSettings) {
    this.queues = new Map(
      CHAT_CHANNELS.map((channel) => [
        channel,
        new Queue(outboundQueueName(channel), {
          connection: settings.connection,
          prefix: settings.prefix,
          defaultJobOptions: defaultJobOptions(settings.attempts),
        }),
      ]),
    );
  }

  /** Every channel's queue, for the dashboard and queue-depth metrics. */
  all(): Queue[] {
    return [...this.queues.values()];
  }

  queue(channel: ChannelName): Queue {
    const queue = this.queues.get(channel);
    if (!queue) throw new Error(`no outbound queue for channel ${channel}`);
    return queue;
  }

  /**
   * Queues delivery of outbox rows; the row id as job id makes this safe to repeat. `traceId`
   * is the inbound message the rows answer, when there is one, for the delivery log line.
   */
  async enqueue(
    items: readonly PendingOutbox[],
    traceId?: string,
    context: SendContext = {},
  ): Promise<void> {
    const byChannel = new Map<ChannelName, PendingOutbox[]>();
    for (const item of items)
      byChannel.set(item.channel, [...(byChannel.get(item.channel) ?? []), item]);
    // One round trip per channel, however many rows (a confirmation and the desk's cards).
    await Promise.all(
      [...byChannel].map(([channel, rows]) =>
        this.queue(channel).addBulk(
          rows.map((item) => ({
            name: "deliver",
            data: {
              outboxId: item.id,
              ...(this.settings.installation ? { installation: this.settings.installation } : {}),
              ...(traceId ? { traceId } : {}),
              ...(context.windowClosed ? { windowClosed: true } : {}),
            },
            // Jobs without a priority are taken before prioritised ones: the interactive lane.
            opts: { jobId: item.id, ...(item.lane === "bulk" ? { priority: BULK_PRIORITY } : {}) },
          })),
        ),
      ),
    );
  }

  /**
   * Queues rows whose earlier delivery job is over (they waited for the recipient, or the
   * platform took them back): that job's id is still taken for a day, so it is removed first.
   */
  async requeue(items: readonly PendingOutbox[], context: SendContext = {}): Promise<void> {
    for (const item of items) await this.removeEnded(item);
    await this.enqueue(items, undefined, context);
  }

  /**
   * Removes a row's delivery job once it has ended. A job still running is moments from its
   * end (it has just left the row waiting) or sees the row pending again and runs once more:
   * it is waited for a little, then left to do that.
   */
  private async removeEnded(item: PendingOutbox): Promise<void> {
    const queue = this.queue(item.channel);
    for (let tries = 0; tries < RUNNING_JOB_CHECKS; tries++) {
      // 0: the job is locked by the worker running it.
      if ((await queue.remove(item.id)) !== 0) return;
      await sleep(RUNNING_JOB_CHECK_MS);
    }
  }

  /**
   * Whether a pending row's delivery is still to come: its job is waiting, delayed or running,
   * or was lost (a process died between committing the row and queueing it) and is queued again.
   */
  async stillQueued(item: PendingOutbox): Promise<boolean> {
    const state = await this.queue(item.channel).getJobState(item.id);
    if (state === "completed" || state === "failed") return false;
    if (state === "unknown") await this.enqueue([item]);
    return true;
  }

  /**
   * Re-queues rows still pending, e.g. when a process died between committing a row and
   * queueing it. Idempotent thanks to the job ids; run when workers start.
   */
  async recoverPending(prisma: PrismaClient, channels: readonly ChannelName[]): Promise<number> {
    const rows = await prisma.outboxMessage.findMany({
      where: { state: "pending", channel: { in: [...channels] } },
      select: PENDING_OUTBOX,
      orderBy: { seq: "asc" },
    });
    await this.enqueue(rows);
    return rows.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}

interface OutboundWorkerOptions {
  readonly settings: QueueSettings;
  readonly queues: OutboundQueues;
  readonly prisma: PrismaClient;
  readonly sender: ChannelSender;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly concurrency?: number;
  readonly clock?: Clock;
  /**
   * Told the choices of every new message sent to a chat: they become the menu showing there,
   * so a number typed next answers them (the conversation's session store).
   */
  readonly menus?: {
    showMenu(key: ConversationKey, choices: readonly Choice[]): Promise<void>;
  };
  /** A message about a report now waits for its recipient to write again: tell staff. */
  readonly onWaiting?: (row: { reportId: string | null; purpose: string }) => Promise<void>;
}

/** How soon a message waiting behind an older one to the same chat looks again. */
const ORDER_RECHECK_MS = 200;

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Delivers the outbox rows of one channel and records each result on its row. Permanent
 * failures stop at once and leave a note on the report's timeline for staff.
 */
export function startOutboundWorker(options: OutboundWorkerOptions): Worker {
  const { prisma, sender, logger, metrics } = options;
  const clock = options.clock ?? systemClock;
  const pacer = new SendPacer(
    options.settings.connection,
    options.settings.prefix,
    options.settings.cipher,
  );
  const botIntervalMs = sender.rateLimit ? sender.rateLimit.durationMs / sender.rateLimit.max : 0;
  const worker = new Worker(
    outboundQueueName(sender.channel),
    async (job, token) => {
      await refuseForeignJob(job, token, options.settings, logger);
      const parsed = outboundJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid outbound job payload");
      const row = await prisma.outboxMessage.findUnique({ where: { id: parsed.data.outboxId } });
      if (!row) {
        logger.warn({ outboxId: parsed.data.outboxId }, "outbox row not found; nothing to send");
        return;
      }
      if (row.state !== "pending") return;
      if (await waitsForEarlier(prisma, options.queues, row)) {
        // An older message to this chat goes first, whichever worker holds it.
        await job.moveToDelayed(Date.now() + ORDER_RECHECK_MS, token);
        throw new DelayedError();
      }
      const message = outboundMessageSchema.parse(row.payload);
      const slot = await pacer.reserve(
        sender.channel,
        row.chatId,
        row.lane === "interactive" && sender.rateLimit?.bulkOnly ? 0 : botIntervalMs,
        sender.chatIntervalMs?.(row.chatId) ?? 0,
      );
      if (!slot.reserved) {
        // Another message reached this chat moments ago: come back later without holding a slot.
        await job.moveToDelayed(Date.now() + slot.waitMs, token);
        throw new DelayedError();
      }
      if (slot.waitMs > 0) await sleep(slot.waitMs);
      // An erasure during the send renames the row's chat: what the send learns (the
      // platform's ids, which may hold the number) is then not written back.
      const stillTheirs = { id: row.id, chatId: row.chatId };
      try {
        const result = await deliver(prisma, sender, row, message, {
          ...(parsed.data.windowClosed ? { windowClosed: true } : {}),
          // A retry, or a release after the message was held, goes on after the parts the
          // recipient already has.
          ...(row.partsSent > 0
            ? {
                resume: {
                  partsSent: row.partsSent,
                  ...(row.partialMessageId ? { platformMessageId: row.partialMessageId } : {}),
                  partMessageIds: row.partMessageIds,
                },
              }
            : {}),
          onProgress: async (progress) => {
            // Not kept, the message still goes on: only a retry would send those parts again.
            await prisma.outboxMessage
              .updateMany({
                where: stillTheirs,
                data: {
                  partsSent: progress.partsSent,
                  partialMessageId: progress.platformMessageId ?? null,
                  // A reply to a part already on the phone counts while the rest waits.
                  partMessageIds: [...(progress.partMessageIds ?? [])],
                },
              })
              .catch((error: unknown) =>
                logger.warn(
                  { err: error, outboxId: row.id },
                  "could not record the parts of a message sent so far",
                ),
              );
          },
        });
        const recorded = await prisma.outboxMessage.updateMany({
          where: stillTheirs,
          data: {
            state: "sent",
            sentAt: clock(),
            attempts: { increment: 1 },
            lastError: null,
            platformMessageId: result.platformMessageId ?? null,
            partsSent: 0,
            partialMessageId: null,
            partMessageIds: [...(result.partMessageIds ?? [])],
          },
        });
        metrics?.delivery(sender.channel, "sent");
        if (recorded.count === 0) {
          logger.info(
            { traceId: parsed.data.traceId, outboxId: row.id, purpose: row.purpose },
            "message sent to someone whose identity was erased meanwhile; nothing of it is kept",
          );
          return;
        }
        const choices = flattenChoices(message);
        if (!row.replacesId && choices.length > 0) {
          // Sent is sent: a failure here must not make the job deliver the message again.
          await options.menus
            ?.showMenu({ channel: sender.channel, userId: row.chatId }, choices)
            .catch((error: unknown) =>
              logger.warn({ err: error, outboxId: row.id }, "could not record the menu shown"),
            );
        }
        logger.info(
          {
            traceId: parsed.data.traceId,
            outboxId: row.id,
            channel: sender.channel,
            purpose: row.purpose,
            reportId: row.reportId,
          },
          "message sent",
        );
      } catch (error) {
        if (error instanceof DeliveryError && error.waitsForRecipient) {
          const held = await markWaiting(prisma, clock(), row.id, describe(error));
          if (!held) return;
          logger.info(
            { traceId: parsed.data.traceId, outboxId: row.id, purpose: row.purpose },
            "message waits until the recipient writes again",
          );
          await options
            .onWaiting?.(held)
            .catch((noteError: unknown) =>
              logger.error(
                { err: noteError, outboxId: row.id },
                "could not tell staff a message waits",
              ),
            );
          if (await releasedMeanwhile(prisma, sender, row, error)) {
            // This job held the row, so it could not be queued again: this job sends it.
            await job.moveToDelayed(Date.now(), token);
            throw new DelayedError();
          }
          return;
        }
        const permanent = error instanceof DeliveryError && error.permanent;
        const attempt = { attempts: { increment: 1 }, lastError: describe(error) };
        if (permanent) {
          await markFailed(prisma, clock(), row.id, describe(error), attempt);
          metrics?.delivery(sender.channel, "failed");
          logger.warn(
            { traceId: parsed.data.traceId, outboxId: row.id, err: error },
            "message cannot be delivered; not retrying",
          );
          return;
        }
        await prisma.outboxMessage.update({ where: { id: row.id }, data: attempt });
        if (error instanceof DeliveryError && error.retryAfterMs !== undefined) {
          // The platform asked this bot to slow down: pause the whole queue, not just this job.
          await options.queues.queue(sender.channel).rateLimit(error.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw error;
      }
    },
    {
      connection: options.settings.connection,
      prefix: options.settings.prefix,
      concurrency: options.concurrency ?? 4,
      maxStalledCount: 5,
      settings: { backoffStrategy: backoffDelay },
    },
  );
  worker.on("failed", (job, error) => {
    if (!job) return;
    const { outboxId, traceId: queued } = job.data as { outboxId?: string; traceId?: string };
    const traceId = queued === undefined ? undefined : currentTraceId(queued);
    if (job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError)) {
      metrics?.delivery(sender.channel, "retried");
      logger.warn(
        { traceId, outboxId, channel: sender.channel, attempt: job.attemptsMade, err: error },
        "delivery failed; will retry",
      );
      return;
    }
    metrics?.delivery(sender.channel, "failed");
    logger.error(
      { traceId, outboxId, channel: sender.channel, err: error },
      "delivery failed for good; the outbox row is marked failed",
    );
    if (!outboxId) return;
    markFailed(prisma, clock(), outboxId, describe(error)).catch((updateError: unknown) =>
      logger.error({ err: updateError, outboxId }, "could not mark outbox row failed"),
    );
  });
  logRedisErrors(worker, logger.child({ channel: sender.channel }), "outbound worker error");
  return worker;
}

/**
 * Whether a row just left waiting for its recipient can go after all: they wrote while it was
 * being left waiting. Released then (the release found it still pending), or released by
 * their message after it was (while this job still held it).
 */
async function releasedMeanwhile(
  prisma: PrismaClient,
  sender: ChannelSender,
  row: OutboxMessage,
  held: DeliveryError,
): Promise<boolean> {
  if (await sender.wroteSinceHeld?.(row.chatId, held)) {
    await prisma.outboxMessage.updateMany({
      where: { id: row.id, state: "waiting" },
      data: { state: "pending" },
    });
  }
  const now = await prisma.outboxMessage.findUnique({
    where: { id: row.id },
    select: { state: true },
  });
  return now?.state === "pending";
}

/**
 * Whether a message to the same chat must go before this row and is still to be delivered.
 * Within a lane a chat's messages go in order, an edit waits for the message it edits, and a
 * bulk message (a new card, a reminder) gives way to anything someone's action is waiting for
 * in that chat.
 */
async function waitsForEarlier(
  prisma: PrismaClient,
  queues: OutboundQueues,
  row: OutboxMessage,
): Promise<boolean> {
  const firstEdit =
    row.lane === "bulk"
      ? await prisma.outboxMessage.findFirst({
          where: { replacesId: row.id, state: "pending" },
          orderBy: { seq: "asc" },
          select: { seq: true },
        })
      : null;
  const overButPending: string[] = [];
  for (;;) {
    const earlier = await prisma.outboxMessage.findFirst({
      where: {
        channel: row.channel,
        chatId: row.chatId,
        state: "pending",
        ...(overButPending.length > 0 ? { id: { notIn: overButPending } } : {}),
        OR: [
          { lane: row.lane, seq: { lt: row.seq } },
          // An edit of this very message can only come after it...
          ...(row.lane === "bulk"
            ? [
                {
                  lane: "interactive" as const,
                  OR: [{ replacesId: null }, { replacesId: { not: row.id } }],
                  // ...and so can what was written after an edit of this message: that waits
                  // for the edit, which waits for this (a card verified before it was sent,
                  // then any other action in the chat, would otherwise wait forever).
                  ...(firstEdit ? { seq: { lt: firstEdit.seq } } : {}),
                },
              ]
            : []),
          ...(row.replacesId ? [{ id: row.replacesId }] : []),
        ],
      },
      orderBy: [{ lane: "asc" }, { seq: "asc" }],
      select: PENDING_OUTBOX,
    });
    if (!earlier) return false;
    if (await queues.stillQueued(earlier)) return true;
    // Its job ended after the row was read: delivered meanwhile, so a message between it and
    // this row may still be on its way; look again. A row still pending with its job over was
    // given up (it is being marked failed) and holds nothing back.
    const now = await prisma.outboxMessage.findUnique({
      where: { id: earlier.id },
      select: { state: true },
    });
    if (now?.state === "pending") overButPending.push(earlier.id);
  }
}

/**
 * Sends a row, or, when it updates an earlier message (a staff card), edits that message in
 * place. Updates can be delivered out of order under concurrency; an update older than one
 * already shown is dropped, so a card never goes back to a stale state.
 */
async function deliver(
  prisma: PrismaClient,
  sender: ChannelSender,
  row: OutboxMessage,
  message: OutboundMessage,
  context: SendContext,
): Promise<SendResult> {
  if (!row.replacesId) {
    const replyTo = row.purpose === "files" ? await cardIn(prisma, row) : undefined;
    return sender.send(row.chatId, message, { ...context, ...(replyTo ? { replyTo } : {}) });
  }
  const original = await prisma.outboxMessage.findUnique({
    where: { id: row.replacesId },
    select: { state: true, platformMessageId: true },
  });
  if (original?.state === "pending") {
    throw new Error("the message this update edits is not sent yet; retrying later");
  }
  const newer = await prisma.outboxMessage.count({
    where: { replacesId: row.replacesId, state: "sent", createdAt: { gt: row.createdAt } },
  });
  if (newer > 0)
    return original?.platformMessageId ? { platformMessageId: original.platformMessageId } : {};
  if (original?.state === "sent" && original.platformMessageId && sender.edit) {
    return sender.edit(row.chatId, original.platformMessageId, message);
  }
  return sender.send(row.chatId, message, context);
}

/**
 * The platform id of the report's latest card in this row's chat, which its files reply to.
 * The card was written before its files, in the same lane, so it is sent by now unless it
 * failed; the files then go on their own.
 */
async function cardIn(prisma: PrismaClient, row: OutboxMessage): Promise<string | undefined> {
  if (!row.reportId) return undefined;
  const card = await prisma.outboxMessage.findFirst({
    where: {
      reportId: row.reportId,
      channel: row.channel,
      chatId: row.chatId,
      purpose: "card",
      state: "sent",
      platformMessageId: { not: null },
    },
    orderBy: { seq: "desc" },
    select: { platformMessageId: true },
  });
  return card?.platformMessageId ?? undefined;
}
