import type { Language } from "../../core/messages.js";
import type {
  ReportListItem,
  ReportQueries,
  ReportStatusView,
  ReporterIdentity,
} from "../../core/reports/report-queries.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { redactIdentity, redactReporterText } from "../../core/reports/redaction.js";
import { CallBatch, inOrder } from "../call-batch.js";
import { askedAccounts } from "./asked-accounts.js";

/** The reporter account, as a Prisma filter (and, wrapped, its unique key). */
export const owner = (reporter: ReporterIdentity) => ({
  channel: reporter.channel,
  externalId: reporter.externalId,
});

/** What redactIdentity blanks out of a report someone else reads. */
const IDENTITY = {
  channel: true,
  externalId: true,
  displayName: true,
  username: true,
  phone: true,
} as const;

const sameAccount = (a: ReporterIdentity, b: ReporterIdentity) =>
  a.channel === b.channel && a.externalId === b.externalId;

/** ReportQueries on PostgreSQL: a reporter's own reports (and supported ones), and their language. */
export class PrismaReportQueries implements ReportQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async statusFor(
    reporter: ReporterIdentity,
    trackingCode: string,
  ): Promise<ReportStatusView | undefined> {
    const report = await this.prisma.report.findFirst({
      where: {
        trackingCode,
        // Their own report, or one they support ("me too"), whose news they are sent.
        OR: [
          { reporter: owner(reporter) },
          { supporters: { some: { reporter: owner(reporter) } } },
        ],
      },
      include: {
        events: {
          where: { public: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { type: true, text: true, createdAt: true, actorType: true },
        },
        reporter: { select: IDENTITY },
      },
    });
    if (!report) return undefined;
    const own = sameAccount(report.reporter, reporter);
    if (!own && report.confidential) return undefined;
    // A supporter reads what the public pages show: the reporter blanked out of the texts, and
    // the reporter's own words (information added, a rating's comment) left out.
    const shown = (text: string) => (own ? text : redactIdentity(text, report.reporter));
    return {
      trackingCode: report.trackingCode,
      title: own ? report.title : redactReporterText(report.title, report.reporter),
      kind: report.kind,
      status: report.status,
      categoryId: report.categoryId,
      agencyId: report.agencyId,
      submittedAt: report.submittedAt,
      timeline: report.events.map((event) => ({
        type: event.type,
        text:
          event.text === null || (!own && event.actorType === "reporter")
            ? null
            : shown(event.text),
        at: event.createdAt,
      })),
    };
  }

  async recentFor(reporter: ReporterIdentity, limit: number): Promise<ReportListItem[]> {
    const rows = await this.prisma.report.findMany({
      where: {
        OR: [
          { reporter: owner(reporter) },
          { supporters: { some: { reporter: owner(reporter) } }, confidential: false },
        ],
      },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: {
        trackingCode: true,
        title: true,
        status: true,
        reporter: { select: IDENTITY },
      },
    });
    return rows.map((row) => {
      const supported = !sameAccount(row.reporter, reporter);
      return {
        trackingCode: row.trackingCode,
        title: supported ? redactReporterText(row.title, row.reporter) : row.title,
        status: row.status,
        supported,
      };
    });
  }

  async setLanguage(
    reporter: ReporterIdentity,
    language: Language,
    chatId: string | undefined,
  ): Promise<void> {
    if (!chatId) {
      await this.prisma.reporter.updateMany({ where: owner(reporter), data: { language } });
      return;
    }
    await this.prisma.reporter.upsert({
      where: { channel_externalId: owner(reporter) },
      create: { ...owner(reporter), chatId, language },
      update: { language },
    });
  }

  // Read at the first message of everyone Redis does not know, so by every citizen of a burst:
  // one prepared statement for the asks of a busy moment (Prisma's own batching of findUnique
  // compiled a new query for each number of asks it joined).
  private readonly languages = new CallBatch<ReporterIdentity, Language | null>(
    async (accounts) => {
      const rows = await this.prisma.$queryRaw<{ position: number; language: Language | null }[]>`
        /* prepared: reporter-languages */
        SELECT account.position::int AS position, r.language::text AS language
        FROM ${askedAccounts(accounts)}
        JOIN reporters r ON r.channel = account.channel::"Channel"
          AND r.external_id = account.external_id`;
      return inOrder(accounts.length, rows).map(([row]) => row?.language ?? null);
    },
  );

  async languageOf(reporter: ReporterIdentity): Promise<Language | null> {
    return this.languages.run(reporter);
  }
}
