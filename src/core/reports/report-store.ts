import type { StoredFile } from "../media/media-store.js";
import type { EventType, OutboxState, ReportStatus, StaffRole } from "../words.js";
import type { DueDates, StatusChange } from "./deadline-policy.js";
import type { OutboxEntry, OutboxPurpose, PendingOutbox, Recipient } from "./outbox.js";
import type {
  NewReportEvent,
  ReportChanges,
  ReportRecord,
  ReporterRecord,
  StaffContact,
} from "./records.js";
import type { ReporterIdentity } from "./report-queries.js";
import type { Submission } from "./submission.js";
import type { SupporterAccount } from "./supporters.js";

/** Another row already holds this unique value (a submission stored twice, a code collision). */
export class UniqueViolationError extends Error {
  override name = "UniqueViolationError";
}

/** One report, by whichever of its identifiers the caller has. */
export type ReportRef =
  { readonly trackingCode: string } | { readonly id: string } | { readonly submissionId: string };

/**
 * Everything a change to reports does, in one transaction: the report locked and updated, its
 * timeline event, and the messages it causes, all committed together or not at all.
 */
export interface ReportUnit {
  /** Locks the report until the transaction ends, then reads it; undefined when none. */
  lock(ref: ReportRef): Promise<ReportRecord | undefined>;
  update(id: string, changes: ReportChanges): Promise<ReportRecord>;
  appendEvent(event: NewReportEvent): Promise<void>;
  /** The only way rows reach the outbox: hand the result to the outbound queue after commit. */
  appendOutbox(entries: readonly OutboxEntry[]): Promise<PendingOutbox[]>;
  /** `published`: the reporter agreed that these files' photos appear on the public page. */
  addAttachments(
    reportId: string,
    files: readonly StoredFile[],
    options?: { readonly published: boolean },
  ): Promise<void>;
  /** The report's files, oldest first (the reporter's, then any added later). */
  attachments(reportId: string): Promise<StoredFile[]>;
  reporter(reporterId: string): Promise<ReporterRecord>;
  /**
   * Locks the report as `lock` does, then reads what its due dates follow from: its status and
   * its timeline of status changes.
   */
  deadlineState(reportId: string): Promise<DeadlineState | undefined>;
  /** The report's cards (rows that posted it to a staff chat), to redraw them. */
  cards(reportId: string): Promise<(Recipient & { readonly id: string })[]>;
  staffMember(id: string): Promise<StaffContact | undefined>;
  /** Active staff of a role (and agency) who have a private chat with the bot. */
  staffChats(filter: {
    readonly role: StaffRole;
    readonly agencyId?: string;
  }): Promise<Recipient[]>;
  /** The latest of these events on the report's timeline. */
  latestEvent(
    reportId: string,
    types: readonly EventType[],
  ): Promise<{ readonly type: EventType; readonly at: Date } | undefined>;
  /** Whether a deadline timer with this id already left its event. */
  timerFired(reportId: string, timerId: string): Promise<boolean>;
  /**
   * The newest message giving the reporter the report's number: the confirmation told at Kirim
   * and recorded once sent, or one the outbox holds; undefined when none was written.
   */
  confirmation(
    report: Pick<ReportRecord, "id" | "submissionId">,
  ): Promise<(PendingOutbox & { readonly state: OutboxState }) | undefined>;
  /** Sets the rating unless the report has one; false when it had. */
  rateIfUnrated(reportId: string, score: number): Promise<boolean>;
  /**
   * Whether a message for this purpose was written: scheduled notices (the digest, the holiday
   * reminder, the monthly summary) are written once even when their job runs again.
   */
  written(purpose: OutboxPurpose): Promise<boolean>;

  // Supporters ("me too", /gabung)
  /** Creates or refreshes a person's reporter account; returns its id. */
  upsertAccount(account: SupporterAccount): Promise<string>;
  /** Adds the supporter unless they already support the report; true when added. */
  addSupporter(reportId: string, reporterId: string, at: Date): Promise<boolean>;
  /** Where each supporter of the report is written to, and in which language. */
  supporters(reportId: string): Promise<ReporterRecord[]>;
  /**
   * Moves a merged report's supporters to the report it went into (none twice, never the
   * target's own reporter) and its attachments; returns how many of each moved.
   */
  moveToMerged(
    fromId: string,
    into: { readonly id: string; readonly reporterId: string },
  ): Promise<{ readonly supporters: number; readonly attachments: number }>;

