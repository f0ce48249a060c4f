import type { Catalog } from "../../config/catalog.js";
import type { AuditStore } from "../audit/audit-store.js";
import { formatBytes, t } from "../i18n/index.js";
import { reportStatusLabels } from "../i18n/labels.js";
import type { Logger } from "../logger.js";
import type { MediaStore, StoredFile } from "../media/media-store.js";
import type {
  ChannelName,
  Choice,
  IncomingMedia,
  InboundMessage,
  Language,
  OutboundMessage,
} from "../messages.js";
import type { ReportAction } from "../reports/lifecycle.js";
import {
  enqueueCommitted,
  isToReporter,
  isToStaff,
  type OutboxQueue,
  type PendingOutbox,
} from "../reports/outbox.js";
import type { ReportRecord } from "../reports/records.js";
import type { ReportQueries } from "../reports/report-queries.js";
import { joinLines } from "../text.js";
import type { ReportStore } from "../reports/report-store.js";
import { ReportClosedError, type Actor, type ReportWorkflow } from "../reports/workflow.js";
import type { StaffDirectory } from "../staff/staff-directory.js";
import type { StaffMember, UsernameHolder } from "../staff/staff-store.js";
import { trackingCodeArg } from "./args.js";
import type { DeskStore } from "./desk-store.js";
import { explainToReporter, explainToStaff, say } from "./errors.js";
import { agencyUnreached, awaitsVerification, suggestedAgency } from "./views/card.js";
import { maskedAccount } from "../privacy/masked-account.js";

/** What the desk is built from. */
export interface DeskDependencies {
  readonly reports: ReportStore;
  readonly store: DeskStore;
  readonly workflow: ReportWorkflow;
  readonly directory: StaffDirectory;
  /** Who saw which report: every /lihat is recorded, and /audit reads it back. */
  readonly audit: AuditStore;
  readonly catalog: Catalog;
  readonly outbox: OutboxQueue;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly trackingCodePrefix: string;
  /** Working days after a close in which the reporter may reopen (AUTO_CLOSE_WORKING_DAYS). */
  readonly reopenWindowDays: number;
  /** Keeps files reporters add to their reports. */
  readonly media: MediaStore;
  /**
   * An account id as its platform knows it, from what an admin typed (a WhatsApp number
   * becomes its chat id); what was typed, when left out.
   */
  readonly accountId?: (channel: ChannelName, typed: string) => string;
  /** Who wrote to the bot under a @username most recently (the session store remembers). */
  readonly usernames: {
    usernameHolder(channel: ChannelName, username: string): Promise<UsernameHolder | undefined>;
  };
  /** The language a person chose, kept with them as a reporter; null when they chose none. */
  readonly languages: Pick<ReportQueries, "languageOf">;
  /** What staff read when their own language is not known: the deployment's default. */
  readonly staffLanguage: Language;
}

export interface ChangeInput {
  readonly trackingCode: string;
  readonly action: ReportAction;
  readonly text?: string;
  readonly agencyId?: string;
  /** Proof staff sent with an answer or a close, already kept by the MediaStore. */
  readonly attachments?: readonly StoredFile[];
}

/** A message of the bot's that a reply quotes (see `DeskKit.quoted`). */
export type Quoted = {
  /** Sent to staff only (a card, a batch, a desk notice): answered by acting on the report. */
  readonly toStaff: boolean;
  /** Sent to the reporter (an update): answered by adding information. */
  readonly toReporter: boolean;
  readonly choices: readonly Choice[];
} & ({ readonly batch: false; readonly code: string } | { readonly batch: true });

/**
 * The tools every desk handler shares: acting on a report for a staff member and saying what
 * happened, a reporter adding to their report, reading codes, keeping files, queueing what a
 * change wrote to the outbox.
 */
export class DeskKit {
  constructor(readonly deps: DeskDependencies) {}

  code(raw: string | undefined): string | undefined {
    return trackingCodeArg(raw, this.deps.trackingCodePrefix);
  }

  actor(staff: StaffMember): Actor {
    return { type: "staff", staff: { id: staff.id, role: staff.role, agencyId: staff.agencyId } };
  }

  async enqueue(rows: readonly PendingOutbox[]): Promise<void> {
    await enqueueCommitted(this.deps.outbox, this.deps.logger, rows);
  }

