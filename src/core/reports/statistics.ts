import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { ReportStatus } from "../words.js";
import type { WorkingCalendar } from "../time/working-days.js";
import { systemClock, type Clock } from "../time/clock.js";

/** The national evaluation's target: at least 90% of received reports resolved. */
export const RESOLUTION_TARGET = 0.9;

export interface StatisticsQuery {
  /** Reports submitted from this instant (inclusive)… */
  readonly from: Date;
  /** …up to this instant (exclusive). */
  readonly to: Date;
  readonly agencyId?: string;
}

/** Accountability figures for one set of reports, as the SP4N-LAPOR! evaluation counts them. */
export interface Figures {
  readonly received: number;
  readonly verified: number;
  readonly routed: number;
  readonly followedUp: number;
  readonly resolved: number;
  /** resolved / received; null without reports. */
  readonly resolutionRate: number | null;
  /** Of the routed reports whose deadline has come, the share answered by it; null if none. */
  readonly answeredInTime: number | null;
  readonly medianHoursToVerification: number | null;
  readonly medianHoursToFirstAnswer: number | null;
  readonly averageRating: number | null;
  readonly ratings: number;
}

export interface Statistics {
  readonly query: StatisticsQuery;
  readonly overall: Figures;
  /** Keyed by agency id; reports not routed yet are under null. */
  readonly byAgency: ReadonlyMap<string | null, Figures>;
  readonly byCategory: ReadonlyMap<string | null, Figures>;
}

interface Row {
  readonly status: ReportStatus;
  readonly agencyId: string | null;
  readonly categoryId: string | null;
  readonly submittedAt: Date;
  readonly verifiedAt: Date | null;
  readonly routedAt: Date | null;
  readonly firstAnsweredAt: Date | null;
  readonly rating: number | null;
}

const HOUR = 60 * 60 * 1000;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Computes the figures every desk is judged by, for reports submitted in a period: how many
 * were received, verified, routed, followed up and resolved, the resolution rate against the
 * 90% target, the share answered within the follow-up deadline, median times and ratings.
 */
export class ReportStatistics {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly calendar: WorkingCalendar,
    private readonly followUpDays: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async compute(query: StatisticsQuery): Promise<Statistics> {
    const where: Prisma.ReportWhereInput = {
      submittedAt: { gte: query.from, lt: query.to },
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    };
    const rows: Row[] = await this.prisma.report.findMany({
      where,
      select: {
        status: true,
        agencyId: true,
        categoryId: true,
        submittedAt: true,
        verifiedAt: true,
        routedAt: true,
        firstAnsweredAt: true,
        rating: true,
      },
    });
    return {
      query,
      overall: this.figures(rows),
      byAgency: this.grouped(rows, (row) => row.agencyId),
      byCategory: this.grouped(rows, (row) => row.categoryId),
    };
  }

  private grouped(
    rows: readonly Row[],
    key: (row: Row) => string | null,
  ): ReadonlyMap<string | null, Figures> {
    const groups = new Map<string | null, Row[]>();
    for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return new Map(
      [...groups.entries()]
        .sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""))
        .map(([group, members]) => [group, this.figures(members)]),
    );
  }

  private figures(rows: readonly Row[]): Figures {
    const now = this.clock();
    // Routing a report verifies it: the desk only routes what it accepted.
    const verified = rows.filter((row) => row.verifiedAt ?? row.routedAt);
    const routed = rows.filter((row) => row.routedAt);
    const answered = rows.filter((row) => row.firstAnsweredAt);
    let dueByNow = 0;
    let inTime = 0;
    for (const row of routed) {
      if (!row.routedAt) continue;
      const due = this.calendar.deadline(row.routedAt, this.followUpDays);
      if (row.firstAnsweredAt && row.firstAnsweredAt <= due) {
        dueByNow++;
        inTime++;
      } else if (row.firstAnsweredAt || due < now) {
        dueByNow++;
      }
    }
    const rated = rows.flatMap((row) => (row.rating === null ? [] : [row.rating]));
    const hoursSinceSubmission = (row: Row, at: Date | null) =>
      at ? (at.getTime() - row.submittedAt.getTime()) / HOUR : undefined;
    return {
      received: rows.length,
      verified: verified.length,
      routed: routed.length,
      followedUp: answered.length,
      resolved: rows.filter((row) => row.status === "done").length,
      resolutionRate: ratio(rows.filter((row) => row.status === "done").length, rows.length),
      answeredInTime: ratio(inTime, dueByNow),
      medianHoursToVerification: median(
        verified.flatMap((row) => hoursSinceSubmission(row, row.verifiedAt ?? row.routedAt) ?? []),
      ),
      medianHoursToFirstAnswer: median(
        answered.flatMap((row) => hoursSinceSubmission(row, row.firstAnsweredAt) ?? []),
      ),
      averageRating: rated.length === 0 ? null : rated.reduce((a, b) => a + b, 0) / rated.length,
      ratings: rated.length,
    };
  }
}