  // Intake
  /**
   * Stores a submission as a new report with its first deadlines: its reporter created or
   * refreshed, the report, its files, its "submitted" event (and the staff note) at the
   * citizen's moment (`submittedAt`), all at once. Returns the report without reading it back.
   * Throws UniqueViolationError when the submission or the tracking code is taken.
   */
  createReport(submission: Submission, fields: NewReportFields): Promise<ReportRecord>;
  /**
   * Holds this person's account against an erasure until the unit ends, after one under way
   * finished (createReport does too): first, so that a unit never waits on an erasure while
   * holding a lock that other units wait for.
   */
  holdAgainstErasure(who: ReporterIdentity): Promise<void>;
  /**
   * Bulk messages still waiting for this chat. Transactions that ask this one after another
   * (the lock is held to the end of each), so reports stored at once each see the others.
   */
  waitingBulk(to: Recipient): Promise<number>;
  /** Locks and returns the reports waiting for a batch to a busy desk, oldest first. */
  lockDeskBatch(): Promise<ReportRecord[]>;
}

/** What the intake decides about a new report, beside what the citizen submitted. */
export interface NewReportFields {
  readonly trackingCode: string;
  readonly categoryId: string | null;
  /** The desk was busy: no card now, the report waits for the next batch. */
  readonly deskBatchPending: boolean;
  readonly dueDates: DueDates;
}

/** A report already stored for a submission. */
export interface StoredSubmission {
  readonly reportId: string;
  readonly trackingCode: string;
  readonly deskBatchPending: boolean;
  /** Its reporter's identity is erased. */
  readonly reporterErased: boolean;
  /** Its messages still waiting to be sent. */
  readonly pendingOutbox: PendingOutbox[];
}

/** Reports submitted from `from` (inclusive) to `to` (exclusive), of one agency when given. */
export interface SubmittedInQuery {
  readonly from: Date;
  readonly to: Date;
  readonly agencyId?: string;
}

/** What the deadlines of a report depend on, read from the report and its timeline. */
export interface DeadlineState {
  readonly status: ReportStatus;
  readonly submittedAt: Date;
  readonly statusSince: Date;
  /** Every move of the state machine, oldest first (a hold pauses the follow-up clock). */
  readonly changes: readonly StatusChange[];
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly autoCloseAt: Date | null;
  readonly holdDueAt: Date | null;
}

/** An open report as the daily digest lists it. */
export interface OpenReport {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
  readonly agencyId: string | null;
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly holdDueAt: Date | null;
}

/** A reporter's report, as ratings and reopening need it. */
export interface OwnReport {
  readonly id: string;
  readonly trackingCode: string;
  readonly reporterId: string;
  readonly status: ReportStatus;
  readonly rating: number | null;
  readonly autoCloseAt: Date | null;
}

/** The persistence port of reports; src/infra/db implements it with PostgreSQL. */
export interface ReportStore {
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (unit: ReportUnit) => Promise<T>): Promise<T>;
  /** ReportUnit.createReport on its own, for a new report that nothing else is written with. */
  createReport(submission: Submission, fields: NewReportFields): Promise<ReportRecord>;
  byCode(trackingCode: string): Promise<ReportRecord | undefined>;
  /** The report's files, oldest first: numbered 1, 2 … in that order (/berkas <kode> <n>). */
  attachments(reportId: string): Promise<StoredFile[]>;
  bySubmission(submissionId: string): Promise<StoredSubmission | undefined>;
  /** Ids of reports whose deadlines run, oldest first. */
  openReportIds(statuses: readonly ReportStatus[]): Promise<string[]>;
  openReports(statuses: readonly ReportStatus[]): Promise<OpenReport[]>;
  /** Whether any report waits for a batch to a busy desk. */
  deskBatchWaiting(): Promise<boolean>;
  /** The reporter's report with this code; undefined when it is someone else's or none. */
  ownReport(reporter: ReporterIdentity, trackingCode: string): Promise<OwnReport | undefined>;
  /** The reporter's most recently closed report still inside its feedback window. */
  latestClosedOf(reporter: ReporterIdentity, now: Date): Promise<OwnReport | undefined>;
  setRatingComment(report: OwnReport, comment: string, at: Date): Promise<void>;
  /** Reports submitted in the period (of one agency, when given), oldest first. */
  submittedIn(query: SubmittedInQuery): Promise<ReportRecord[]>;
}
