import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Language } from "../messages.js";
import type { EventType, ReportKind, ReportStatus } from "../words.js";
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

  /**
   * Keeps the person's language for later messages (answers, reminders) and for when Redis
   * has forgotten it. Someone who never reported gets a reporter row holding just that, when
   * their private chat is known (`chatId`); in a group only an existing row is updated.
   */
  async setLanguage(
    reporter: ReporterIdentity,
    language: Language,
    chatId: string | undefined,
  ): Promise<void> {
    if (!chatId) {
      await this.prisma.reporter.updateMany({
        where: { channel: reporter.channel, externalId: reporter.externalId },
        data: { language },
      });
      return;
    }
    await this.prisma.reporter.upsert({
      where: {
        channel_externalId: { channel: reporter.channel, externalId: reporter.externalId },
      },
      create: { channel: reporter.channel, externalId: reporter.externalId, chatId, language },
      update: { language },
    });
  }

  /** The language kept with this person, or null when there is no reporter row. */
  async languageOf(reporter: ReporterIdentity): Promise<Language | null> {
    const row = await this.prisma.reporter.findUnique({
      where: {
        channel_externalId: { channel: reporter.channel, externalId: reporter.externalId },
      },
      select: { language: true },
    });
    return row?.language ?? null;
  }
}
