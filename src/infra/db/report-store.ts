import type { StoredFile } from "../../core/media/media-store.js";
import type {
  OutboxEntry,
  OutboxPurpose,
  PendingOutbox,
  Recipient,
} from "../../core/reports/outbox.js";
import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import {
  UniqueViolationError,
  type DeadlineState,
  type NewReportFields,
  type OpenReport,
  type OwnReport,
  type ReportRef,
  type ReportStore,
  type ReportUnit,
  type StoredSubmission,
  type SubmittedInQuery,
} from "../../core/reports/report-store.js";
import type {
  NewReportEvent,
  ReportChanges,
  ReportRecord,
  ReporterRecord,
  StaffContact,
} from "../../core/reports/records.js";
import { readEventData } from "../../core/reports/accountability.js";
import type { Submission } from "../../core/reports/submission.js";
import type { SupporterAccount } from "../../core/reports/supporters.js";
import { toDateValue } from "../../core/time/dates.js";
import type { EventType, OutboxState, ReportStatus, StaffRole } from "../../core/words.js";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { erasureAccount, holdErasureLock, type AccountPseudonyms } from "./erasure-requests.js";
import { PENDING_OUTBOX } from "./outbox-rows.js";
import { erasedReporterName } from "./privacy-store.js";
import { owner } from "./report-queries.js";
import { CallBatch, inOrder } from "../call-batch.js";
import { uuidv7 } from "./uuid-v7.js";

type Tx = Prisma.TransactionClient;

/** What a ReportRecord shows of its reporter. */
const REPORTER_VIEW = { displayName: true, username: true, phone: true, erasure: true } as const;

/** What every ReportRecord is read with. */
const RECORD_INCLUDE = {
  reporter: { select: REPORTER_VIEW },
  assignee: { select: { displayName: true, username: true } },
  _count: { select: { attachments: true, supporters: true } },
} as const satisfies Prisma.ReportInclude;

type Row = Prisma.ReportGetPayload<{ include: typeof RECORD_INCLUDE }>;

function toRecord(row: Row): ReportRecord {
  const { _count, ...fields } = row;
  return {
    ...fields,
    attachmentCount: _count.attachments,
    supporterCount: _count.supporters,
  };
}

/** The statuses a deadline counts from: the latest of these events started it. */
const STATUS_EVENTS: readonly EventType[] = [
  "submitted",
  "verified",
  "routed",
  "replied",
  "held",
  "rejected",
  "not_authority",
  "done",
  "reopened",
];

/** The advisory lock under which new reports decide between a card and a batch. */
export const WAITING_BULK_LOCK = 4_242_002;

/** Prisma's unique violation: P2002 from its queries, P2010 from raw SQL, with the driver's kind. */
function isUniqueViolation(error: Prisma.PrismaClientKnownRequestError): boolean {
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)
    ?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

function rethrowUnique(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && isUniqueViolation(error)) {
    throw new UniqueViolationError(error.message);
  }
  throw error;
}

/** What a new report shows of its reporter, as the intake statement returns it. */
interface NewReportReporter {
  readonly id: string;
  readonly displayName: string | null;
  readonly username: string | null;
  readonly phone: string | null;
  readonly erasure: ReportRecord["reporter"]["erasure"];
}

const OWN_REPORT = {
  id: true,
  trackingCode: true,
  reporterId: true,
  status: true,
  rating: true,
  autoCloseAt: true,
} as const;

/** Oldest first, the order /berkas numbers them in. */
async function attachmentsOf(
  client: Pick<PrismaClient, "attachment">,
  reportId: string,
): Promise<StoredFile[]> {
  const rows = await client.attachment.findMany({
    where: { reportId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    kind: row.kind,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    storagePath: row.storagePath,
    ...(row.originalName ? { originalName: row.originalName } : {}),
  }));
}

