import type { PrismaClient } from "../../generated/prisma/client.js";
import type {
  EventType,
  Language,
  ReportKind,
  ReportStatus,
} from "../../generated/prisma/enums.js";
import type { ChannelName } from "../messages.js";

export interface ReporterIdentity {
  readonly channel: ChannelName;
  readonly externalId: string;
}

export interface ReportStatusView {
  readonly trackingCode: string;
  readonly title: string;
  readonly kind: ReportKind;
  readonly status: ReportStatus;
  readonly categoryId: string | null;
  readonly agencyId: string | null;
  readonly submittedAt: Date;
  readonly timeline: readonly { type: EventType; text: string | null; at: Date }[];
}

export interface ReportListItem {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
}

/** What reporters may read about their own reports, and nothing about anyone else's. */
export class ReportQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** The report with this code when it belongs to this reporter; undefined otherwise. */
  async statusFor(
    reporter: ReporterIdentity,
    trackingCode: string,
  ): Promise<ReportStatusView | undefined> {
    const report = await this.prisma.report.findFirst({
      where: {
        trackingCode,
        reporter: { channel: reporter.channel, externalId: reporter.externalId },
      },
      include: {
        events: {
          where: { public: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { type: true, text: true, createdAt: true },
        },
      },
    });
    if (!report) return undefined;
    return {
      trackingCode: report.trackingCode,
      title: report.title,
      kind: report.kind,
      status: report.status,
      categoryId: report.categoryId,
      agencyId: report.agencyId,
      submittedAt: report.submittedAt,
      timeline: report.events.map((event) => ({
        type: event.type,
        text: event.text,
        at: event.createdAt,
      })),
    };
  }

  async recentFor(reporter: ReporterIdentity, limit: number): Promise<ReportListItem[]> {
    return this.prisma.report.findMany({
      where: { reporter: { channel: reporter.channel, externalId: reporter.externalId } },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { trackingCode: true, title: true, status: true },
    });
  }

  /** Keeps the reporter's language for later messages (answers, reminders) in step with /bahasa. */
  async setLanguage(reporter: ReporterIdentity, language: Language): Promise<void> {
    await this.prisma.reporter.updateMany({
      where: { channel: reporter.channel, externalId: reporter.externalId },
      data: { language },
    });
  }
}
