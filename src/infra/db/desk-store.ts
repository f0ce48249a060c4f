import type {
  AnswerTemplate,
  DeskStore,
  InboxItem,
  InboxQuery,
  QuotedMessage,
  ReporterDelivery,
  TimelineEntry,
} from "../../core/desk/desk-store.js";
import { flattenChoices, outboundMessageSchema } from "../../core/messages.js";
import type { Recipient } from "../../core/reports/outbox.js";
import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { appendAudit } from "./audit-store.js";

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
          holdDueAt: true,
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
    const report = await this.prisma.report.findUnique({
      where: { id: reportId },
      select: { submissionId: true },
    });
    const rows = await this.prisma.outboxMessage.findMany({
      where: {
        // The confirmation told at Kirim may have been recorded before the report was stored.
        OR: [
          { reportId, purpose: { startsWith: "update:" } },
          { reportId, purpose: "confirmation" },
          ...(report
            ? [{ reportId: null, submissionId: report.submissionId, purpose: "confirmation" }]
            : []),
        ],
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
    const deliveries = rows.map(({ createdAt, ...row }) => ({ ...row, writtenAt: createdAt }));
    if (!deliveries.some(unexplained)) return deliveries;
    // A failure recorded before markFailed kept its reason on the row has it on the timeline
    // only, noted with the message's purpose.
    const notes = await this.prisma.reportEvent.findMany({
      where: { reportId, type: "delivery_failed", text: { not: null } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { createdAt: true, text: true, data: true },
    });
    return reasonsFromTimeline(deliveries, notes);
  }

  async quoted(chat: Recipient, platformMessageId: string): Promise<QuotedMessage | undefined> {
    const row = await this.prisma.outboxMessage.findFirst({
      where: {
        channel: chat.channel,
        chatId: chat.chatId,
        // A message sent in parts is quoted by whichever part the person answered.
        OR: [{ platformMessageId }, { partMessageIds: { has: platformMessageId } }],
        AND: {
          OR: [
            { reportId: { not: null } },
            { submissionId: { not: null } },
            { purpose: "card_batch" },
          ],
        },
      },
      // Platforms reuse no id in a chat, but two rows may name one (a redraw edits in place).
      orderBy: { seq: "desc" },
      select: {
        purpose: true,
        payload: true,
        submissionId: true,
        report: { select: { trackingCode: true } },
      },
    });
    if (!row) return undefined;
    // The options as that very message showed them: a number typed in reply picks from these.
    const message = outboundMessageSchema.safeParse(row.payload);
    const choices = message.success ? flattenChoices(message.data) : [];
    if (row.purpose === "card_batch") return { kind: "batch", choices };
    // A confirmation recorded before its report was stored is linked by its submission.
    const report =
      row.report ??
      (row.submissionId
        ? await this.prisma.report.findUnique({
            where: { submissionId: row.submissionId },
            select: { trackingCode: true },
          })
        : null);
    if (!report) return undefined;
    return { kind: "report", trackingCode: report.trackingCode, purpose: row.purpose, choices };
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
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.answerTemplate.findUnique({
        where: { name: template.name },
        select: { text: true },
      });
      await tx.answerTemplate.upsert({
        where: { name: template.name },
        create: { ...template, createdBy },
        update: { text: template.text },
      });
      await appendAudit(tx, {
        action: "template_saved",
        actorId: createdBy,
        subject: template.name,
        data: { text: template.text, ...(before ? { previousText: before.text } : {}) },
      });
    });
  }

  async removeTemplate(name: string, removedBy: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const removed = await tx.answerTemplate.findUnique({
        where: { name },
        select: { text: true },
      });
      if (!removed) return false;
      await tx.answerTemplate.delete({ where: { name } });
      await appendAudit(tx, {
        action: "template_removed",
        actorId: removedBy,
        subject: name,
        data: { text: removed.text },
      });
      return true;
    });
  }
}

const unexplained = (delivery: ReporterDelivery) =>
  delivery.state === "failed" && delivery.lastError === null;

function purposeOf(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || !("purpose" in data)) return undefined;
  return typeof data.purpose === "string" ? data.purpose : undefined;
}

/**
 * Each failed message without a reason takes the timeline's failure note of its purpose that
 * came first after it was written, once the notes of failures whose row has the reason are
 * set aside (several answers to one report share the purpose update:reply).
 */
function reasonsFromTimeline(
  deliveries: readonly ReporterDelivery[],
  notes: readonly { createdAt: Date; text: string | null; data: unknown }[],
): ReporterDelivery[] {
  const left = [...notes];
  const take = (matches: (note: (typeof notes)[number]) => boolean) => {
    const index = left.findIndex(matches);
    return index < 0 ? undefined : left.splice(index, 1)[0];
  };
  for (const delivery of deliveries) {
    if (delivery.state !== "failed" || delivery.lastError === null) continue;
    take((note) => purposeOf(note.data) === delivery.purpose && note.text === delivery.lastError);
  }
  return deliveries.map((delivery) => {
    if (!unexplained(delivery)) return delivery;
    const note = take(
      (note) => purposeOf(note.data) === delivery.purpose && note.createdAt >= delivery.writtenAt,
    );
    return note?.text ? { ...delivery, lastError: note.text } : delivery;
  });
}

/** The number of files an event added (the workflow writes `attachments` into its data). */
function attachmentCount(data: unknown): number {
  if (typeof data !== "object" || data === null || !("attachments" in data)) return 0;
  const count = data.attachments;
  return typeof count === "number" ? count : 0;
}