/** Creates a person's reporter account, or refreshes how to reach them and what they are called. */
function reporterUpsert(who: SupporterAccount) {
  return {
    where: { channel_externalId: { channel: who.channel, externalId: who.externalId } },
    create: {
      channel: who.channel,
      externalId: who.externalId,
      chatId: who.chatId,
      displayName: who.displayName ?? null,
      username: who.username ?? null,
      phone: who.phone ?? null,
      language: who.language,
    },
    update: {
      chatId: who.chatId,
      displayName: who.displayName ?? null,
      username: who.username ?? null,
      ...(who.phone ? { phone: who.phone } : {}),
      language: who.language,
    },
  } satisfies Omit<Prisma.ReporterUpsertArgs, "select">;
}

/** A new report as one row of `insertReports`, and the record it becomes once inserted. */
interface NewReportRow {
  readonly row: Record<string, unknown>;
  readonly record: (reporter: NewReportReporter) => ReportRecord;
}

function newReportRow(
  submission: Submission,
  fields: NewReportFields,
  accounts: AccountPseudonyms,
): NewReportRow {
  const { reporter: who, report } = submission;
  const location = report.location;
  const latitude = location && "latitude" in location ? location.latitude : null;
  const longitude = location && "longitude" in location ? location.longitude : null;
  const address = location?.address ?? null;
  const submittedAt = new Date(submission.submittedAt);
  const { verifyDueAt, followUpDueAt, autoCloseAt, holdDueAt } = fields.dueDates;
  const id = uuidv7();
  // A rahasia report is never public, photos included, whatever the answers said.
  const photosPublic = report.photosPublic && !report.confidential;
  const events = [
    {
      n: 1,
      type: "submitted",
      public: true,
      text: null,
      data: { traceId: submission.traceId, flowId: submission.flowId },
    },
    ...(submission.staffNote
      ? [{ n: 2, type: "note", public: false, text: submission.staffNote, data: null }]
      : []),
  ];
  // Ids in ascending order, so the files keep the order they were sent in (1, 2 … by id).
  const fileIds = submission.attachments.map(() => uuidv7()).sort();
  const files = submission.attachments.map((file, index) => ({
    id: fileIds[index],
    kind: file.kind,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    storage_path: file.storagePath,
    original_name: file.originalName ?? null,
    // Documents are never published, whatever was agreed.
    public: photosPublic && file.kind === "photo",
  }));
  const row = {
    reporter_id: uuidv7(),
    channel: submission.channel,
    // Who the reporter is, should they have asked for erasure since submitting (see
    // insertReports), and what they are called then.
    account: erasureAccount(accounts, { channel: submission.channel, externalId: who.externalId }),
    erased_name: erasedReporterName(),
    external_id: who.externalId,
    chat_id: submission.chatId,
    display_name: who.displayName ?? null,
    username: who.username ?? null,
    phone: who.phone ?? null,
    language: who.language,
    id,
    tracking_code: fields.trackingCode,
    submission_id: submission.submissionId,
    flow_id: submission.flowId,
    kind: report.kind,
    title: report.title,
    description: report.description,
    category_id: fields.categoryId,
    event_date: report.eventDate ?? null,
    latitude,
    longitude,
    address,
    anonymous: report.anonymous,
    confidential: report.confidential,
    photos_public: photosPublic,
    submitted_at: submittedAt,
    verify_due_at: verifyDueAt,
    follow_up_due_at: followUpDueAt,
    auto_close_at: autoCloseAt,
    hold_due_at: holdDueAt,
    desk_batch_pending: fields.deskBatchPending,
    events,
    files,
  };
  const record = (reporter: NewReportReporter): ReportRecord => {
    const { id: reporterId, displayName, username, phone, erasure } = reporter;
    return {
      id,
      trackingCode: fields.trackingCode,
      submissionId: submission.submissionId,
      flowId: submission.flowId,
      reporterId,
      kind: report.kind,
      title: report.title,
      description: report.description,
      categoryId: fields.categoryId,
      agencyId: null,
      eventDate: report.eventDate ? toDateValue(report.eventDate) : null,
      latitude,
      longitude,
      address,
      anonymous: report.anonymous,
      confidential: report.confidential,
      photosPublic: photosPublic && !reporter.erasure,
      status: "submitted",
      language: who.language,
      submittedAt,
      assigneeId: null,
      verifyDueAt,
      followUpDueAt,
      autoCloseAt,
      holdDueAt,
      verifiedAt: null,
      routedAt: null,
      firstAnsweredAt: null,
      resolvedAt: null,
      closedReason: null,
      rating: null,
      ratingComment: null,
      deskBatchPending: fields.deskBatchPending,
      reporter: { displayName, username, phone, erasure },
      assignee: null,
      attachmentCount: submission.attachments.length,
      supporterCount: 0,
    };
  };
  return { row, record };
}

