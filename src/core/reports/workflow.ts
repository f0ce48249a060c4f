import type { Catalog } from "../../config/catalog.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { ReportStatus } from "../words.js";
import type { Logger } from "../../infra/logger.js";
import { t } from "../i18n/index.js";
import type { StoredFile } from "../media/media-store.js";
import type { Language, OutboundMessage } from "../messages.js";
import { joinLines, sanitizeUserText, truncate } from "../text.js";
import type { OutboxLane } from "../words.js";
import { PENDING_OUTBOX, type PendingOutbox } from "./intake-service.js";
import {
  ACTION_EVENTS,
  ACTIONS_NEEDING_TEXT,
  IllegalTransitionError,
  transition,
  type ReportAction,
} from "./lifecycle.js";
import { ratingChoices } from "./ratings.js";
import { CARD_INCLUDE, renderCard, type CardReport, type StaffChat } from "./staff-cards.js";
import { systemClock, type Clock } from "../time/clock.js";

export type Actor =
  | { type: "staff"; staff: { id: string; role: "admin" | "officer"; agencyId: string | null } }
  | { type: "reporter"; reporterId: string }
  | { type: "system" };

/** A status change, as listeners (deadlines, metrics) receive it after it is committed. */
export interface ReportChange {
  reportId: string;
  trackingCode: string;
  action: ReportAction;
  from: ReportStatus;
  to: ReportStatus;
  agencyId: string | null;
  at: Date;
}

/** A timeline event that leaves the status as it is: a staff note, the reporter's new info. */
export interface ReportActivity {
  reportId: string;
  trackingCode: string;
  type: "note" | "info_added";
  status: ReportStatus;
  agencyId: string | null;
  at: Date;
}

export interface ReportChangeListener {
  onChange(change: ReportChange): Promise<void>;
  onActivity?(activity: ReportActivity): Promise<void>;
}

export interface ApplyInput {
  trackingCode: string;
  action: ReportAction;
  actor: Actor;
  /** The reason or answer; required from staff for the actions in ACTIONS_NEEDING_TEXT. */
  text?: string;
  /** The agency to route to (action "route"). */
  agencyId?: string;
}

export interface ApplyResult {
  change: ReportChange;
  /** Outbox rows written with the change; hand them to OutboundQueues.enqueue. */
  pendingOutbox: PendingOutbox[];
}

export interface EventResult {
  activity: ReportActivity;
  pendingOutbox: PendingOutbox[];
}

export class ReportNotFoundError extends Error {
  override name = "ReportNotFoundError";
  constructor(readonly trackingCode: string) {
    super(`no report ${trackingCode}`);
  }
}

/** The actor may not do this to this report; nothing was changed. */
export class NotPermittedError extends Error {
  override name = "NotPermittedError";
  constructor(
    readonly reason: "role" | "agency" | "owner" | "window",
    message: string,
  ) {
    super(message);
  }
}

/** The input is incomplete (a missing reason, an unknown agency); nothing was changed. */
export class InvalidActionError extends Error {
  override name = "InvalidActionError";
  constructor(
    readonly reason: "text_required" | "agency_required" | "unknown_agency",
    message: string,
  ) {
    super(message);
  }
}

export interface ReportWorkflowOptions {
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly listeners?: readonly ReportChangeListener[];
  /** The desk's group chat (STAFF_CHAT_ID): new-report cards go there. None: no desk cards. */
  readonly deskChat?: StaffChat;
  /** Language of staff cards and notices. */
  readonly staffLanguage?: Language;
  readonly timeZone?: string;
  /** Working days after a close in which the reporter may rate or reopen (AUTO_CLOSE_WORKING_DAYS). */
  readonly reopenWindowDays?: number;
}

/** What officers may do on reports routed to their agency; everything else is the desk's. */
const OFFICER_ACTIONS: ReadonlySet<ReportAction> = new Set([
  "reply",
  "hold",
  "not_authority",
  "complete",
]);

/** Actions the reporter is told about; "not our authority" is between the agency and the desk. */
const PUBLIC_ACTIONS: ReadonlySet<ReportAction> = new Set([
  "verify",
  "route",
  "reply",
  "hold",
  "reject",
  "complete",
  "reopen",
]);

const TEXT_LIMIT = 3500;

type Tx = Prisma.TransactionClient;

