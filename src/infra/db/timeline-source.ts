import { readEventData, type ReportTimeline } from "../../core/reports/accountability.js";
import type { TimelineSource } from "../../core/reports/accountability-service.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/** Reports' timelines from PostgreSQL, for the accountability figures. */
export class PrismaTimelineSource implements TimelineSource {
  constructor(private readonly prisma: PrismaClient) {}

  async timelines(query: { from: Date; to: Date; asOf: Date }): Promise<ReportTimeline[]> {
    const rows = await this.prisma.report.findMany({
      where: { submittedAt: { gte: query.from, lt: query.to } },
      select: {
        id: true,
        submittedAt: true,
        categoryId: true,
        events: {
          where: { createdAt: { lt: query.asOf } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: {
            type: true,
            createdAt: true,
            actorType: true,
            public: true,
            text: true,
            data: true,
          },
        },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      submittedAt: row.submittedAt,
      categoryId: row.categoryId,
      events: row.events.map((event) => ({
        type: event.type,
        at: event.createdAt,
        actor: event.actorType,
        public: event.public,
        hasText: (event.text ?? "").trim() !== "",
        ...readEventData(event.data),
      })),
    }));
  }
}