/**
 * The rows' positions in statements that each hold an account at most once, in order: the
 * first report of every account, then the second, and so on.
 */
function oncePerAccount(rows: readonly NewReportRow["row"][]): number[][] {
  const statements: number[][] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, position) => {
    const account = `${String(row.channel)}:${String(row.external_id)}`;
    const nth = seen.get(account) ?? 0;
    seen.set(account, nth + 1);
    (statements[nth] ??= []).push(position);
  });
  return statements;
}

/**
 * New reports in one statement, so one round trip and one commit, where a reporter upsert, the
 * report, its events and its files took one each: they succeed or fail together, as a
 * statement does. Answers each row's reporter, in the rows' order.
 */
async function insertReports(
  client: Tx | PrismaClient,
  rows: readonly NewReportRow["row"][],
): Promise<NewReportReporter[]> {
  const now = new Date();
  const inserted = await client.$queryRaw<(NewReportReporter & { position: number })[]>`
    /* prepared: insert-reports */
    WITH given AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows.map((row, index) => ({ ...row, position: index + 1 })))}::jsonb)
        AS g(position int, reporter_id uuid, channel text, account text, erased_name text,
          external_id text, chat_id text, display_name text, username text, phone text,
          language text, id uuid, tracking_code text, submission_id uuid, flow_id text,
          kind text, title text, description text, category_id text, event_date date,
          latitude float8, longitude float8, address text, anonymous boolean,
          confidential boolean, photos_public boolean, submitted_at timestamptz,
          verify_due_at timestamptz, follow_up_due_at timestamptz, auto_close_at timestamptz,
          hold_due_at timestamptz, desk_batch_pending boolean, events jsonb, files jsonb)
    ), input AS MATERIALIZED (
      -- Each report takes its account's erasure lock and learns whether they asked for erasure
      -- since submitting it (see the erasure_requests migration) before its own reporter row is
      -- written (rows are pulled one by one: other reports' rows may be written before), and
      -- then is stored erased, under a reporter row of its own, whatever row they have now.
      -- MATERIALIZED: asked once per report, however many parts read it.
      SELECT g.*, asked.erased_at,
        CASE WHEN asked.erased_at IS NULL THEN g.external_id ELSE g.erased_name END
          AS reporter_key
      FROM given g,
        LATERAL (SELECT erasure_requested_since(g.account, g.submitted_at) AS erased_at) asked
    ), reporter AS (
      INSERT INTO reporters AS r
        (id, channel, external_id, chat_id, display_name, username, phone, language,
         erased_at, erasure, created_at, updated_at)
      SELECT reporter_id, channel::"Channel", reporter_key,
        CASE WHEN erased_at IS NULL THEN chat_id ELSE erased_name END,
        CASE WHEN erased_at IS NULL THEN display_name END,
        CASE WHEN erased_at IS NULL THEN username END,
        CASE WHEN erased_at IS NULL THEN phone END,
        language::"Language", erased_at,
        CASE WHEN erased_at IS NOT NULL THEN 'request'::"Erasure" END,
        ${now}::timestamptz, ${now}::timestamptz
      FROM input
      ON CONFLICT (channel, external_id) DO UPDATE SET
        chat_id = EXCLUDED.chat_id,
        display_name = EXCLUDED.display_name,
        username = EXCLUDED.username,
        -- A report filed without sharing the number keeps the one shared before.
        phone = CASE WHEN EXCLUDED.phone <> '' THEN EXCLUDED.phone ELSE r.phone END,
        language = EXCLUDED.language,
        updated_at = EXCLUDED.updated_at
      RETURNING id, channel::text, external_id, display_name, username, phone, erasure::text
    ), report AS (
      INSERT INTO reports
        (id, tracking_code, submission_id, flow_id, reporter_id, kind, title, description,
         category_id, event_date, latitude, longitude, address, anonymous, confidential,
         photos_public, status, language, submitted_at, created_at, updated_at,
         verify_due_at, follow_up_due_at, auto_close_at, hold_due_at, desk_batch_pending)
      SELECT i.id, i.tracking_code, i.submission_id, i.flow_id, p.id, i.kind::"ReportKind",
        i.title, i.description, i.category_id, i.event_date, i.latitude, i.longitude,
        i.address, i.anonymous, i.confidential, i.photos_public AND i.erased_at IS NULL,
        'submitted', i.language::"Language", i.submitted_at, ${now}::timestamptz,
        ${now}::timestamptz, i.verify_due_at, i.follow_up_due_at, i.auto_close_at,
        i.hold_due_at, i.desk_batch_pending
      FROM input i JOIN reporter p ON p.channel = i.channel AND p.external_id = i.reporter_key
      RETURNING id, reporter_id
    ), events AS (
      -- The citizen's moment, not the database's: deadlines count from the latest status
      -- event, so every event comes from the one clock the services share. Inserted in
      -- order (n), so "submitted" comes first in the timeline. An erased reporter's trace id
      -- goes (a WhatsApp message id holds their number).
      INSERT INTO report_events
        (report_id, type, actor_type, actor_id, public, text, data, created_at)
      SELECT report.id, e.type::"EventType",
        (CASE WHEN e.type = 'submitted' THEN 'reporter' ELSE 'system' END)::"ActorType",
        CASE WHEN e.type = 'submitted' THEN report.reporter_id::text END,
        e.public, e.text,
        CASE WHEN i.erased_at IS NULL THEN e.data ELSE e.data - 'traceId' END,
        i.submitted_at
      FROM input i JOIN report ON report.id = i.id,
        jsonb_to_recordset(i.events) AS e(n int, type text, public boolean, text text, data jsonb)
      ORDER BY i.position, e.n
    ), files AS (
      INSERT INTO attachments
        (id, report_id, kind, mime, size, sha256, storage_path, original_name, public,
         created_at)
      SELECT f.id::uuid, report.id, f.kind::"AttachmentKind", f.mime, f.size, f.sha256,
        f.storage_path, CASE WHEN i.erased_at IS NULL THEN f.original_name END,
        f.public AND i.erased_at IS NULL, ${now}::timestamptz
      FROM input i JOIN report ON report.id = i.id,
        jsonb_to_recordset(i.files) AS f(
          id text, kind text, mime text, size int, sha256 text, storage_path text,
          original_name text, public boolean)
    )
    SELECT i.position, p.id, p.display_name AS "displayName", p.username, p.phone, p.erasure
    FROM input i JOIN reporter p ON p.channel = i.channel AND p.external_id = i.reporter_key`;
  return inOrder(rows.length, inserted).map(([reporter]) => {
    if (!reporter) throw new Error("a new report's reporter was not returned");
    return reporter;
  });
}

