import type { Catalog } from "../../config/catalog.js";
import { t } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { hasChat, type Language } from "../messages.js";
import { confirmationMessage } from "./confirmation.js";
import type { DueDates } from "./deadline-policy.js";
import type { OutboxEntry, PendingOutbox } from "./outbox.js";
import { Recipients, type DeskChats } from "./recipients.js";
import { UniqueViolationError, type ReportStore } from "./report-store.js";
import { renderCard } from "../desk/views/card.js";
import { Semaphore } from "../semaphore.js";
import { reportFileMessages } from "./report-files.js";
import type { Submission } from "./submission.js";
import { generateTrackingCode } from "./tracking-code.js";

export interface IntakeResult {
  readonly reportId: string;
  readonly trackingCode: string;
  /** false when this submission was stored before (a retried or duplicated job). */
  readonly created: boolean;
  /** Outbox messages still waiting to be sent, to hand to the outbound queue. */
  readonly pendingOutbox: readonly PendingOutbox[];
  /** The desk was busy: the report waits, without a card, for the next batch of new reports. */
  readonly waitsForDeskBatch: boolean;
  /** The deadlines this run stored with the report, for their timers; none when found stored. */
  readonly dueDates?: DueDates;
  /**
   * Its reporter's identity is erased (they asked while it was queued, or since): the job's
   * trace id, which may hold their number, goes no further.
   */
  readonly reporterErased: boolean;
}

const MAX_ATTEMPTS = 5;

const NO_DEADLINES: DueDates = {
  verifyDueAt: null,
  followUpDueAt: null,
  autoCloseAt: null,
  holdDueAt: null,
};

/** Pending cards at the desk's chat that make it busy (a group takes 20 messages a minute). */
const DESK_BURST = 3;

/**
 * Reports stored with a desk at once in this process. Each one's transaction queues for the
 * desk's lock on a connection of the pool, so more than one holder and one ready behind it
 * would only keep connections from the bot, which answers citizens with them.
 */
const DESK_TRANSACTIONS = 2;

/**
 * Stores a submitted report exactly once: reporter, report, attachments, the "submitted"
 * event and the messages it causes in the outbox, all at once (one transaction, or one statement
 * when there is nothing but the report to write), keyed by the submission id.
 */
export class ReportIntake {
  private readonly recipients: Recipients;
  private readonly deskTransactions = new Semaphore(DESK_TRANSACTIONS);

  constructor(
    private readonly reports: ReportStore,
    private readonly options: {
      trackingCodePrefix: string;
      catalog: Catalog;
      logger: Logger;
      /** The desk's chats: each new report is posted to each as a card. */
      desk?: DeskChats;
      staffLanguage?: Language;
      timeZone?: string;
      /** Cards waiting to go to the desk from which new reports wait for a batch instead. */
      deskBurst?: number;
      /** The address of a report's public page (PUBLIC_BASE_URL); none: no link is sent. */
      publicPage?: (trackingCode: string) => string;
      /**
       * A new report's deadlines (DeadlineService.atSubmission), stored with it so no second
       * transaction has to read the report back to set them; none: it is stored without.
       */
      dueDates?: (submittedAt: Date) => DueDates;
    },
  ) {
    this.recipients = new Recipients(options.catalog, options.desk);
  }

