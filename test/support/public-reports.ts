import { createHash } from "node:crypto";
import type { EventType, ReportKind, ReportStatus } from "../../src/generated/prisma/enums.js";
import type { GeoPoint } from "../../src/http/public/geo.js";
import { redactReporterText, type ReporterIdentity } from "../../src/core/reports/redaction.js";
import {
  computeAccountability,
  type Accountability,
  type ReportTimeline,
  type TimelineEvent,
} from "../../src/core/reports/accountability.js";
import {
  AccountabilityReports,
  type TimelineSource,
} from "../../src/core/reports/accountability-service.js";
import { calendar, policy } from "./timelines.js";
import type { Catalog } from "../../src/config/catalog.js";
import type {
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
  /** How many citizens support it ("me too"). */
  readonly supporters?: number;
}

/** The figures /statistik would show over these timelines, at `now`. */
export const accountabilityReports = (source: TimelineSource, catalog: Catalog, now: Date) =>
  new AccountabilityReports(source, {
    calendar,
    policy,
    catalog,
    timeZone: "Asia/Jakarta",
    clock: () => now,
  });

/** The status each timeline event moves a report to, as the workflow records it. */
const STATUS_AFTER: Partial<Record<EventType, ReportStatus>> = {
  verified: "verified",
  routed: "routed",
  replied: "followed_up",
  held: "on_hold",
  rejected: "rejected",
  not_authority: "not_authority",
  done: "done",
  reopened: "reopened",
};

/**
 * What the workflow writes in each event's data column: the status move, and the agency a
 * routing went to. Undefined for events that move nothing.
 */
export function workflowEventData(
  report: StoredReport,
): ({ from: ReportStatus; to: ReportStatus; agencyId?: string } | undefined)[] {
  let status: ReportStatus = "submitted";
  return report.events.map((event) => {
    const to = STATUS_AFTER[event.type];
    if (!to) return undefined;
    const from = status;
    status = to;
    return {
      from,
      to,
      ...(event.type === "routed" && report.agencyId ? { agencyId: report.agencyId } : {}),
    };
  });
}

/** The stored report as the figures read it. */
function timelineOf(report: StoredReport): ReportTimeline {
  const data = workflowEventData(report);
  const events = report.events.map((event, index): TimelineEvent => ({
    type: event.type,
    at: event.createdAt,
    actor: event.actorType,
    public: event.public,
    hasText: (event.text ?? "").trim() !== "",
    ...data[index],
  }));
  return {
    id: report.code,
    submittedAt: report.submittedAt,
    categoryId: report.categoryId,
    events,
  };
}

const isPublic = (report: StoredReport) => !report.confidential && report.verified;

function toDetail(report: StoredReport): PublicReportDetail {
  const redact = (text: string) => redactReporterText(text, report.reporter);
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
    supporters: report.supporters ?? 0,
    timeline,
  };
}

/** The read port over a list in memory, keeping the same promises as the PostgreSQL one. */
export class MemoryPublicReportSource implements PublicReportSource {
  /** Every list() call, for tests of what the routes ask for. */
  readonly listCalls: { filter: PublicReportFilter; page: PageRequest }[] = [];

  constructor(
    private readonly reports: readonly StoredReport[],
    /** The moment the figures are taken at. */
    private readonly now: Date,
  ) {}

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
    if (!photo) return undefined;
    const sha256 = createHash("sha256").update(photo.bytes).digest("hex");
    return { mime: photo.mime, bytes: photo.bytes, sha256 };
  }

  async accountability(period: { from: Date; to: Date }): Promise<Accountability> {
    return computeAccountability(
      this.reports.map(timelineOf),
      { period, now: this.now },
      { calendar, policy },
    );
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