  explain(
    error: unknown,
    language: Language,
    code: string,
    staff: StaffMember | undefined,
  ): OutboundMessage[] {
    const { catalog, logger } = this.deps;
    return explainToStaff(error, { language, code, staffId: staff?.id, catalog, logger });
  }

  /**
   * Why `report` may not be shown where `message` asks (undefined: it may): an officer sees
   * only reports routed to their agency, and an agency's group only those routed to that
   * agency, whoever asks there (an admin's /lihat is read by the whole group).
   */
  refuseShowing(
    staff: StaffMember,
    report: ReportRecord,
    message: InboundMessage,
    language: Language,
  ): OutboundMessage[] | undefined {
    const code = report.trackingCode;
    const { logger } = this.deps;
    if (
      staff.role === "officer" &&
      (report.agencyId === null || report.agencyId !== staff.agencyId)
    ) {
      logger.warn({ trackingCode: code, staffId: staff.id }, "report view refused");
      return say(language, "deskNotYourAgency", { code });
    }
    const groupOf = this.agencyGroup(message);
    if (groupOf && groupOf !== report.agencyId) {
      logger.warn(
        { trackingCode: code, staffId: staff.id },
        "report view refused in another agency's group",
      );
      return say(language, "deskNotThisGroup", { code });
    }
    return undefined;
  }

  /** The agency whose group (the catalog's `chat:`) the message was written in, if any. */
  agencyGroup(message: InboundMessage): string | undefined {
    if (!message.group) return undefined;
    return this.deps.catalog.agencyIn(message)?.id;
  }

  /** Refuses a desk command; `staff` is the sender when staff without the role. */
  refuse(
    message: InboundMessage,
    language: Language,
    what: string,
    staff?: StaffMember,
  ): OutboundMessage[] {
    this.logRefusal(message, what);
    return staff ? say(language, "deskAdminOnly", { command: what }) : say(language, "deskRefused");
  }

  /**
   * Refuses someone not staff who presses a desk button or replies to a card: in a private
   * chat only cards left from when they were staff offer either, so they are told that the
   * report is not lost, not just that the action is for staff.
   */
  refuseCard(message: InboundMessage, language: Language): OutboundMessage[] {
    this.logRefusal(message, "card");
    return say(language, "deskCardRefused");
  }

  private logRefusal(message: InboundMessage, what: string): void {
    this.deps.logger.warn(
      { channel: message.channel, userId: maskedAccount(message.user.id), command: what },
      "staff command refused: the sender is not staff or lacks the role",
    );
  }

  /** Applies one change for a staff member and says what happened, or why not. */
  async change(
    staff: StaffMember,
    language: Language,
    input: ChangeInput,
  ): Promise<OutboundMessage[]> {
    try {
      const result = await this.deps.workflow.apply({ ...input, actor: this.actor(staff) });
      await this.enqueue(result.pendingOutbox);
      this.deps.logger.info(
        { trackingCode: input.trackingCode, action: input.action, staffId: staff.id },
        "report changed by staff",
      );
      const changed = t(language, "deskChanged", {
        code: input.trackingCode,
        status: reportStatusLabels[language][result.change.to],
      });
      if (!result.unreached) return [{ text: changed }];
      const unreached = agencyUnreached(this.deps.catalog, language, result.unreached);
      return [{ text: joinLines([changed, unreached], "\n\n") }];
    } catch (error) {
      return this.explain(error, language, input.trackingCode, staff);
    }
  }

  /**
   * Verifies (when still needed) and routes to the agency that has the report, else to the
   * agency of its category.
   */
  async verifyAndRoute(
    staff: StaffMember,
    language: Language,
    code: string,
    agencyId: string | undefined,
  ): Promise<OutboundMessage[]> {
    const report = await this.deps.reports.byCode(code);
    if (!report) return say(language, "deskNotFound", { code });
    const target = agencyId ?? suggestedAgency(report, this.deps.catalog);
    const replies: OutboundMessage[] = [];
    if (awaitsVerification(report)) {
      replies.push(
        ...(await this.change(staff, language, { trackingCode: code, action: "verify" })),
      );
    }
    if (target) {
      const routed = await this.change(staff, language, {
        trackingCode: code,
        action: "route",
        agencyId: target,
      });
      return replies.length > 0 && routed.length > 0 ? routed : [...replies, ...routed];
    }
    return replies;
  }

