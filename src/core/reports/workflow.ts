import type { Catalog } from "../../config/catalog.js";
import type { Logger } from "../logger.js";
import { t } from "../i18n/index.js";
import type { StoredFile } from "../media/media-store.js";
import { hasChat, type Language, type OutboundMessage } from "../messages.js";
import { joinLines, sanitizeUserText, truncate } from "../text.js";
import type { OutboxLane, ReportStatus } from "../words.js";
import {
  ACTION_EVENTS,
  ACTIONS_NEEDING_TEXT,
  IllegalTransitionError,
  isOpen,
  transition,
  type ReportAction,
} from "./lifecycle.js";
import { noticeKindOfPurpose } from "./notices.js";
import { reportStatusLabels } from "../i18n/labels.js";
import { ratingChoices } from "./ratings.js";
import type { OutboxEntry, PendingOutbox, Recipient } from "./outbox.js";
import { includesChat, Recipients, type DeskChats } from "./recipients.js";
import { reportFileMessages } from "./report-files.js";
import type { ActorRef, ReportChanges, ReportRecord } from "./records.js";
import { redactIdentity, redactReporterText } from "./redaction.js";
import type { ReportStore, ReportUnit } from "./report-store.js";
import type { Timer } from "./deadline-policy.js";
import type { DeadlineService } from "./deadlines.js";
import { agencyUnreached, renderCard, renderMovedCard } from "../desk/views/card.js";
import { systemClock, type Clock } from "../time/clock.js";
import { isSupportable, type SupportOutcome, type SupporterAccount } from "./supporters.js";

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
  /** The timers of the deadlines the change moved away from, for the scheduler to drop. */
  replacedTimers?: readonly Timer[];
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
  /**
   * Files staff send with an answer or a close (proof of the repair), already checked and
   * kept by the MediaStore: on the timeline, and delivered to the reporter with the notice.
   */
  attachments?: readonly StoredFile[];
}

export interface ApplyResult {
  change: ReportChange;
  /** Outbox rows written with the change; hand them to OutboundQueues.enqueue. */
  pendingOutbox: PendingOutbox[];
  /**
   * The agency the report went to (routed, reopened) has nobody to receive it: no chat in the
   * catalog and no officer the bot can reach. Whoever acted must be told.
   */
  unreached?: string;
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
    /** `supporter`: a reporter acting on a report they support, which is not theirs. */
    readonly reason: "role" | "agency" | "owner" | "supporter" | "window",
    message: string,
  ) {
    super(message);
  }
}

/** Information for a report nobody handles any more (done, rejected); nothing was changed. */
export class ReportClosedError extends Error {
  override name = "ReportClosedError";
  constructor(
    readonly status: ReportStatus,
    /** Done, and within the window in which its reporter may still reopen it. */
    readonly reopenable: boolean,
  ) {
    super(`the report is ${status}: nobody handles it any more`);
  }
}

/** The input is incomplete (a missing reason, an unknown agency); nothing was changed. */
export class InvalidActionError extends Error {
  override name = "InvalidActionError";
  constructor(
    /**
     * `same_agency`: routing a routed report to the agency that already has it;
     * `already_verified`: verifying a held report the desk verified before.
     */
    readonly reason:
      "text_required" | "agency_required" | "unknown_agency" | "same_agency" | "already_verified",
    message: string,
  ) {
    super(message);
  }
}

/** Why two reports cannot be merged; nothing was changed. */
export class MergeRefusedError extends Error {
  override name = "MergeRefusedError";
  constructor(
    readonly reason: "same_report" | "closed" | "confidentiality",
    /** The report the refusal is about (the closed one; for confidentiality, the rahasia one). */
    readonly trackingCode: string,
    readonly status: ReportStatus,
  ) {
    super(`cannot merge: ${reason} (${trackingCode})`);
  }
}

export interface SupportResult {
  readonly outcome: SupportOutcome;
  readonly pendingOutbox: PendingOutbox[];
}

export interface MergeResult {
  readonly from: string;
  readonly into: string;
  /** Supporters the target gained (the merged report's reporter among them). */
  readonly supporters: number;
  readonly attachments: number;
  readonly pendingOutbox: PendingOutbox[];
}

