import type { OwedConfirmation, PendingCodes } from "../conversation/pending-codes.js";
import type { Logger } from "../logger.js";
import { hasChat } from "../messages.js";
import { systemClock, type Clock } from "../time/clock.js";
import { confirmationMessage } from "./confirmation.js";
import type { PendingOutbox } from "./outbox.js";
import type { ReportStore } from "./report-store.js";

/** Owed confirmations read at a time. */
const PAGE = 200;

/**
 * How long a confirmation stays owed while its report is not stored: as long as /status says
 * a told code is being stored. Past that, the intake job failed for good (the operator sees it
 * in the failed set) or the report was never queued.
 */
const GIVE_UP_MS = 24 * 60 * 60 * 1000;

/**
 * Sends through the outbox the confirmations told at Kirim that never went out: the bot died
 * between queueing the report and sending the reply, or the platform refused the reply. A
 * confirmation counts as owed once it has been owed for `graceMs` (a reply still on its way is
 * not owed twice) and its report is stored; one already in the conversation's record (sent,
 * then the bot died before saying so) is not sent again.
 */
export class ConfirmationSweep {
  private readonly clock: Clock;

  constructor(
    private readonly codes: PendingCodes,
    private readonly reports: ReportStore,
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

  /** One run: the outbox rows written, to hand to the outbound queue. */
  async run(): Promise<PendingOutbox[]> {
    const now = this.clock().getTime();
    const before = new Date(now - this.options.graceMs);
    const written: PendingOutbox[] = [];
    // Those still waiting for their report stay in the list: the next page starts after them.
    let waiting = 0;
    let page: OwedConfirmation[];
    do {
      page = await this.codes.owedSince(before, { offset: waiting, limit: PAGE });
      const settled: string[] = [];
      for (const confirmation of page) {
        const outcome = await this.confirm(confirmation);
        if (outcome === "waiting" && now - confirmation.toldAt < GIVE_UP_MS) {
          waiting++;
          continue;
        }
        if (outcome === "waiting") {
          this.options.logger.warn(
            { submissionId: confirmation.submissionId },
            "a confirmation owed for a day has no stored report; it is no longer owed " +
              "(look for the submission in the intake queue's failed set)",
          );
        }
        if (typeof outcome === "object") written.push(outcome);
        settled.push(confirmation.submissionId);
      }
      // Settled after their rows are committed: a run that dies in between writes nothing
      // twice, since the next finds them written.
      await this.codes.settle(settled);
    } while (page.length === PAGE);
    if (written.length > 0) {
      this.options.logger.warn(
        { confirmations: written.length },
        "confirmations told at Kirim never went out (the bot stopped, or the platform refused " +
          "the reply); sent through the outbox",
      );
    }
    return written;
  }

  /** Writes the confirmation unless it was written; "waiting" while the report is not stored. */
  private confirm(owed: OwedConfirmation): Promise<PendingOutbox | "waiting" | "done"> {
    return this.reports.transaction(async (unit) => {
      // Locked, so two runs at once (two workers) write it once.
      const report = await unit.lock({ submissionId: owed.submissionId });
      if (!report) return "waiting";
      if (report.reporter.erasure || (await unit.confirmationWritten(report))) return "done";
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