  /**
   * What a reply quotes: a report's card or notice (to staff) or update (to the reporter), or a
   * batch of new reports (to staff), with the options that message showed.
   */
  async quoted(message: InboundMessage): Promise<Quoted | undefined> {
    if (!message.replyTo) return undefined;
    const row = await this.deps.store.quoted(message, message.replyTo.messageId);
    if (!row) return undefined;
    if (row.kind === "batch")
      return { batch: true, toStaff: true, toReporter: false, choices: row.choices };
    return {
      batch: false,
      code: row.trackingCode,
      toStaff: isToStaff(row.purpose),
      toReporter: isToReporter(row.purpose),
      choices: row.choices,
    };
  }

  /** Checks and keeps a file a reporter sends for their report. */
  async keep(
    media: IncomingMedia,
    language: Language,
  ): Promise<{ ok: true; file: StoredFile } | { ok: false; replies: OutboundMessage[] }> {
    const saved = await this.deps.media.save(media);
    if (saved.ok) return { ok: true, file: saved.file };
    const { rejection } = saved;
    switch (rejection.reason) {
      case "too_large":
        return {
          ok: false,
          replies: say(language, "attachmentTooLarge", {
            size: formatBytes(rejection.size),
            max: formatBytes(rejection.max),
          }),
        };
      case "type_not_allowed":
        return { ok: false, replies: say(language, "attachmentTypeNotAllowed") };
      case "unavailable":
        return { ok: false, replies: say(language, "attachmentUnavailable") };
    }
  }

  async reporterId(message: InboundMessage): Promise<string | undefined> {
    return this.deps.store.reporterId({ channel: message.channel, externalId: message.user.id });
  }

  /** The reporter adds text (and files) to their own report; whoever holds it is told. */
  async addInfo(
    message: InboundMessage,
    language: Language,
    code: string,
    text: string,
    attachments: readonly StoredFile[] = [],
  ): Promise<OutboundMessage[]> {
    try {
      return await this.tryAddInfo(message, language, code, text, attachments);
    } catch (error) {
      return explainToReporter(error, { language, code, windowDays: this.deps.reopenWindowDays });
    }
  }

  /**
   * A reporter's reply to an update of their report, as information for it; undefined when
   * the report is closed: a thank-you or a rating typed under the done notice is no
   * information, and is left to the handlers after the desk.
   */
  async addReplyInfo(
    message: InboundMessage,
    language: Language,
    code: string,
    text: string,
  ): Promise<OutboundMessage[] | undefined> {
    try {
      return await this.tryAddInfo(message, language, code, text, []);
    } catch (error) {
      if (error instanceof ReportClosedError) return undefined;
      return explainToReporter(error, { language, code, windowDays: this.deps.reopenWindowDays });
    }
  }

  private async tryAddInfo(
    message: InboundMessage,
    language: Language,
    code: string,
    text: string,
    attachments: readonly StoredFile[],
  ): Promise<OutboundMessage[]> {
    const reporterId = await this.reporterId(message);
    if (!reporterId) return say(language, "statusNotFound", { code });
    const result = await this.deps.workflow.addInfo({
      trackingCode: code,
      actor: { type: "reporter", reporterId },
      text,
      attachments,
    });
    await this.enqueue(result.pendingOutbox);
    if (result.pendingOutbox.length > 0) return say(language, "infoAdded", { code });
    this.deps.logger.warn(
      { trackingCode: code },
      "information added to a report reaches nobody now: no officer, agency chat or desk chat",
    );
    return say(language, "infoAddedKept", { code });
  }

  /** The reporter reopens their own report that is done, within the window after its close. */
  async reopenForReporter(
    message: InboundMessage,
    language: Language,
    code: string,
  ): Promise<OutboundMessage[]> {
    const reporterId = await this.reporterId(message);
    if (!reporterId) return say(language, "statusNotFound", { code });
    try {
      const result = await this.deps.workflow.apply({
        trackingCode: code,
        action: "reopen",
        actor: { type: "reporter", reporterId },
      });
      await this.enqueue(result.pendingOutbox);
      return say(language, "reopened", { code });
    } catch (error) {
      return explainToReporter(error, {
        language,
        code,
        windowDays: this.deps.reopenWindowDays,
      });
    }
  }
}
