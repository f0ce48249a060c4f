import type { EventType, ReportKind, ReportStatus } from "../../src/generated/prisma/enums.js";
import type { GeoPoint } from "../../src/http/public/geo.js";
import { redactIdentity, type ReporterIdentity } from "../../src/http/public/redaction.js";
import type {
  AgencyFigures,
  PageRequest,
  PublicPhoto,
  PublicReportDetail,
  PublicReportFilter,
  PublicReportPage,
  PublicReportSource,
} from "../../src/http/public/report-source.js";
import {
  latestStaffNote,
  publicTimeline,
  type StoredEvent,
} from "../../src/http/public/timeline.js";

/** A report as the database would hold it, identity, internal notes and all. */
export interface StoredReport {
  readonly code: string;
  readonly token: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly description: string;
  readonly status: ReportStatus;
  readonly categoryId: string | null;
  readonly agencyId: string | null;
  readonly submittedAt: Date;
  readonly followUpDueAt?: Date;
  readonly eventDate?: Date;
  readonly location?: GeoPoint;
  readonly address?: string;
  readonly confidential: boolean;
  /** The desk verified (or routed) it. */
  readonly verified: boolean;
  readonly reporter: ReporterIdentity;
  readonly events: readonly StoredEvent[];
  /** The reporter agreed to publish the photos. */
  readonly photosPublic?: boolean;
  readonly photos?: readonly { id: string; mime: string; bytes: Buffer }[];
}

const isPublic = (report: StoredReport) => !report.confidential && report.verified;

function toDetail(report: StoredReport): PublicReportDetail {
  const redact = (text: string) => redactIdentity(text, report.reporter);
  const timeline = publicTimeline(report.events, report.reporter);
  const latest = timeline.at(-1)?.at;
  return {
    code: report.code,
    kind: report.kind,
    title: redact(report.title),
    description: redact(report.description),
    status: report.status,
    categoryId: report.categoryId,
    agencyId: report.agencyId,
    submittedAt: report.submittedAt,
    updatedAt: latest && latest > report.submittedAt ? latest : report.submittedAt,
    answerDueAt: report.followUpDueAt ?? null,
    eventDate: report.eventDate ?? null,
    location: report.location ?? null,
    address: report.address === undefined ? null : redact(report.address),
    statusNote: latestStaffNote(timeline),
    photoIds: report.photosPublic ? (report.photos ?? []).map((photo) => photo.id) : [],
    confidential: report.confidential,
    timeline,
  };
}

/** The read port over a list in memory, keeping the same promises as the PostgreSQL one. */
export class MemoryPublicReportSource implements PublicReportSource {
  /** Every list() call, for tests of what the routes ask for. */
  readonly listCalls: { filter: PublicReportFilter; page: PageRequest }[] = [];

  constructor(private readonly reports: readonly StoredReport[]) {}

  async list(filter: PublicReportFilter, page: PageRequest): Promise<PublicReportPage> {
    this.listCalls.push({ filter, page });
    const matching = this.reports
      .filter(isPublic)
      .filter((report) => !filter.statuses || filter.statuses.includes(report.status))
      .filter(
        (report) =>
          !filter.categoryIds ||
          (report.categoryId !== null && filter.categoryIds.includes(report.categoryId)),
      )
      .filter((report) => !filter.agencyId || report.agencyId === filter.agencyId)
      .filter((report) => !filter.codes || filter.codes.includes(report.code))
      .filter(
        (report) =>
          !filter.submitted ||
          (report.submittedAt >= filter.submitted.from && report.submittedAt < filter.submitted.to),
      )
      .sort(
        (a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || a.code.localeCompare(b.code),
      );
    return {
      total: matching.length,
      reports: matching.slice(page.offset, page.offset + page.limit).map(toDetail),
    };
  }

  async byCode(code: string): Promise<PublicReportDetail | undefined> {
    const report = this.reports.find((candidate) => candidate.code === code);
    return report && isPublic(report) ? toDetail(report) : undefined;
  }

  async photo(code: string, photoId: string): Promise<PublicPhoto | undefined> {
    const report = this.reports.find((candidate) => candidate.code === code);
    if (!report || !isPublic(report) || !report.photosPublic) return undefined;
    const photo = report.photos?.find((candidate) => candidate.id === photoId);
    return photo ? { mime: photo.mime, bytes: photo.bytes } : undefined;
  }

  async accountability(period: { from: Date; to: Date }): Promise<readonly AgencyFigures[]> {
    const groups = new Map<string | null, AgencyFigures>();
    for (const report of this.reports) {
      if (report.submittedAt < period.from || report.submittedAt >= period.to) continue;
      const answered = report.events.some((event) => event.type === "replied");
      const current = groups.get(report.agencyId) ?? {
        agencyId: report.agencyId,
        received: 0,
        followedUp: 0,
        resolved: 0,
      };
      groups.set(report.agencyId, {
        agencyId: report.agencyId,
        received: current.received + 1,
        followedUp: current.followedUp + (answered ? 1 : 0),
        resolved: current.resolved + (report.status === "done" ? 1 : 0),
      });
    }
    return [...groups.values()];
  }

  async requestForToken(token: string): Promise<{ code: string; public: boolean } | undefined> {
    const report = this.reports.find((candidate) => candidate.token === token);
    return report ? { code: report.code, public: isPublic(report) } : undefined;
  }
}

/** One timeline event, in a line. */
export function event(
  type: EventType,
  actorType: StoredEvent["actorType"],
  at: string,
  text: string | null = null,
  isPublic = true,
): StoredEvent {
  return { type, actorType, public: isPublic, text, createdAt: new Date(at) };
}
