import type { RetentionStore } from "../../core/privacy/retention.js";
import { OPEN_STATUSES } from "../../core/reports/lifecycle.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { eraseReporter } from "./privacy-store.js";

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

/**
 * Reporters, and supporters of someone else's report ("me too"), whose every report closed
 * before the cutoff.
 */
const dueForErasure = (cutoff: Date) => ({
  erasedAt: null,
  OR: [{ reports: { some: {} } }, { supports: { some: {} } }],
  reports: { none: closedSince(cutoff) },
  supports: { none: { report: closedSince(cutoff) } },
});

/** RetentionStore on PostgreSQL. */
export class PrismaRetentionStore implements RetentionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async expireIdentities(cutoff: Date, at: Date): Promise<number> {
    const due = await this.prisma.reporter.findMany({
      where: dueForErasure(cutoff),
      select: { id: true },
    });
    let erased = 0;
    for (const reporter of due) {
      // One transaction per person: a failure leaves the others erased and is retried tomorrow.
      const went = await this.prisma.$transaction(async (tx) => {
        // Their reports and supported reports locked, then their own row, in the order staff
        // actions, "me too" and filing a report lock them; then asked again: a report filed or
        // reopened since the list was read keeps them.
        await tx.$queryRaw`
          SELECT id FROM reports
          WHERE reporter_id = ${reporter.id}::uuid
            OR id IN (SELECT report_id FROM report_supporters WHERE reporter_id = ${reporter.id}::uuid)
          ORDER BY id FOR UPDATE`;
        await tx.$queryRaw`SELECT id FROM reporters WHERE id = ${reporter.id}::uuid FOR UPDATE`;
        const still = await tx.reporter.count({
          where: { id: reporter.id, ...dueForErasure(cutoff) },
        });
        if (still === 0) return false;
        await eraseReporter(tx, reporter.id, "retention", at);
        return true;
      });
      if (went) erased++;
    }
    const { count: unused } = await this.prisma.reporter.deleteMany({
      where: { reports: { none: {} }, supports: { none: {} }, updatedAt: { lt: cutoff } },
    });
    return erased + unused;
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
