import type { ChannelName } from "../core/messages.js";
import type { PendingOutbox } from "../core/reports/outbox.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { PENDING_OUTBOX } from "../infra/db/outbox-rows.js";

/**
 * What becomes of an outbox row after a delivery attempt, beyond "sent": failed for good,
 * waiting for the recipient to write again, released when they do, and the receipts a platform
 * reports later. Each change and the note staff see on the report's timeline are written in one
 * transaction, so staff never see one without the other.
 */

async function noteOnTimeline(
  tx: Prisma.TransactionClient,
  row: { reportId: string | null; purpose: string },
  type: "delivery_failed" | "delivery_waiting",
  text: string,
  at: Date,
): Promise<void> {
  if (!row.reportId) return;
  await tx.reportEvent.create({
    data: {
      reportId: row.reportId,
      type,
      actorType: "system",
      public: false,
      text,
      data: { purpose: row.purpose },
      createdAt: at,
    },
  });
}

export async function markFailed(
  prisma: PrismaClient,
  at: Date,
  outboxId: string,
  reason: string,
  attempt: Prisma.OutboxMessageUpdateInput = {},
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // A failure told twice (Meta repeats a status; a last attempt is failed by its job and by
    // the worker's failed event) keeps its first reason and is one line on the timeline.
    const [row] = await tx.outboxMessage.updateManyAndReturn({
      where: { id: outboxId, state: { not: "failed" } },
      // The reason is kept on the row too, where /lihat reads it: a failure Meta reports
      // after the send (a status webhook) had it on the timeline only.
      data: { ...attempt, state: "failed", lastError: reason },
      select: { reportId: true, purpose: true },
    });
    if (row) await noteOnTimeline(tx, row, "delivery_failed", reason, at);
  });
}

/** The platform delivers it only once the recipient writes again: it waits for that. */
export async function markWaiting(
  prisma: PrismaClient,
  at: Date,
  outboxId: string,
  reason: string,
): Promise<{ reportId: string | null; purpose: string } | undefined> {
  return prisma.$transaction(async (tx) => {
    // A row failed meanwhile (its recipient erased) stays failed: nobody is waited for.
    const [row] = await tx.outboxMessage.updateManyAndReturn({
      where: { id: outboxId, state: { not: "failed" } },
      data: { state: "waiting", attempts: { increment: 1 }, lastError: reason },
      select: { reportId: true, purpose: true },
    });
    if (row) await noteOnTimeline(tx, row, "delivery_waiting", reason, at);
    return row;
  });
}

/** The recipient wrote: what waited for them is pending again, to be queued. */
export async function releaseWaiting(
  prisma: PrismaClient,
  channel: ChannelName,
  chatId: string,
): Promise<PendingOutbox[]> {
  return prisma.outboxMessage.updateManyAndReturn({
    where: { channel, chatId, state: "waiting" },
    data: { state: "pending" },
    select: PENDING_OUTBOX,
  });
}

/** A receipt from the platform: delivered to the phone, or read (which implies delivered). */
export async function recordReceipt(
  prisma: PrismaClient,
  message: { channel: ChannelName; chatId: string; platformMessageId: string },
  receipt: "delivered" | "read",
  at: Date,
): Promise<void> {
  const where = { ...message };
  // Receipts arrive out of order and more than once: the first time of each counts.
  await prisma.outboxMessage.updateMany({
    where: { ...where, deliveredAt: null },
    data: { deliveredAt: at },
  });
  if (receipt === "read") {
    await prisma.outboxMessage.updateMany({
      where: { ...where, readAt: null },
      data: { readAt: at },
    });
  }
}

/** The outbox row a platform's later report is about, by the id the platform gave it. */
export async function rowOf(
  prisma: PrismaClient,
  message: { channel: ChannelName; chatId: string; platformMessageId: string },
): Promise<(PendingOutbox & { state: string }) | undefined> {
  return (
    (await prisma.outboxMessage.findFirst({
      where: message,
      select: { ...PENDING_OUTBOX, state: true },
    })) ?? undefined
  );
}
