import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { MediaStore } from "../../core/media/media-store.js";
import type { Accountability } from "../../core/reports/accountability.js";
import type { AccountabilityReports } from "../../core/reports/accountability-service.js";
import { redactReporterText, type ReporterIdentity } from "../../core/reports/redaction.js";
import type {
  PageRequest,
  PublicPhoto,
  PublicReportDetail,
  PublicReportFilter,
  PublicReportPage,
  PublicReportSource,
} from "../../http/public/report-source.js";
import { latestStaffNote, publicTimeline } from "../../http/public/timeline.js";

/** Public: not rahasia, and looked at by the desk (verified, or routed, which verifies). */
const PUBLIC: Prisma.ReportWhereInput = {
  confidential: false,
  OR: [{ verifiedAt: { not: null } }, { routedAt: { not: null } }],
};

/** Photos published and still kept, in the order they were attached: numbered 1, 2, … */
const PUBLIC_PHOTOS = {
  where: { public: true, kind: "photo", deletedAt: null },
  orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  select: { mime: true, storagePath: true, sha256: true },
} satisfies Prisma.Report$attachmentsArgs;

const REPORT_SELECT = {
  trackingCode: true,
  kind: true,
  title: true,
  description: true,
  status: true,
  categoryId: true,
  agencyId: true,
  submittedAt: true,
  followUpDueAt: true,
  eventDate: true,
  latitude: true,
  longitude: true,
  address: true,
  confidential: true,
  attachments: PUBLIC_PHOTOS,
  _count: { select: { supporters: true } },
  // Read only to blank the reporter out of the texts; never returned.
  reporter: { select: { displayName: true, username: true, phone: true, externalId: true } },
  events: {
    where: { public: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { type: true, actorType: true, public: true, text: true, createdAt: true },
  },
} satisfies Prisma.ReportSelect;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof REPORT_SELECT }>;

function toDetail(row: ReportRow): PublicReportDetail {
  const identity: ReporterIdentity = row.reporter;
  const redact = (text: string) => redactReporterText(text, identity);
  const timeline = publicTimeline(row.events, identity);
  const latest = timeline.at(-1)?.at;
  return {
    code: row.trackingCode,
    kind: row.kind,
    title: redact(row.title),
    description: redact(row.description),
    status: row.status,
    categoryId: row.categoryId,
    agencyId: row.agencyId,
    submittedAt: row.submittedAt,
    updatedAt: latest && latest > row.submittedAt ? latest : row.submittedAt,
    answerDueAt: row.followUpDueAt,
    eventDate: row.eventDate,
    location:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude }
        : null,
    address: row.address === null ? null : redact(row.address),
    statusNote: latestStaffNote(timeline),
    photoIds: row.attachments.map((_photo, index) => String(index + 1)),
    confidential: row.confidential,
    supporters: row._count.supporters,
    timeline,
  };
}

/** The public side's reads, from PostgreSQL: what `PublicReportSource` promises, and no more. */
export class PrismaPublicReportSource implements PublicReportSource {
  constructor(
    private readonly prisma: PrismaClient,
    /** The figures /statistik shows, so the public page and the desk never disagree. */
    private readonly figures: Pick<AccountabilityReports, "view">,
    /** Where the photos are kept. */
    private readonly media: Pick<MediaStore, "read">,
  ) {}

  async list(filter: PublicReportFilter, page: PageRequest): Promise<PublicReportPage> {
    const where: Prisma.ReportWhereInput = {
      AND: [
        PUBLIC,
        {
          ...(filter.statuses ? { status: { in: [...filter.statuses] } } : {}),
          ...(filter.categoryIds ? { categoryId: { in: [...filter.categoryIds] } } : {}),
          ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
          ...(filter.codes ? { trackingCode: { in: [...filter.codes] } } : {}),
          ...(filter.submitted
            ? { submittedAt: { gte: filter.submitted.from, lt: filter.submitted.to } }
            : {}),
        },
      ],
    };
    // Not one transaction: inside one, Prisma loads a report's relations side by side on the
    // transaction's single connection, which node-postgres queues (and refuses from pg 9). A
    // total off by a report filed in between is harmless on a public list.
    const [total, rows] = await Promise.all([
      this.prisma.report.count({ where }),
      this.prisma.report.findMany({
        where,
        orderBy: [{ submittedAt: "desc" }, { trackingCode: "asc" }],
        skip: page.offset,
        take: page.limit,
        select: REPORT_SELECT,
      }),
    ]);
    return { total, reports: rows.map(toDetail) };
  }

  async byCode(code: string): Promise<PublicReportDetail | undefined> {
    const row = await this.prisma.report.findFirst({
      where: { AND: [PUBLIC, { trackingCode: code }] },
      select: REPORT_SELECT,
    });
    return row ? toDetail(row) : undefined;
  }

  async photo(code: string, photoId: string): Promise<PublicPhoto | undefined> {
    const position = /^[1-9][0-9]{0,2}$/.test(photoId) ? Number(photoId) : undefined;
    if (position === undefined) return undefined;
    const row = await this.prisma.report.findFirst({
      where: { AND: [PUBLIC, { trackingCode: code }] },
      select: { attachments: { ...PUBLIC_PHOTOS, skip: position - 1, take: 1 } },
    });
    const photo = row?.attachments[0];
    if (!photo) return undefined;
    try {
      return { mime: photo.mime, bytes: await this.media.read(photo), sha256: photo.sha256 };
    } catch (error) {
      // Removed from disk since the page was rendered (retention, erasure): gone, not an error.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async accountability(period: { from: Date; to: Date }): Promise<Accountability> {
    return (await this.figures.view(period)).accountability;
  }

  async requestForToken(token: string): Promise<{ code: string; public: boolean } | undefined> {
    const row = await this.prisma.report.findUnique({
      where: { submissionId: token },
      select: { trackingCode: true, confidential: true, verifiedAt: true, routedAt: true },
    });
    if (!row) return undefined;
    return {
      code: row.trackingCode,
      public: !row.confidential && (row.verifiedAt !== null || row.routedAt !== null),
    };
  }
}