/** Stores a new report through `insert` (alone, or shared with others), as its record. */
async function createReport(
  submission: Submission,
  fields: NewReportFields,
  accounts: AccountPseudonyms,
  insert: (row: NewReportRow["row"]) => Promise<NewReportReporter | undefined>,
): Promise<ReportRecord> {
  const { row, record } = newReportRow(submission, fields, accounts);
  try {
    const reporter = await insert(row);
    if (!reporter) throw new Error("the new report's reporter was not returned");
    return record(reporter);
  } catch (error) {
    rethrowUnique(error);
  }
}

class PrismaReportUnit implements ReportUnit {
  constructor(
    private readonly tx: Tx,
    private readonly accounts: AccountPseudonyms,
  ) {}

  async lock(ref: ReportRef): Promise<ReportRecord | undefined> {
    const id = await this.lockRow(ref);
    if (!id) return undefined;
    return toRecord(
      await this.tx.report.findUniqueOrThrow({ where: { id }, include: RECORD_INCLUDE }),
    );
  }

  /** Locks the report's row until the transaction ends; its id, undefined when none. */
  private async lockRow(ref: ReportRef): Promise<string | undefined> {
    // Row lock: two staff pressing buttons on the same card at once act one after the other,
    // and the second sees the status the first left.
    const which =
      "id" in ref
        ? Prisma.sql`id = ${ref.id}::uuid`
        : "submissionId" in ref
          ? Prisma.sql`submission_id = ${ref.submissionId}::uuid`
          : Prisma.sql`tracking_code = ${ref.trackingCode}`;
    const locked = await this.tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM reports WHERE ${which} FOR UPDATE`;
    return locked[0]?.id;
  }

  async update(id: string, changes: ReportChanges): Promise<ReportRecord> {
    return toRecord(
      await this.tx.report.update({ where: { id }, data: changes, include: RECORD_INCLUDE }),
    );
  }

  async appendEvent(event: NewReportEvent): Promise<void> {
    await this.tx.reportEvent.create({
      data: {
        reportId: event.reportId,
        type: event.type,
        actorType: event.actor.type,
        actorId: event.actor.id,
        public: event.public,
        text: event.text,
        ...(event.data ? { data: event.data } : {}),
        createdAt: event.at,
      },
    });
  }

  async appendOutbox(entries: readonly OutboxEntry[]): Promise<PendingOutbox[]> {
    // One at a time: each row's seq is the order its chat receives it in.
    const rows: PendingOutbox[] = [];
    for (const entry of entries) {
      rows.push(
        await this.tx.outboxMessage.create({
          data: {
            channel: entry.to.channel,
            chatId: entry.to.chatId,
            purpose: entry.purpose,
            payload: entry.message as unknown as Prisma.InputJsonObject,
            reportId: entry.reportId,
            lane: entry.lane,
            ...(entry.replacesId ? { replacesId: entry.replacesId } : {}),
          },
          select: PENDING_OUTBOX,
        }),
      );
    }
    return rows;
  }

  async attachments(reportId: string): Promise<StoredFile[]> {
    return attachmentsOf(this.tx, reportId);
  }

  async addAttachments(
    reportId: string,
    files: readonly StoredFile[],
    options?: { readonly published: boolean },
  ): Promise<void> {
    if (files.length === 0) return;
    await this.tx.attachment.createMany({
      data: files.map((file) => ({
        reportId,
        kind: file.kind,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
        storagePath: file.storagePath,
        originalName: file.originalName ?? null,
        // Documents are never published, whatever was agreed.
        public: options?.published === true && file.kind === "photo",
      })),
    });
  }

  async deadlineState(reportId: string): Promise<DeadlineState | undefined> {
    if (!(await this.lockRow({ id: reportId }))) return undefined;
    const report = await this.tx.report.findUnique({
      where: { id: reportId },
      select: {
        status: true,
        submittedAt: true,
        verifyDueAt: true,
        followUpDueAt: true,
        autoCloseAt: true,
        holdDueAt: true,
        events: {
          where: { type: { in: [...STATUS_EVENTS] } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { createdAt: true, data: true },
        },
      },
    });
    if (!report) return undefined;
    const { events, ...state } = report;
    const changes = events.flatMap((event) => {
      const { from, to } = readEventData(event.data);
      return from && to ? [{ from, to, at: event.createdAt }] : [];
    });
    return { ...state, changes, statusSince: events.at(-1)?.createdAt ?? report.submittedAt };
  }

  async reporter(reporterId: string): Promise<ReporterRecord> {
    return this.tx.reporter.findUniqueOrThrow({
      where: { id: reporterId },
      select: { id: true, channel: true, chatId: true, language: true },
    });
  }

  async cards(reportId: string): Promise<(Recipient & { readonly id: string })[]> {
    return this.tx.outboxMessage.findMany({
      where: { reportId, purpose: "card", state: { not: "failed" } },
      select: { id: true, channel: true, chatId: true },
      orderBy: { seq: "asc" },
    });
  }

  async staffMember(id: string): Promise<StaffContact | undefined> {
    const member = await this.tx.staff.findUnique({ where: { id } });
    if (!member) return undefined;
    return {
      id: member.id,
      role: member.role,
      agencyId: member.agencyId,
      active: member.active,
      displayName: member.displayName,
      username: member.username,
      chat: member.chatId ? { channel: member.channel, chatId: member.chatId } : null,
    };
  }

  async staffChats(filter: {
    readonly role: StaffRole;
    readonly agencyId?: string;
  }): Promise<Recipient[]> {
    const staff = await this.tx.staff.findMany({
      where: {
        role: filter.role,
        ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
        active: true,
        chatId: { not: null },
      },
      select: { channel: true, chatId: true },
      orderBy: { createdAt: "asc" },
    });
    return staff.flatMap((member) =>
      member.chatId ? [{ channel: member.channel, chatId: member.chatId }] : [],
    );
  }

  async latestEvent(
    reportId: string,
    types: readonly EventType[],
  ): Promise<{ readonly type: EventType; readonly at: Date } | undefined> {
    const [latest] = await this.tx.reportEvent.findMany({
      where: { reportId, type: { in: [...types] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 1,
      select: { type: true, createdAt: true },
    });
    return latest ? { type: latest.type, at: latest.createdAt } : undefined;
  }

  async timerFired(reportId: string, timerId: string): Promise<boolean> {
    const fired = await this.tx.reportEvent.findFirst({
      where: { reportId, data: { path: ["timer"], equals: timerId } },
      select: { id: true },
    });
    return fired !== null;
  }

  async written(purpose: OutboxPurpose): Promise<boolean> {
    const row = await this.tx.outboxMessage.findFirst({
      where: { purpose },
      select: { id: true },
    });
    return row !== null;
  }

  async confirmation(
    report: Pick<ReportRecord, "id" | "submissionId">,
  ): Promise<(PendingOutbox & { readonly state: OutboxState }) | undefined> {
    const row = await this.tx.outboxMessage.findFirst({
      where: {
        purpose: "confirmation",
        OR: [{ reportId: report.id }, { submissionId: report.submissionId }],
      },
      orderBy: { seq: "desc" },
      select: { ...PENDING_OUTBOX, state: true },
    });
    return row ?? undefined;
  }

  async rateIfUnrated(reportId: string, score: number): Promise<boolean> {
    const { count } = await this.tx.report.updateMany({
      where: { id: reportId, rating: null },
      data: { rating: score },
    });
    return count === 1;
  }

  async upsertAccount(who: SupporterAccount): Promise<string> {
    const reporter = await this.tx.reporter.upsert({
      ...reporterUpsert(who),
      select: { id: true },
    });
    return reporter.id;
  }

  async addSupporter(reportId: string, reporterId: string, at: Date): Promise<boolean> {
    const { count } = await this.tx.reportSupporter.createMany({
      data: [{ reportId, reporterId, createdAt: at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async supporters(reportId: string): Promise<ReporterRecord[]> {
    const rows = await this.tx.reportSupporter.findMany({
      where: { reportId },
      orderBy: [{ createdAt: "asc" }, { reporterId: "asc" }],
      select: { reporter: { select: { id: true, channel: true, chatId: true, language: true } } },
    });
    return rows.map((row) => row.reporter);
  }

  async moveToMerged(
    fromId: string,
    into: { readonly id: string; readonly reporterId: string },
  ): Promise<{ readonly supporters: number; readonly attachments: number }> {
    const supporters = await this.tx.$executeRaw`
      INSERT INTO report_supporters (report_id, reporter_id, created_at)
      SELECT ${into.id}::uuid, reporter_id, created_at FROM report_supporters
      WHERE report_id = ${fromId}::uuid AND reporter_id <> ${into.reporterId}::uuid
      ON CONFLICT DO NOTHING`;
    await this.tx.reportSupporter.deleteMany({ where: { reportId: fromId } });
    // A file keeps the report it was filed with, for the erasure of its sender's identity.
    const attachments = await this.tx.$executeRaw`
      UPDATE attachments
      SET report_id = ${into.id}::uuid, merged_from_report_id = COALESCE(merged_from_report_id, report_id)
      WHERE report_id = ${fromId}::uuid`;
    return { supporters, attachments };
  }

  async createReport(submission: Submission, fields: NewReportFields): Promise<ReportRecord> {
    return createReport(
      submission,
      fields,
      this.accounts,
      async (row) => (await insertReports(this.tx, [row]))[0],
    );
  }

  async holdAgainstErasure(who: ReporterIdentity): Promise<void> {
    await holdErasureLock(this.tx, this.accounts, who);
  }

  async waitingBulk(to: Recipient): Promise<number> {
    await this.tx.$executeRaw`SELECT pg_advisory_xact_lock(${WAITING_BULK_LOCK}::bigint)`;
    return this.tx.outboxMessage.count({
      where: { channel: to.channel, chatId: to.chatId, state: "pending", lane: "bulk" },
    });
  }

  async lockDeskBatch(): Promise<ReportRecord[]> {
    const locked = await this.tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM reports WHERE desk_batch_pending
      ORDER BY submitted_at FOR UPDATE SKIP LOCKED`;
    if (locked.length === 0) return [];
    const rows = await this.tx.report.findMany({
      where: { id: { in: locked.map((row) => row.id) } },
      orderBy: { submittedAt: "asc" },
      include: RECORD_INCLUDE,
    });
    return rows.map(toRecord);
  }
}

