import type { Catalog } from "../../config/catalog.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Language } from "../messages.js";
import { PENDING_OUTBOX, type PendingOutbox } from "./intake-service.js";
import { CARD_INCLUDE, renderBatch, renderCard, type StaffChat } from "./staff-cards.js";

export interface DeskBatchOptions {
  readonly catalog: Catalog;
  readonly deskChat: StaffChat;
  readonly staffLanguage: Language;
  readonly timeZone: string;
}

/**
 * Shows the desk the reports that arrived while it was busy (see ReportIntake): one message
 * listing them, or the card itself when only one waits. Each report is shown once, even when
 * two workers flush at the same moment.
 */
export class DeskBatches {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: DeskBatchOptions,
  ) {}

  /** Whether any report waits to be shown (to schedule a flush after a restart). */
  async waiting(): Promise<boolean> {
    return (await this.prisma.report.count({ where: { deskBatchPending: true }, take: 1 })) > 0;
  }

  async flush(): Promise<PendingOutbox[]> {
    const { deskChat: desk, catalog, staffLanguage: language } = this.options;
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM reports WHERE desk_batch_pending
        ORDER BY submitted_at FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return [];
      const ids = locked.map((row) => row.id);
      await tx.report.updateMany({ where: { id: { in: ids } }, data: { deskBatchPending: false } });
      const reports = await tx.report.findMany({
        where: { id: { in: ids } },
        orderBy: { submittedAt: "asc" },
        include: CARD_INCLUDE,
      });
      const only = reports.length === 1 ? reports[0] : undefined;
      const row = (data: Omit<Prisma.OutboxMessageUncheckedCreateInput, "channel" | "chatId">) =>
        tx.outboxMessage.create({
          data: { channel: desk.channel, chatId: desk.chatId, lane: "bulk", ...data },
          select: PENDING_OUTBOX,
        });
      if (only) {
        const card = renderCard(only, { ...this.options, language, forDesk: true });
        return [
          await row({
            purpose: "card",
            payload: card as unknown as Prisma.InputJsonObject,
            reportId: only.id,
          }),
        ];
      }
      const batch = renderBatch(reports, { catalog, language });
      return [
        await row({ purpose: "card_batch", payload: batch as unknown as Prisma.InputJsonObject }),
      ];
    });
  }
}