export interface ReportWorkflowOptions {
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly listeners?: readonly ReportChangeListener[];
  /** Moves a report's deadlines with its status, in the change's own transaction. */
  readonly deadlines?: Pick<DeadlineService, "move">;
  /** The desk's chats (groups, or admins privately); none: no desk cards. */
  readonly desk?: DeskChats;
  /** Language of staff cards and notices. */
  readonly staffLanguage?: Language;
  readonly timeZone?: string;
  /** Working days after a close in which the reporter may rate or reopen (AUTO_CLOSE_WORKING_DAYS). */
  readonly reopenWindowDays?: number;
  /** The address of a report's public page (PUBLIC_BASE_URL); none: no link is sent. */
  readonly publicPage?: (trackingCode: string) => string;
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

/** What supporters hear of: the milestones of the report they support, not holds or refusals. */
const SUPPORTER_ACTIONS: ReadonlySet<ReportAction> = new Set([
  "verify",
  "route",
  "reply",
  "complete",
]);

const TEXT_LIMIT = 3500;

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
  private readonly recipients: Recipients;

  constructor(
    private readonly store: ReportStore,
    private readonly options: ReportWorkflowOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.language = options.staffLanguage ?? "id";
    this.timeZone = options.timeZone ?? "Asia/Jakarta";
    this.recipients = new Recipients(options.catalog, options.desk);
  }

