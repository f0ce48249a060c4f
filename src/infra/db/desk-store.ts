import type {
  AnswerTemplate,
  DeskStore,
  InboxItem,
  InboxQuery,
  ReporterDelivery,
  TimelineEntry,
} from "../../core/desk/desk-store.js";
import type { Recipient } from "../../core/reports/outbox.js";
import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/** DeskStore on PostgreSQL through Prisma. */
export class PrismaDeskStore implements DeskStore {
  constructor(private readonly prisma: PrismaClient) {}

  async inbox(query: InboxQuery): Promise<{ total: number; items: InboxItem[] }> {
    const where = {
      status: { in: [...query.statuses] },
      ...(query.agencyId !== undefined ? { agencyId: query.agencyId } : {}),
    };
    const [total, items] = await Promise.all([
      this.prisma.report.count({ where }),
      this.prisma.report.findMany({
        where,
        orderBy: [
          query.dueBy === "verify"
            ? { verifyDueAt: { sort: "asc", nulls: "last" } }
            : { followUpDueAt: { sort: "asc", nulls: "last" } },
          { submittedAt: "asc" },
        ],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          trackingCode: true,
          title: true,
          status: true,
          verifyDueAt: true,
          followUpDueAt: true,
          anonymous: true,
          confidential: true,
        },
      }),
    ]);
    return { total, items };
  }

  async timeline(reportId: string): Promise<TimelineEntry[]> {
    const events = await this.prisma.reportEvent.findMany({
      where: { reportId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const staffIds = [
      ...new Set(
        events.flatMap((event) =>
          event.actorType === "staff" && event.actorId ? [event.actorId] : [],
        ),
      ),
    ];
    const staff = await this.prisma.staff.findMany({
      where: { id: { in: staffIds } },
      select: { id: true, displayName: true, username: true },
    });
    const names = new Map(
      staff.map((member) => [
        member.id,
        member.displayName ?? (member.username ? `@${member.username}` : null),
      ]),
    );
    return events.map((event) => ({
      at: event.createdAt,
      type: event.type,
      actorType: event.actorType,
      staffName: event.actorType === "staff" ? (names.get(event.actorId ?? "") ?? null) : null,
      public: event.public,
      text: event.text,
      attachments: attachmentCount(event.data),
    }));
  }

  async reporterDeliveries(reportId: string): Promise<ReporterDelivery[]> {
    const rows = await this.prisma.outboxMessage.findMany({
      where: {
        reportId,
        OR: [{ purpose: "confirmation" }, { purpose: { startsWith: "update:" } }],
      },
      orderBy: { seq: "asc" },
      select: {
        purpose: true,
        createdAt: true,
        state: true,
        sentAt: true,
        deliveredAt: true,
        readAt: true,
        lastError: true,
      },
    });
    return rows.map(({ createdAt, ...row }) => ({ ...row, writtenAt: createdAt }));
  }

  async quoted(
    chat: Recipient,
    platformMessageId: string,
  ): Promise<{ trackingCode: string; purpose: string } | undefined> {
    const row = await this.prisma.outboxMessage.findFirst({
      where: {
        channel: chat.channel,
        chatId: chat.chatId,
        platformMessageId,
        reportId: { not: null },
      },
      select: { purpose: true, report: { select: { trackingCode: true } } },
    });
    return row?.report
      ? { trackingCode: row.report.trackingCode, purpose: row.purpose }
      : undefined;
  }

  async reporterId(reporter: ReporterIdentity): Promise<string | undefined> {
    const row = await this.prisma.reporter.findUnique({
      where: {
        channel_externalId: { channel: reporter.channel, externalId: reporter.externalId },
      },
      select: { id: true },
    });
    return row?.id;
  }

  async templates(): Promise<AnswerTemplate[]> {
    return this.prisma.answerTemplate.findMany({
      orderBy: { name: "asc" },
      select: { name: true, text: true },
    });
  }

  async template(name: string): Promise<AnswerTemplate | undefined> {
    return (
      (await this.prisma.answerTemplate.findUnique({
        where: { name },
        select: { name: true, text: true },
      })) ?? undefined
    );
  }

  async saveTemplate(template: AnswerTemplate, createdBy: string): Promise<void> {
    await this.prisma.answerTemplate.upsert({
      where: { name: template.name },
      create: { ...template, createdBy },
      update: { text: template.text },
    });
  }

  async removeTemplate(name: string): Promise<boolean> {
    const { count } = await this.prisma.answerTemplate.deleteMany({ where: { name } });
    return count > 0;
  }
}

/** The number of files an event added (the workflow writes `attachments` into its data). */
function attachmentCount(data: unknown): number {
  if (typeof data !== "object" || data === null || !("attachments" in data)) return 0;
  const count = data.attachments;
  return typeof count === "number" ? count : 0;
}
