import {
  PENDING_CODE_MS,
  type OwedConfirmation,
  type PendingCodes,
} from "../conversation/pending-codes.js";
import type { Logger } from "../logger.js";
import { hasChat } from "../messages.js";
import { systemClock, type Clock } from "../time/clock.js";
import { confirmationMessage } from "./confirmation.js";
import type { OutboxQueue, PendingOutbox } from "./outbox.js";
import type { ReportStore } from "./report-store.js";

/** Owed confirmations read at a time. */
const PAGE = 200;

/**
 * Sends through the outbox the confirmations told at Kirim that never went out: the bot died
 * between queueing the report and sending the reply, or the platform refused the reply. A
 * confirmation counts once it has been owed for `graceMs` (longer than a channel keeps
 * retrying its reply, so a slow reply is not sent twice) and its report is stored; one already
 * in the conversation's record (sent, then the bot died before saying so) is not sent again.
 * One owed as long as /status calls its code pending without a stored report is given up.
 */
export class ConfirmationSweep {
  private readonly clock: Clock;

  constructor(
    private readonly codes: PendingCodes,
    private readonly reports: ReportStore,
    private readonly outbox: OutboxQueue,
    private readonly options: {
      readonly graceMs: number;
      readonly logger: Logger;
      /** The address of a report's public page (PUBLIC_BASE_URL), told with the code. */
      readonly publicPage?: (trackingCode: string) => string;
      readonly clock?: Clock;
    },
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** One run; returns how many confirmations it handed to the outbound queue. */
  async run(): Promise<number> {
    const now = this.clock().getTime();
    const before = new Date(now - this.options.graceMs);
    let sent = 0;
    // Those left owed (no report yet, or a failure) stay in the list: the next page follows.
    let left = 0;
    let page: OwedConfirmation[];
    do {
      page = await this.codes.owedSince(before, { offset: left, limit: PAGE });
      const rows: PendingOutbox[] = [];
      const settled: string[] = [];
      for (const owed of page) {
        const outcome = await this.confirm(owed).catch((error: unknown) => {
          this.options.logger.warn(
            { err: error, submissionId: owed.submissionId },
            "could not send an owed confirmation; the next run tries again",
          );
          return "failed" as const;
        });
        if (
          outcome === "failed" ||
          (outcome === "waiting" && now - owed.toldAt < PENDING_CODE_MS)
        ) {
          left++;
          continue;
        }
        if (outcome === "waiting") {
          this.options.logger.warn(
            { submissionId: owed.submissionId },
            "a confirmation owed for a day has no stored report; it is no longer owed (queueing " +
              "the report failed and the citizen did not send it again, or its intake job is in " +
              "the failed set)",
          );
        }
        if (typeof outcome === "object") rows.push(outcome);
        settled.push(owed.submissionId);
      }
      // Queued, then settled: a run that stops in between leaves them owed, and the next finds
      // the rows written and queues them again (job ids are row ids, so once).
      if (rows.length > 0) await this.outbox.enqueue(rows);
      await this.codes.settle(settled);
      sent += rows.length;
    } while (page.length === PAGE);
    if (sent > 0) {
      this.options.logger.warn(
        { confirmations: sent },
        "confirmations told at Kirim never went out (the bot stopped, or the platform refused " +
          "the reply); sent through the outbox",
      );
    }
    return sent;
  }

  /**
   * The row to queue for this confirmation (written now, or written earlier and not sent yet);
   * "waiting" while the report is not stored; "done" when there is nothing to send.
   */
  private confirm(owed: OwedConfirmation): Promise<PendingOutbox | "waiting" | "done"> {
    return this.reports.transaction(async (unit) => {
      // Locked, so two runs at once (two workers) write it once.
      const report = await unit.lock({ submissionId: owed.submissionId });
      if (!report) return "waiting";
      if (report.reporter.erasure) return "done";
      const written = await unit.confirmation(report);
      if (written) return written.state === "pending" ? written : "done";
      const reporter = await unit.reporter(report.reporterId);
      if (!hasChat(reporter.channel)) return "done";
      const [row] = await unit.appendOutbox([
        {
          to: { channel: reporter.channel, chatId: reporter.chatId },
          purpose: "confirmation",
          message: confirmationMessage(reporter.language, report.trackingCode, {
            confidential: report.confidential,
            publicPage: this.options.publicPage,
          }),
          reportId: report.id,
          lane: "interactive",
        },
      ]);
      return row ?? "done";
    });
  }
}