  async store(submission: Submission): Promise<IntakeResult> {
    const freshCode = () => generateTrackingCode(this.options.trackingCodePrefix);
    let trackingCode = submission.trackingCode ?? freshCode();
    for (let attempt = 1; ; attempt++) {
      try {
        // Creating first saves a lookup on every new report; a repeat is the rare case.
        return await this.create(submission, trackingCode);
      } catch (error) {
        if (!(error instanceof UniqueViolationError)) throw error;
        // This submission was stored before (a retried or duplicated job), or another report
        // has this tracking code, or a new reporter was created concurrently: try again.
        const existing = await this.reports.bySubmission(submission.submissionId);
        if (existing) {
          return {
            reportId: existing.reportId,
            trackingCode: existing.trackingCode,
            created: false,
            pendingOutbox: existing.pendingOutbox,
            waitsForDeskBatch: existing.deskBatchPending,
            reporterErased: existing.reporterErased,
          };
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
        // Only a code that is taken changes: one told at Kirim is kept whenever it can be.
        if (await this.reports.byCode(trackingCode)) trackingCode = freshCode();
      }
    }
  }

  private async create(submission: Submission, trackingCode: string): Promise<IntakeResult> {
    const fields = submission.report;
    // A category removed from the catalog after the reporter picked it is dropped rather
    // than failing the report: the desk assigns one when verifying.
    const category = fields.categoryId
      ? this.options.catalog.category(fields.categoryId)
      : undefined;
    if (fields.categoryId && !category) {
      this.options.logger.warn(
        { submissionId: submission.submissionId, categoryId: fields.categoryId },
        "submitted category is not in the catalog; stored without a category",
      );
    }
    const submittedAt = new Date(submission.submittedAt);
    const dueDates = this.options.dueDates?.(submittedAt) ?? NO_DEADLINES;
    const timers = this.options.dueDates ? { dueDates } : {};
    const decided = { trackingCode, categoryId: category?.id ?? null, dueDates };
    // A report filed by another system (Open311) has no chat: the filer follows its token.
    // A reporter told this number at Kirim has it already; one told a number that turned out
    // to be taken learns the new one.
    const newNumber = hasChat(submission.channel) && trackingCode !== submission.trackingCode;
    if (!this.recipients.hasDesk && !newNumber) {
      // Nobody to post a card to and nobody to tell: the report is all there is to write.
      const report = await this.reports.createReport(submission, {
        ...decided,
        deskBatchPending: false,
      });
      return {
        reportId: report.id,
        trackingCode,
        created: true,
        pendingOutbox: [],
        waitsForDeskBatch: false,
        reporterErased: Boolean(report.reporter.erasure),
        ...timers,
      };
    }
    const store = () => this.createInTransaction(submission, decided, newNumber, timers);
    return this.recipients.hasDesk ? this.deskTransactions.run(store) : store();
  }

  private createInTransaction(
    submission: Submission,
    decided: { trackingCode: string; categoryId: string | null; dueDates: DueDates },
    newNumber: boolean,
    timers: { dueDates?: DueDates },
  ): Promise<IntakeResult> {
    const { reporter: who, report: fields } = submission;
    const { trackingCode } = decided;
    return this.reports.transaction(async (unit) => {
      // Before the desk's lock (waitingBulk), so an erasure under way is not waited for with it.
      await unit.holdAgainstErasure({ channel: submission.channel, externalId: who.externalId });
      const desk = await this.recipients.deskSeats(unit);
      // A desk with cards still waiting to go out is busy: a burst of reports (or an attack
      // by many accounts) becomes one batch message rather than a queue of cards. Its chats
      // take the same reports, so the slowest (a WhatsApp chat at its pace) decides.
      let deskBusy = false;
      for (const chat of desk) {
        if ((await unit.waitingBulk(chat)) >= (this.options.deskBurst ?? DESK_BURST))
          deskBusy = true;
      }
      const report = await unit.createReport(submission, {
        ...decided,
        deskBatchPending: deskBusy,
      });
      // They erased their identity while the report was queued: nothing is sent to them.
      const reporterErased = Boolean(report.reporter.erasure);
      const entries: OutboxEntry[] = [];
      if (newNumber && !reporterErased) {
        entries.push({
          to: { channel: submission.channel, chatId: submission.chatId },
          purpose: "confirmation",
          message: confirmationMessage(who.language, trackingCode, {
            confidential: fields.confidential,
            publicPage: this.options.publicPage,
            replacing: submission.trackingCode,
          }),
          reportId: report.id,
          lane: "interactive",
        });
      }
      if (!deskBusy && desk.length > 0) {
        const card = renderCard(report, {
          catalog: this.options.catalog,
          language: this.options.staffLanguage ?? "id",
          timeZone: this.options.timeZone ?? "Asia/Jakarta",
          forDesk: true,
        });
        const language = this.options.staffLanguage ?? "id";
        const header = t(language, "mediaFilesHeader", {
          code: trackingCode,
          count: submission.attachments.length,
        });
        // Their files lost their names with the identity.
        const files = reporterErased
          ? submission.attachments.map(({ kind, mime, size, sha256, storagePath }) => ({
              kind,
              mime,
              size,
              sha256,
              storagePath,
            }))
          : submission.attachments;
        for (const to of desk) {
          entries.push({ to, purpose: "card", message: card, reportId: report.id, lane: "bulk" });
          // The evidence follows its card, in the same lane, so it arrives right after it.
          for (const message of reportFileMessages(this.recipients, {
            report,
            files,
            to,
            language,
            header,
            forReporter: false,
          })) {
            entries.push({ to, purpose: "files", message, reportId: report.id, lane: "bulk" });
          }
        }
      }
      return {
        reportId: report.id,
        trackingCode,
        created: true,
        pendingOutbox: await unit.appendOutbox(entries),
        waitsForDeskBatch: deskBusy,
        reporterErased,
        ...timers,
      };
    });
  }
}
