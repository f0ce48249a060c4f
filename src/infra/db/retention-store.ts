import type { RetentionStore } from "../../core/privacy/retention.js";
import { OPEN_STATUSES } from "../../core/reports/lifecycle.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { ERASURE_TRANSACTION, eraseReporter } from "./privacy-store.js";

/**
 * When a report closed: resolvedAt for a done report; for one rejected, the last change of the
 * closed report (the rejection, or a later rating), which is never earlier than the close.
 */
const closedBefore = (cutoff: Date) => ({
  status: { notIn: [...OPEN_STATUSES] },
  OR: [{ resolvedAt: { lt: cutoff } }, { resolvedAt: null, updatedAt: { lt: cutoff } }],
});

const closedSince = (cutoff: Date) => ({
  OR: [
    { status: { in: [...OPEN_STATUSES] } },
    { resolvedAt: { gte: cutoff } },
    { resolvedAt: null, updatedAt: { gte: cutoff } },
  ],
});

/** RetentionStore on PostgreSQL. */
export class PrismaRetentionStore implements RetentionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async expireIdentities(cutoff: Date, at: Date): Promise<number> {
    const due = await this.prisma.reporter.findMany({
      // Reporters, and supporters of someone else's report ("me too"), whose every report
      // closed before the cutoff.
      where: {
        erasedAt: null,
        OR: [{ reports: { some: {} } }, { supports: { some: {} } }],
        reports: { none: closedSince(cutoff) },
        supports: { none: { report: closedSince(cutoff) } },
      },
      select: { id: true },
    });
    for (const reporter of due) {
      // One transaction per person: a failure leaves the others erased and is retried tomorrow.
      await this.prisma.$transaction(
        (tx) => eraseReporter(tx, reporter.id, "retention", at),
        ERASURE_TRANSACTION,
      );
    }
    const { count: unused } = await this.prisma.reporter.deleteMany({
      where: { reports: { none: {} }, supports: { none: {} }, updatedAt: { lt: cutoff } },
    });
    return due.length + unused;
  }

  async expireMedia(cutoff: Date, at: Date): Promise<{ rows: number; unusedPaths: string[] }> {
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.attachment.findMany({
        where: { deletedAt: null, report: closedBefore(cutoff) },
        select: { id: true, storagePath: true },
      });
      if (due.length === 0) return { rows: 0, unusedPaths: [] };
      await tx.attachment.updateMany({
        where: { id: { in: due.map((row) => row.id) } },
        data: { deletedAt: at },
      });
      const paths = [...new Set(due.map((row) => row.storagePath))];
      const stillUsed = await tx.attachment.findMany({
        where: { storagePath: { in: paths }, deletedAt: null },
        select: { storagePath: true },
      });
      const kept = new Set(stillUsed.map((row) => row.storagePath));
      return { rows: due.length, unusedPaths: paths.filter((path) => !kept.has(path)) };
    });
  }

  async usedStoragePaths(): Promise<Set<string>> {
    const rows = await this.prisma.attachment.findMany({
      where: { deletedAt: null },
      distinct: ["storagePath"],
      select: { storagePath: true },
    });
    return new Set(rows.map((row) => row.storagePath));
  }

  async forgetErasureRequests(before: Date): Promise<number> {
    const { count } = await this.prisma.erasureRequest.deleteMany({
      where: { requestedAt: { lt: before } },
    });
    return count;
  }
}