  async apply(input: ApplyInput): Promise<ApplyResult> {
    const text = input.text ? truncate(sanitizeUserText(input.text), TEXT_LIMIT) : undefined;
    const files = input.attachments ?? [];
    const at = this.clock();
    const result = await this.store.transaction(async (unit) => {
      const report = await this.lock(unit, input.trackingCode);
      await this.refuseSupporter(unit, input.actor, report);
      this.authorize(input.actor, input.action, report);
      // A held report the desk had verified goes back to its agency (route), not through the
      // desk again: its citizen was told of the verification once.
      if (input.action === "verify" && report.status === "on_hold" && report.verifiedAt !== null) {
        throw new InvalidActionError("already_verified", "the report was verified before");
      }
      const to = transition(report.status, input.action);
      // A photo of the repaired road answers without words.
      const needsText = ACTIONS_NEEDING_TEXT.has(input.action) && files.length === 0;
      if (needsText && !text && input.actor.type === "staff") {
        throw new InvalidActionError("text_required", `${input.action} needs a text`);
      }
      let agencyId = report.agencyId;
      if (input.action === "route") {
        if (!input.agencyId)
          throw new InvalidActionError("agency_required", "route needs an agency");
        if (!this.options.catalog.agency(input.agencyId)) {
          throw new InvalidActionError("unknown_agency", `unknown agency ${input.agencyId}`);
        }
        // Two presses of one button, or /disposisi repeated: the citizen and the agency heard
        // of the routing once, and hear nothing again.
        if (report.status === "routed" && report.agencyId === input.agencyId) {
          throw new InvalidActionError("same_agency", `already routed to ${input.agencyId}`);
        }
        agencyId = input.agencyId;
      }
      const staffId = input.actor.type === "staff" ? input.actor.staff.id : undefined;
      const changed = await unit.update(report.id, {
        status: to,
        ...milestones(input.action, report, at, text, staffId),
        ...(input.action === "route" ? { agencyId, assigneeId: null } : {}),
      });
      await unit.appendEvent({
        reportId: report.id,
        type: ACTION_EVENTS[input.action],
        actor: actorRef(input.actor),
        public: PUBLIC_ACTIONS.has(input.action),
        text: text ?? null,
        data: {
          from: report.status,
          to,
          ...(agencyId ? { agencyId } : {}),
          ...(files.length > 0 ? { attachments: files.length } : {}),
        },
        at,
      });
      await unit.addAttachments(report.id, files);
      const moved = await this.options.deadlines?.move(unit, report.id);
      const updated = moved ? { ...changed, ...moved.due } : changed;
      const lane = laneOf(input.actor);
      const entries: OutboxEntry[] = [];
      // The reporter's own reopen is answered in the chat right away, not told twice.
      if (PUBLIC_ACTIONS.has(input.action) && input.actor.type !== "reporter") {
        entries.push(...(await this.reporterUpdate(unit, updated, input.action, text, lane)));
        entries.push(...(await this.reporterFiles(unit, updated, files, lane)));
      }
      if (SUPPORTER_ACTIONS.has(input.action)) {
        entries.push(...(await this.supporterUpdates(unit, updated, input.action, text, lane)));
      }
      const routedFrom =
        input.action === "route" && report.agencyId !== agencyId
          ? (report.agencyId ?? undefined)
          : undefined;
      entries.push(...(await this.cardRedraws(unit, updated, lane, routedFrom)));
      // Routed, or reopened: back to the agency that answered it.
      const agencyCards =
        (input.action === "route" || input.action === "reopen") && agencyId
          ? await this.agencyCards(unit, updated, agencyId, lane)
          : undefined;
      const unreached = agencyCards?.length === 0 ? (agencyId ?? undefined) : undefined;
      if (input.action === "not_authority" || input.action === "reopen") {
        // Staff who reopen are warned in their reply; a reporter's reopen only the desk can mend.
        const warn = input.actor.type === "staff" ? undefined : unreached;
        entries.push(...(await this.deskNotices(unit, updated, input.action, text, lane, warn)));
      }
      entries.push(...(agencyCards ?? []));
      const change: ReportChange = {
        reportId: report.id,
        trackingCode: report.trackingCode,
        action: input.action,
        from: report.status,
        to,
        agencyId,
        at,
        ...(moved ? { replacedTimers: moved.timers.before } : {}),
      };
      const pendingOutbox = await unit.appendOutbox(entries);
      return { change, pendingOutbox, ...(unreached ? { unreached } : {}) };
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
   * A citizen supports an open public report ("me too") instead of filing it again: stored
   * once per person, never by its own reporter; the cards are redrawn with the new count.
   */
  async support(input: {
    trackingCode: string;
    account: SupporterAccount;
  }): Promise<SupportResult> {
    const at = this.clock();
    const trackingCode = input.trackingCode;
    return this.store.transaction(async (unit) => {
      const report = await unit.lock({ trackingCode });
      if (!report || !isSupportable(report))
        return { outcome: { kind: "unavailable", trackingCode }, pendingOutbox: [] };
      const reporterId = await unit.upsertAccount(input.account);
      if (reporterId === report.reporterId)
        return { outcome: { kind: "own", trackingCode }, pendingOutbox: [] };
      const added = await unit.addSupporter(report.id, reporterId, at);
      const updated = added ? await this.lock(unit, trackingCode) : report;
      const entries = added ? await this.cardRedraws(unit, updated, "interactive") : [];
      return {
        outcome: { kind: "supported", trackingCode, supporters: updated.supporterCount },
        pendingOutbox: await unit.appendOutbox(entries),
      };
    });
  }

  /**
   * The desk merges a duplicate into the report it repeats (/gabung): the duplicate's
   * supporters and its reporter become the target's supporters, its attachments move, and it
   * is closed as a duplicate (status rejected, event `merged`): counted apart like an archived
   * report, never as a follow-up failure. Both timelines name the other report; both reporters
   * are told; every card of both is redrawn.
   */
  async merge(input: { from: string; into: string; actor: Actor }): Promise<MergeResult> {
    if (input.actor.type !== "staff" || input.actor.staff.role !== "admin")
      throw new NotPermittedError("role", "only the desk merges reports");
    const at = this.clock();
    const actor = actorRef(input.actor);
    const { change, ...result } = await this.store.transaction(async (unit) => {
      // Both rows locked in one order, so two merges of the same pair cannot deadlock.
      const locked = new Map<string, ReportRecord>();
      for (const code of [...new Set([input.from, input.into])].sort())
        locked.set(code, await this.lock(unit, code));
      const from = locked.get(input.from);
      const into = locked.get(input.into);
      if (!from || !into || from.id === into.id)
        throw new MergeRefusedError("same_report", input.from, from?.status ?? "submitted");
      for (const report of [from, into]) {
        if (!isOpen(report.status))
          throw new MergeRefusedError("closed", report.trackingCode, report.status);
      }
      // A rahasia report merged into a public one would publish it through the target; a
      // public one merged into a rahasia one would make its supporters follow a secret.
      if (from.confidential !== into.confidential) {
        const secret = from.confidential ? from : into;
        throw new MergeRefusedError("confidentiality", secret.trackingCode, secret.status);
      }
      const moved = await unit.moveToMerged(from.id, into);
      const reporterJoined =
        from.reporterId !== into.reporterId &&
        (await unit.addSupporter(into.id, from.reporterId, at));
      const closed = await unit.update(from.id, { status: "rejected" });
      await unit.appendEvent({
        reportId: from.id,
        type: "merged",
        actor,
        public: true,
        text: into.trackingCode,
        data: { from: from.status, to: "rejected", into: into.trackingCode },
        at,
      });
      await unit.appendEvent({
        reportId: into.id,
        type: "merged",
        actor,
        public: false,
        text: `${from.trackingCode}: ${truncate(from.title, 200)}`,
        data: {
          source: from.trackingCode,
          supporters: moved.supporters,
          attachments: moved.attachments,
        },
        at,
      });
      const closedDeadlines = await this.options.deadlines?.move(unit, from.id);
      const target = await this.lock(unit, into.trackingCode);
      const entries: OutboxEntry[] = [
        ...(await this.mergeNotices(unit, closed, target)),
        ...(await this.cardRedraws(unit, { ...closed, ...closedDeadlines?.due }, "interactive")),
        ...(await this.cardRedraws(unit, target, "interactive")),
      ];
      const change: ReportChange = {
        reportId: from.id,
        trackingCode: from.trackingCode,
        // For the deadlines, a merge closes the duplicate as a rejection does.
        action: "reject",
        from: from.status,
        to: "rejected",
        agencyId: from.agencyId,
        at,
        ...(closedDeadlines ? { replacedTimers: closedDeadlines.timers.before } : {}),
      };
      return {
        change,
        from: from.trackingCode,
        into: into.trackingCode,
        supporters: moved.supporters + (reporterJoined ? 1 : 0),
        attachments: moved.attachments,
        pendingOutbox: await unit.appendOutbox(entries),
      };
    });
    for (const listener of this.options.listeners ?? []) {
      await listener.onChange(change).catch((error: unknown) => {
        this.options.logger.error(
          { err: error, trackingCode: result.from, action: "merge" },
          "a report change listener failed; the merge itself is committed",
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
    chat: Recipient;
  }): Promise<PendingOutbox[]> {
    return this.store.transaction(async (unit) => {
      const report = await this.lock(unit, input.trackingCode);
      if (input.actor.type !== "staff" || input.actor.staff.role !== "admin")
        throw new NotPermittedError("role", "only the desk opens cards of new reports");
      const forDesk = await this.recipients.isDesk(unit, input.chat);
      if (forDesk && report.deskBatchPending) {
        await unit.update(report.id, { deskBatchPending: false });
      }
      return unit.appendOutbox([
        {
          to: input.chat,
          purpose: "card",
          message: this.card(report, forDesk),
          reportId: report.id,
          lane: "interactive",
        },
        ...this.staffFiles(report, input.chat, await unit.attachments(report.id), "interactive"),
      ]);
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
    const result = await this.store.transaction(async (unit) => {
      const report = await this.lock(unit, input.trackingCode);
      if (type === "note") this.authorizeNote(input.actor, report);
      else {
        await this.refuseSupporter(unit, input.actor, report);
        this.authorizeOwner(input.actor, report);
        // Nobody handles a closed report any more: saying it was passed on would be untrue.
        if (!isOpen(report.status)) {
          const windowOpen = !report.autoCloseAt || report.autoCloseAt >= at;
          throw new ReportClosedError(report.status, report.status === "done" && windowOpen);
        }
      }
      await unit.appendEvent({
        reportId: report.id,
        type,
        actor: actorRef(input.actor),
        public: type === "info_added",
        text: text || null,
        ...(files.length > 0 ? { data: { attachments: files.length } } : {}),
        at,
      });
      await unit.addAttachments(report.id, files);
      const entries =
        type === "info_added"
          ? await this.infoForHolder(unit, report, text, files, laneOf(input.actor))
          : [];
      const activity: ReportActivity = {
        reportId: report.id,
        trackingCode: report.trackingCode,
        type,
        status: report.status,
        agencyId: report.agencyId,
        at,
      };
      return { activity, pendingOutbox: await unit.appendOutbox(entries) };
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

  private async lock(unit: ReportUnit, trackingCode: string): Promise<ReportRecord> {
    const report = await unit.lock({ trackingCode });
    if (!report) throw new ReportNotFoundError(trackingCode);
    return report;
  }

  private authorize(actor: Actor, action: ReportAction, report: ReportRecord): void {
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

  private authorizeNote(actor: Actor, report: ReportRecord): void {
    if (actor.type === "reporter")
      throw new NotPermittedError("role", "reporters cannot add notes");
    if (actor.type === "staff" && actor.staff.role === "officer") {
      if (report.agencyId === null || report.agencyId !== actor.staff.agencyId)
        throw new NotPermittedError("agency", "the report is not routed to the officer's agency");
    }
  }

  /** Someone who supports the report is told apart from a stranger: it is still not theirs. */
  private async refuseSupporter(unit: ReportUnit, actor: Actor, report: ReportRecord) {
    if (actor.type !== "reporter" || actor.reporterId === report.reporterId) return;
    const supporters = await unit.supporters(report.id);
    if (supporters.some((supporter) => supporter.id === actor.reporterId))
      throw new NotPermittedError("supporter", "only the reporter can do this; they support it");
  }

  private authorizeOwner(actor: Actor, report: ReportRecord): void {
    if (actor.type !== "reporter" || actor.reporterId !== report.reporterId)
      throw new NotPermittedError("owner", "only the reporter can do this");
  }

  private async reporterUpdate(
    unit: ReportUnit,
    report: ReportRecord,
    action: ReportAction,
    text: string | undefined,
    lane: OutboxLane,
  ): Promise<OutboxEntry[]> {
    const reporter = await unit.reporter(report.reporterId);
    // A report filed by another system (Open311) has no chat: the filer reads its status there.
    if (!hasChat(reporter.channel)) return [];
    const language = reporter.language;
    const code = report.trackingCode;
    const agency = report.agencyId
      ? this.options.catalog.agencyName(report.agencyId, language)
      : "—";
    const lines = [t(language, REPORTER_UPDATES[action], { code, agency, text: text ?? "" })];
    // Public once the desk looked at it, unless rahasia: the same rule as the public pages.
    const published = !report.confidential && (report.verifiedAt || report.routedAt);
    if (published && this.options.publicPage) {
      lines.push(t(language, "publicLinkNotice", { url: this.options.publicPage(code) }));
    }
    // A closed report asks for the reporter's rating, or points to a new report, instead of
    // inviting information nobody will read.
    const rating = action === "complete";
    lines.push(
      rating
        ? t(language, "ratingPrompt", { code, days: this.options.reopenWindowDays ?? 10 })
        : action === "reject"
          ? t(language, "reporterRejectedFooter", { code })
          : t(language, "reporterUpdateFooter", { code }),
    );
    const purpose = `update:${action}` as const;
    const days = String(this.options.reopenWindowDays ?? 10);
    const kind = noticeKindOfPurpose(purpose);
    return [
      {
        to: { channel: reporter.channel, chatId: reporter.chatId },
        purpose,
        message: {
          text: joinLines(lines, "\n\n"),
          ...(rating ? { choices: ratingChoices(code) } : {}),
          ...(kind
            ? {
                notice: {
                  kind,
                  language,
                  values: { code, agency, text: text ?? "", ...(rating ? { days } : {}) },
                },
              }
            : {}),
        },
        reportId: report.id,
        lane,
      },
    ];
  }

  /**
   * The milestone as its supporters hear it: the same words as the reporter's, under a line
   * saying which report they support, with the reporter's identity blanked out of staff's
   * text (an answer may greet the reporter by name) and no rating question.
   */
  private async supporterUpdates(
    unit: ReportUnit,
    report: ReportRecord,
    action: ReportAction,
    text: string | undefined,
    lane: OutboxLane,
  ): Promise<OutboxEntry[]> {
    const supporters = (await unit.supporters(report.id)).filter((s) => hasChat(s.channel));
    if (supporters.length === 0) return [];
    const shown = text ? redactIdentity(text, report.reporter) : "";
    const code = report.trackingCode;
    const title = redactReporterText(truncate(report.title, 80), report.reporter);
    const published = !report.confidential && (report.verifiedAt || report.routedAt);
    const purpose = `support:${action}` as const;
    return supporters.map((supporter) => {
      const language = supporter.language;
      const agency = report.agencyId
        ? this.options.catalog.agencyName(report.agencyId, language)
        : "—";
      const lines = [
        t(language, "supporterNoticeHeader", { code, title }),
        t(language, REPORTER_UPDATES[action], { code, agency, text: shown }),
        ...(published && this.options.publicPage
          ? [t(language, "publicLinkNotice", { url: this.options.publicPage(code) })]
          : []),
        t(language, "supporterNoticeFooter", { code }),
      ];
      // Never the reporter's template: it would ask a supporter to rate or to reply.
      const status = reportStatusLabels[language][report.status];
      return {
        to: { channel: supporter.channel, chatId: supporter.chatId },
        purpose,
        message: {
          text: joinLines(lines, "\n\n"),
          notice: { kind: "supported", language, values: { code, status } },
        },
        reportId: report.id,
        lane,
      };
    });
  }

  /** Both reporters hear of a merge, each in their language. */
  private async mergeNotices(
    unit: ReportUnit,
    from: ReportRecord,
    into: ReportRecord,
  ): Promise<OutboxEntry[]> {
    const told = async (
      report: ReportRecord,
      key: "mergedIntoNotice" | "mergedFromNotice",
    ): Promise<OutboxEntry[]> => {
      const reporter = await unit.reporter(report.reporterId);
      if (!hasChat(reporter.channel)) return [];
      return [
        {
          to: { channel: reporter.channel, chatId: reporter.chatId },
          purpose: "merge_notice",
          message: {
            text: t(reporter.language, key, {
              code: report.trackingCode,
              from: from.trackingCode,
              into: into.trackingCode,
              count: into.supporterCount,
            }),
          },
          reportId: report.id,
          lane: "interactive",
        },
      ];
    };
    const same = from.reporterId === into.reporterId;
    return [
      ...(await told(from, "mergedIntoNotice")),
      ...(same ? [] : await told(into, "mergedFromNotice")),
    ];
  }

  private card(report: ReportRecord, forDesk: boolean): OutboundMessage {
    return renderCard(report, {
      catalog: this.options.catalog,
      language: this.language,
      timeZone: this.timeZone,
      forDesk,
    });
  }

  /**
   * Every card of this report is redrawn in place with the report's current state, where it
   * may still be read. The cards of the agency it is routed away from (`routedFrom`) say so
   * once, and are then left as they are, like those of staff taken off the desk.
   */
  private async cardRedraws(
    unit: ReportUnit,
    report: ReportRecord,
    lane: OutboxLane,
    routedFrom?: string,
  ): Promise<OutboxEntry[]> {
    const cards = await unit.cards(report.id);
    if (cards.length === 0) return [];
    const seats = await this.recipients.deskSeats(unit);
    const readers = await this.recipients.cardReaders(unit, report.agencyId);
    const leaving = routedFrom ? await this.recipients.agencyMembers(unit, routedFrom) : [];
    const entries: OutboxEntry[] = [];
    for (const card of cards) {
      const forDesk = includesChat(seats, card);
      const message =
        forDesk || includesChat(readers, card)
          ? this.card(report, forDesk)
          : includesChat(leaving, card)
            ? renderMovedCard(report, { catalog: this.options.catalog, language: this.language })
            : undefined;
      if (!message) continue;
      entries.push({
        to: card,
        purpose: "card_update",
        message,
        reportId: report.id,
        lane,
        replacesId: card.id,
      });
    }
    return entries;
  }

  private async agencyCards(
    unit: ReportUnit,
    report: ReportRecord,
    agencyId: string,
    lane: OutboxLane,
  ): Promise<OutboxEntry[]> {
    const chats = await this.recipients.agency(unit, agencyId);
    if (chats.length === 0) {
      this.options.logger.warn(
        { trackingCode: report.trackingCode, agencyId },
        "routed report reaches nobody: the agency has no chat in the catalog and no officer with a private chat",
      );
    }
    const files = await unit.attachments(report.id);
    return chats.flatMap((chat): OutboxEntry[] => [
      { to: chat, purpose: "card", message: this.card(report, false), reportId: report.id, lane },
      ...this.staffFiles(report, chat, files, lane),
    ]);
  }

  /** A report's files to a staff chat, right after its card (the header names the report). */
  private staffFiles(
    report: ReportRecord,
    chat: Recipient,
    files: readonly StoredFile[],
    lane: OutboxLane,
    added?: { readonly firstNumber: number },
  ): OutboxEntry[] {
    return this.filesFor(report, chat, files, {
      ...(added ? { firstNumber: added.firstNumber, added: true } : {}),
    }).map((message) => ({ to: chat, purpose: "files", message, reportId: report.id, lane }));
  }

  /**
   * A report's files as messages to a staff chat (a card's, /berkas): the files where the
   * report allows them there (a rahasia report's stay in the desk's and agencies' groups),
   * file names of an anonim reporter replaced, a note for each file too large for the platform.
   */
  filesFor(
    report: ReportRecord,
    chat: Recipient,
    files: readonly StoredFile[],
    options: { readonly firstNumber?: number; readonly added?: boolean } = {},
  ): OutboundMessage[] {
    const header = t(this.language, options.added ? "mediaNewFilesHeader" : "mediaFilesHeader", {
      code: report.trackingCode,
      count: files.length,
    });
    return reportFileMessages(this.recipients, {
      report,
      files,
      to: chat,
      language: this.language,
      header,
      forReporter: false,
      ...(options.firstNumber ? { firstNumber: options.firstNumber } : {}),
    });
  }

  /** Staff proof to the reporter, right after the notice it belongs to. */
  private async reporterFiles(
    unit: ReportUnit,
    report: ReportRecord,
    files: readonly StoredFile[],
    lane: OutboxLane,
  ): Promise<OutboxEntry[]> {
    if (files.length === 0) return [];
    const reporter = await unit.reporter(report.reporterId);
    if (!hasChat(reporter.channel)) return [];
    const to = { channel: reporter.channel, chatId: reporter.chatId };
    return reportFileMessages(this.recipients, {
      report,
      files,
      to,
      language: reporter.language,
      header: t(reporter.language, "mediaProofHeader", { code: report.trackingCode }),
      forReporter: true,
    }).map((message) => ({ to, purpose: "reporter_files", message, reportId: report.id, lane }));
  }

  private async deskNotices(
    unit: ReportUnit,
    report: ReportRecord,
    action: ReportAction,
    text: string | undefined,
    lane: OutboxLane,
    unreached?: string,
  ): Promise<OutboxEntry[]> {
    const { catalog } = this.options;
    const notice = t(
      this.language,
      action === "reopen" ? "deskNoticeReopened" : "deskNoticeNotAuthority",
      {
        code: report.trackingCode,
        agency: report.agencyId ? catalog.agencyName(report.agencyId, this.language) : "—",
        text: text ?? "",
      },
    );
    const message = unreached
      ? joinLines([notice, agencyUnreached(catalog, this.language, unreached)], "\n\n")
      : notice;
    return (await this.recipients.desk(unit)).map((to) => ({
      to,
      purpose: "staff_notice",
      message: { text: message },
      reportId: report.id,
      lane,
    }));
  }

  /** The reporter's new information goes to whoever holds the report. */
  private async infoForHolder(
    unit: ReportUnit,
    report: ReportRecord,
    text: string,
    files: readonly StoredFile[],
    lane: OutboxLane,
  ): Promise<OutboxEntry[]> {
    const attachments = files.length;
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
    // The report was locked before the new files were added: its count is of the earlier ones.
    const added = { firstNumber: report.attachmentCount + 1 };
    return (await this.recipients.holder(unit, report)).flatMap((to): OutboxEntry[] => [
      { to, purpose: "staff_notice", message, reportId: report.id, lane },
      ...this.staffFiles(report, to, files, lane, added),
    ]);
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

function actorRef(actor: Actor): ActorRef {
  switch (actor.type) {
    case "staff":
      return { type: "staff", id: actor.staff.id };
    case "reporter":
      return { type: "reporter", id: actor.reporterId };
    case "system":
      return { type: "system", id: null };
  }
}

/** Milestone times the statistics count, set once when first reached. */
function milestones(
  action: ReportAction,
  report: ReportRecord,
  at: Date,
  text: string | undefined,
  staffId: string | undefined,
): ReportChanges {
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
      // reports.rating is the rating of the current close: the next close asks again, and
      // the earlier ratings stay on the timeline as `rated` events.
      return { resolvedAt: null, rating: null, ratingComment: null };
  }
}