/** One change's transaction, and the lane its messages go in. */
interface Unit {
  readonly tx: Tx;
  readonly lane: OutboxLane;
}

/** What a person does now is delivered before the system's own (auto-close) messages. */
const laneOf = (actor: Actor): OutboxLane => (actor.type === "system" ? "bulk" : "interactive");

/**
 * The one way a report changes: staff commands and buttons, the reporter's reopen and the
 * system's auto-close all go through `apply`. Each change is one transaction that locks the
 * report, checks who may do it, moves the state machine, records milestone times, appends the
 * timeline event and writes every resulting message (to the reporter, to staff chats, card
 * updates) to the outbox, so a crash after commit loses no notification.
 */
export class ReportWorkflow {
  private readonly clock: Clock;
  private readonly language: Language;
  private readonly timeZone: string;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: ReportWorkflowOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.language = options.staffLanguage ?? "id";
    this.timeZone = options.timeZone ?? "Asia/Jakarta";
  }

  async apply(input: ApplyInput): Promise<ApplyResult> {
    const text = input.text ? truncate(sanitizeUserText(input.text), TEXT_LIMIT) : undefined;
    const at = this.clock();
    const result = await this.prisma.$transaction(async (tx) => {
      const report = await this.lock(tx, input.trackingCode);
      this.authorize(input.actor, input.action, report);
      const to = transition(report.status, input.action);
      if (ACTIONS_NEEDING_TEXT.has(input.action) && !text && input.actor.type === "staff") {
        throw new InvalidActionError("text_required", `${input.action} needs a text`);
      }
      let agencyId = report.agencyId;
      if (input.action === "route") {
        if (!input.agencyId)
          throw new InvalidActionError("agency_required", "route needs an agency");
        if (!this.options.catalog.agency(input.agencyId)) {
          throw new InvalidActionError("unknown_agency", `unknown agency ${input.agencyId}`);
        }
        agencyId = input.agencyId;
      }
      const staffId = input.actor.type === "staff" ? input.actor.staff.id : undefined;
      const updated = await tx.report.update({
        where: { id: report.id },
        data: {
          status: to,
          ...milestones(input.action, report, at, text, staffId),
          ...(input.action === "route" ? { agencyId, assigneeId: null } : {}),
        },
        include: CARD_INCLUDE,
      });
      await tx.reportEvent.create({
        data: {
          reportId: report.id,
          type: ACTION_EVENTS[input.action],
          ...actorColumns(input.actor),
          public: PUBLIC_ACTIONS.has(input.action),
          text: text ?? null,
          data: { from: report.status, to, ...(agencyId ? { agencyId } : {}) },
          createdAt: at,
        },
      });
      const rows: PendingOutbox[] = [];
      const unit: Unit = { tx, lane: laneOf(input.actor) };
      // The reporter's own reopen is answered in the chat right away, not told twice.
      if (PUBLIC_ACTIONS.has(input.action) && input.actor.type !== "reporter") {
        rows.push(await this.notifyReporter(unit, updated, input.action, text));
      }
      rows.push(...(await this.updateCards(unit, updated)));
      if (input.action === "route" && agencyId) {
        rows.push(...(await this.postToAgency(unit, updated, agencyId)));
      }
      if (input.action === "not_authority" || input.action === "reopen") {
        rows.push(...(await this.noticeToDesk(unit, updated, input.action, text)));
      }
      // A reopened report goes back to the agency that answered it.
      if (input.action === "reopen" && agencyId) {
        rows.push(...(await this.postToAgency(unit, updated, agencyId)));
      }
      const change: ReportChange = {
        reportId: report.id,
        trackingCode: report.trackingCode,
        action: input.action,
        from: report.status,
        to,
        agencyId,
        at,
      };
      return { change, pendingOutbox: rows };
    });
    for (const listener of this.options.listeners ?? []) {
      await listener.onChange(result.change).catch((error: unknown) => {
        this.options.logger.error(
          { err: error, trackingCode: result.change.trackingCode, action: result.change.action },
          "a report change listener failed; the change itself is committed",
        );
      });
    }
    return result;
  }

  /**
   * Posts the report's card to a staff chat on request (an "open" button of a batch of new
   * reports); like every card, it is redrawn as the report changes.
   */
  async showCard(input: {
    trackingCode: string;
    actor: Actor;
    chat: StaffChat;
  }): Promise<PendingOutbox[]> {
    return this.prisma.$transaction(async (tx) => {
      const report = await this.lock(tx, input.trackingCode);
      if (input.actor.type !== "staff" || input.actor.staff.role !== "admin")
        throw new NotPermittedError("role", "only the desk opens cards of new reports");
      const forDesk =
        this.options.deskChat?.channel === input.chat.channel &&
        this.options.deskChat.chatId === input.chat.chatId;
      if (forDesk && report.deskBatchPending) {
        await tx.report.update({ where: { id: report.id }, data: { deskBatchPending: false } });
      }
      return [
        await this.outbox(
          { tx, lane: "interactive" },
          input.chat,
          "card",
          this.card(report, forDesk),
          report.id,
        ),
      ];
    });
  }

  /** An internal note by staff: on the timeline, never shown to the reporter. */
  async note(input: { trackingCode: string; actor: Actor; text: string }): Promise<EventResult> {
    return this.event(input, "note");
  }

  /**
   * More information from the reporter (/tambah, or a reply to an update): on the timeline,
   * and passed on to whoever holds the report.
   */
  async addInfo(input: {
    trackingCode: string;
    actor: Actor;
    text?: string;
    /** Files the reporter sent with it, already checked and kept by the MediaStore. */
    attachments?: readonly StoredFile[];
  }): Promise<EventResult> {
    return this.event(input, "info_added");
  }

  private async event(
    input: {
      trackingCode: string;
      actor: Actor;
      text?: string;
      attachments?: readonly StoredFile[];
    },
    type: "note" | "info_added",
  ): Promise<EventResult> {
    const text = truncate(sanitizeUserText(input.text ?? ""), TEXT_LIMIT);
    const files = input.attachments ?? [];
    if (!text && files.length === 0)
      throw new InvalidActionError("text_required", `${type} needs a text`);
    const at = this.clock();
    const result = await this.prisma.$transaction(async (tx) => {
      const report = await this.lock(tx, input.trackingCode);
      if (type === "note") this.authorizeNote(input.actor, report);
      else this.authorizeOwner(input.actor, report);
      await tx.reportEvent.create({
        data: {
          reportId: report.id,
          type,
          ...actorColumns(input.actor),
          public: type === "info_added",
          text: text || null,
          ...(files.length > 0 ? { data: { attachments: files.length } } : {}),
          createdAt: at,
        },
      });
      if (files.length > 0) {
        await tx.attachment.createMany({
          data: files.map((file) => ({
            reportId: report.id,
            kind: file.kind,
            mime: file.mime,
            size: file.size,
            sha256: file.sha256,
            storagePath: file.storagePath,
            originalName: file.originalName ?? null,
          })),
        });
      }
      const rows =
        type === "info_added"
          ? await this.passOnInfo({ tx, lane: laneOf(input.actor) }, report, text, files.length)
          : [];
      const activity: ReportActivity = {
        reportId: report.id,
        trackingCode: report.trackingCode,
        type,
        status: report.status,
        agencyId: report.agencyId,
        at,
      };
      return { activity, pendingOutbox: rows };
    });
    for (const listener of this.options.listeners ?? []) {
      await listener.onActivity?.(result.activity).catch((error: unknown) => {
        this.options.logger.error(
          { err: error, trackingCode: result.activity.trackingCode },
          "a report activity listener failed; the event itself is committed",
        );
      });
    }
    return result;
  }

  private async lock(tx: Tx, trackingCode: string): Promise<CardReport> {
    // Row lock: two staff pressing buttons on the same card at once act one after the other,
    // and the second sees the status the first left.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM reports WHERE tracking_code = ${trackingCode} FOR UPDATE`;
    const id = locked[0]?.id;
    if (!id) throw new ReportNotFoundError(trackingCode);
    return tx.report.findUniqueOrThrow({ where: { id }, include: CARD_INCLUDE });
  }

  private authorize(actor: Actor, action: ReportAction, report: CardReport): void {
    switch (actor.type) {
      case "system":
        return;
      case "reporter":
        if (action !== "reopen")
          throw new NotPermittedError("role", `a reporter cannot ${action} a report`);
        this.authorizeOwner(actor, report);
        // Reporters reopen what was done, within the window after the close; the desk
        // reopens anything it rejected.
        if (report.status !== "done") throw new IllegalTransitionError(action, report.status);
        if (report.autoCloseAt && report.autoCloseAt < this.clock())
          throw new NotPermittedError("window", "the reopen window after the close has ended");
        return;
      case "staff":
        if (actor.staff.role === "admin") return;
        if (!OFFICER_ACTIONS.has(action))
          throw new NotPermittedError("role", `an officer cannot ${action} a report`);
        if (report.agencyId === null || report.agencyId !== actor.staff.agencyId)
          throw new NotPermittedError("agency", "the report is not routed to the officer's agency");
    }
  }

  private authorizeNote(actor: Actor, report: CardReport): void {
    if (actor.type === "reporter")
      throw new NotPermittedError("role", "reporters cannot add notes");
    if (actor.type === "staff" && actor.staff.role === "officer") {
      if (report.agencyId === null || report.agencyId !== actor.staff.agencyId)
        throw new NotPermittedError("agency", "the report is not routed to the officer's agency");
    }
  }

  private authorizeOwner(actor: Actor, report: CardReport): void {
    if (actor.type !== "reporter" || actor.reporterId !== report.reporterId)
      throw new NotPermittedError("owner", "only the reporter can do this");
  }

  private async outbox(
    { tx, lane }: Unit,
    to: StaffChat,
    purpose: string,
    message: OutboundMessage,
    reportId: string,
    replacesId?: string,
  ): Promise<PendingOutbox> {
    return tx.outboxMessage.create({
      data: {
        channel: to.channel,
        chatId: to.chatId,
        purpose,
        payload: message as unknown as Prisma.InputJsonObject,
        reportId,
        lane,
        ...(replacesId ? { replacesId } : {}),
      },
      select: PENDING_OUTBOX,
    });
  }

  private async notifyReporter(
    unit: Unit,
    report: CardReport,
    action: ReportAction,
    text: string | undefined,
  ): Promise<PendingOutbox> {
    const reporter = await unit.tx.reporter.findUniqueOrThrow({ where: { id: report.reporterId } });
    const language = reporter.language;
    const code = report.trackingCode;
    const agency = report.agencyId
      ? this.options.catalog.agencyName(report.agencyId, language)
      : "—";
    const lines = [t(language, REPORTER_UPDATES[action], { code, agency, text: text ?? "" })];
    // A closed report asks for the reporter's rating instead of more information.
    const rating = action === "complete";
    lines.push(
      rating
        ? t(language, "ratingPrompt", { code, days: this.options.reopenWindowDays ?? 10 })
        : t(language, "reporterUpdateFooter", { code }),
    );
    return this.outbox(
      unit,
      { channel: reporter.channel, chatId: reporter.chatId },
      `update:${action}`,
      { text: joinLines(lines, "\n\n"), ...(rating ? { choices: ratingChoices(code) } : {}) },
      report.id,
    );
  }

  private card(report: CardReport, forDesk: boolean): OutboundMessage {
    return renderCard(report, {
      catalog: this.options.catalog,
      language: this.language,
      timeZone: this.timeZone,
      forDesk,
    });
  }

  /** Every card of this report is redrawn in place with the report's current state. */
  private async updateCards(unit: Unit, report: CardReport): Promise<PendingOutbox[]> {
    const cards = await unit.tx.outboxMessage.findMany({
      where: { reportId: report.id, purpose: "card", state: { not: "failed" } },
      select: { id: true, channel: true, chatId: true },
    });
    const desk = this.options.deskChat;
    return Promise.all(
      cards.map((card) =>
        this.outbox(
          unit,
          card,
          "card_update",
          this.card(report, desk?.channel === card.channel && desk.chatId === card.chatId),
          report.id,
          card.id,
        ),
      ),
    );
  }

  /** Where an agency's reports go: its chat in the catalog, else its officers' private chats. */
  private async agencyChats(tx: Tx, agencyId: string): Promise<StaffChat[]> {
    const chat = this.options.catalog.agency(agencyId)?.chat;
    if (chat) return [{ channel: "telegram", chatId: chat }];
    const officers = await tx.staff.findMany({
      where: { agencyId, role: "officer", active: true, chatId: { not: null } },
      select: { channel: true, chatId: true },
    });
    return officers.flatMap((officer) =>
      officer.chatId ? [{ channel: officer.channel, chatId: officer.chatId }] : [],
    );
  }

  private async postToAgency(
    unit: Unit,
    report: CardReport,
    agencyId: string,
  ): Promise<PendingOutbox[]> {
    const chats = await this.agencyChats(unit.tx, agencyId);
    if (chats.length === 0) {
      this.options.logger.warn(
        { trackingCode: report.trackingCode, agencyId },
        "routed report reaches nobody: the agency has no chat in the catalog and no officer with a private chat",
      );
    }
    return Promise.all(
      chats.map((chat) => this.outbox(unit, chat, "card", this.card(report, false), report.id)),
    );
  }

  private async noticeToDesk(
    unit: Unit,
    report: CardReport,
    action: ReportAction,
    text: string | undefined,
  ): Promise<PendingOutbox[]> {
    const desk = this.options.deskChat;
    if (!desk) return [];
    const message = t(
      this.language,
      action === "reopen" ? "deskNoticeReopened" : "deskNoticeNotAuthority",
      {
        code: report.trackingCode,
        agency: report.agencyId
          ? this.options.catalog.agencyName(report.agencyId, this.language)
          : "—",
        text: text ?? "",
      },
    );
    return [await this.outbox(unit, desk, "staff_notice", { text: message }, report.id)];
  }

  /** The reporter's new information goes to the officer holding the report, else its agency, else the desk. */
  private async passOnInfo(
    unit: Unit,
    report: CardReport,
    text: string,
    attachments: number,
  ): Promise<PendingOutbox[]> {
    let chats: StaffChat[] = [];
    if (report.assigneeId) {
      const assignee = await unit.tx.staff.findUnique({ where: { id: report.assigneeId } });
      if (assignee?.active && assignee.chatId)
        chats = [{ channel: assignee.channel, chatId: assignee.chatId }];
    }
    if (chats.length === 0 && report.agencyId)
      chats = await this.agencyChats(unit.tx, report.agencyId);
    if (chats.length === 0 && this.options.deskChat) chats = [this.options.deskChat];
    const message: OutboundMessage = {
      text: joinLines([
        t(this.language, "staffInfoAdded", {
          code: report.trackingCode,
          title: truncate(report.title, 80),
        }),
        ...(text ? [[{ text }]] : []),
        ...(attachments > 0
          ? [
              t(this.language, "staffInfoAttachments", {
                count: attachments,
                code: report.trackingCode,
              }),
            ]
          : []),
        t(this.language, "staffInfoAddedFooter", { code: report.trackingCode }),
      ]),
    };
    return Promise.all(
      chats.map((chat) => this.outbox(unit, chat, "staff_notice", message, report.id)),
    );
  }
}