/** ReportStore on PostgreSQL through Prisma. */
export class PrismaReportStore implements ReportStore {
  // The intake worker stores several reports at a time: those of a busy moment share one
  // statement and one commit (a refused one is stored again alone, and fails alone). A
  // statement's upsert may touch a reporter's row only once, so a second report of the same
  // account goes in a second statement of the same transaction, instead of failing the batch
  // into single inserts.
  private readonly newReports = new CallBatch<NewReportRow["row"], NewReportReporter>(
    async (rows) => {
      const statements = oncePerAccount(rows);
      const insertAll = async (client: Tx | PrismaClient) => {
        const answers: NewReportReporter[] = [];
        for (const positions of statements) {
          const reporters = await insertReports(
            client,
            positions.map((position) => rows[position] as NewReportRow["row"]),
          );
          positions.forEach((position, index) => {
            answers[position] = reporters[index] as NewReportReporter;
          });
        }
        return answers;
      };
      return statements.length === 1 ? insertAll(this.prisma) : this.prisma.$transaction(insertAll);
    },
  );

  /** `accounts` keys the erasure requests a report stored late honours. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly accounts: AccountPseudonyms,
  ) {}

  async transaction<T>(work: (unit: ReportUnit) => Promise<T>): Promise<T> {
    try {
      return await this.prisma.$transaction((tx) => work(new PrismaReportUnit(tx, this.accounts)));
    } catch (error) {
      rethrowUnique(error);
    }
  }

  async createReport(submission: Submission, fields: NewReportFields): Promise<ReportRecord> {
    return createReport(submission, fields, this.accounts, (row) => this.newReports.run(row));
  }

  async attachments(reportId: string): Promise<StoredFile[]> {
    return attachmentsOf(this.prisma, reportId);
  }

  async byCode(trackingCode: string): Promise<ReportRecord | undefined> {
    const row = await this.prisma.report.findUnique({
      where: { trackingCode },
      include: RECORD_INCLUDE,
    });
    return row ? toRecord(row) : undefined;
  }

  async bySubmission(submissionId: string): Promise<StoredSubmission | undefined> {
    const report = await this.prisma.report.findUnique({
      where: { submissionId },
      select: {
        id: true,
        trackingCode: true,
        deskBatchPending: true,
        reporter: { select: { erasedAt: true } },
        outbox: { where: { state: "pending" }, select: PENDING_OUTBOX, orderBy: { seq: "asc" } },
      },
    });
    if (!report) return undefined;
    return {
      reportId: report.id,
      trackingCode: report.trackingCode,
      deskBatchPending: report.deskBatchPending,
      reporterErased: report.reporter.erasedAt !== null,
      pendingOutbox: report.outbox,
    };
  }

  async openReportIds(statuses: readonly ReportStatus[]): Promise<string[]> {
    const rows = await this.prisma.report.findMany({
      where: { status: { in: [...statuses] } },
      select: { id: true },
      orderBy: { submittedAt: "asc" },
    });
    return rows.map((row) => row.id);
  }

  async openReports(statuses: readonly ReportStatus[]): Promise<OpenReport[]> {
    return this.prisma.report.findMany({
      where: { status: { in: [...statuses] } },
      select: {
        trackingCode: true,
        title: true,
        status: true,
        agencyId: true,
        verifyDueAt: true,
        followUpDueAt: true,
        holdDueAt: true,
      },
      orderBy: { submittedAt: "asc" },
    });
  }

  async deskBatchWaiting(): Promise<boolean> {
    return (await this.prisma.report.count({ where: { deskBatchPending: true }, take: 1 })) > 0;
  }

  async ownReport(
    reporter: ReporterIdentity,
    trackingCode: string,
  ): Promise<OwnReport | undefined> {
    const report = await this.prisma.report.findFirst({
      where: { trackingCode, reporter: owner(reporter) },
      select: OWN_REPORT,
    });
    return report ?? undefined;
  }

  async latestClosedOf(reporter: ReporterIdentity, now: Date): Promise<OwnReport | undefined> {
    const report = await this.prisma.report.findFirst({
      where: {
        status: "done",
        OR: [{ autoCloseAt: null }, { autoCloseAt: { gte: now } }],
        reporter: owner(reporter),
      },
      orderBy: { resolvedAt: "desc" },
      select: OWN_REPORT,
    });
    return report ?? undefined;
  }

  async submittedIn(query: SubmittedInQuery): Promise<ReportRecord[]> {
    return reportsSubmittedIn(this.prisma, query);
  }

  async setRatingComment(report: OwnReport, comment: string, at: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.report.update({ where: { id: report.id }, data: { ratingComment: comment } }),
      this.prisma.reportEvent.create({
        data: {
          reportId: report.id,
          type: "rated",
          actorType: "reporter",
          actorId: report.reporterId,
          public: true,
          // With its score: the timeline reads "Penilaian pelapor: 5/5 · …", not the words alone.
          text: `${String(report.rating)}/5 · ${comment}`,
          createdAt: at,
        },
      }),
    ]);
  }
}

/** The reports submitted in a period (the CSV export's rows), oldest first. */
export async function reportsSubmittedIn(
  prisma: PrismaClient,
  query: SubmittedInQuery,
): Promise<ReportRecord[]> {
  const rows = await prisma.report.findMany({
    where: {
      submittedAt: { gte: query.from, lt: query.to },
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    },
    include: RECORD_INCLUDE,
    orderBy: { submittedAt: "asc" },
  });
  return rows.map(toRecord);
}