const REPORTER_UPDATES = {
  verify: "reporterVerified",
  route: "reporterRouted",
  reply: "reporterReplied",
  hold: "reporterHeld",
  reject: "reporterRejected",
  not_authority: "reporterHeld",
  complete: "reporterDone",
  reopen: "reporterReopened",
} as const satisfies Record<ReportAction, string>;

function actorColumns(actor: Actor): {
  actorType: "staff" | "reporter" | "system";
  actorId: string | null;
} {
  switch (actor.type) {
    case "staff":
      return { actorType: "staff", actorId: actor.staff.id };
    case "reporter":
      return { actorType: "reporter", actorId: actor.reporterId };
    case "system":
      return { actorType: "system", actorId: null };
  }
}

/** Milestone times the statistics count, set once when first reached. */
function milestones(
  action: ReportAction,
  report: CardReport,
  at: Date,
  text: string | undefined,
  staffId: string | undefined,
): Prisma.ReportUncheckedUpdateInput {
  switch (action) {
    case "verify":
      return { verifiedAt: report.verifiedAt ?? at };
    case "route":
      return { verifiedAt: report.verifiedAt ?? at, routedAt: at };
    case "reply":
      return {
        firstAnsweredAt: report.firstAnsweredAt ?? at,
        ...(staffId && !report.assigneeId ? { assigneeId: staffId } : {}),
      };
    case "complete":
      return { resolvedAt: at };
    case "hold":
    case "reject":
    case "not_authority":
      return { closedReason: text ?? null };
    case "reopen":
      return { resolvedAt: null };
  }
}
