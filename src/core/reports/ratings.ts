import type { Choice } from "../messages.js";
import { sanitizeUserText, truncate } from "../text.js";
import type { PendingOutbox } from "./outbox.js";
import type { ReportStore } from "./report-store.js";
import type { ReporterIdentity } from "./report-queries.js";
import type { ReportWorkflow } from "./workflow.js";
import { systemClock, type Clock } from "../time/clock.js";

/** Prefix of the rating buttons' values: `$rate:<code>:<score>`. */
export const RATING_CHOICE = "$rate:";

/** Ratings at or below this reopen the report: the reporter says the problem is not solved. */
export const REOPENING_RATING = 2;

const COMMENT_LIMIT = 1000;

/** The five rating buttons under a "done" notice, one row. */
export function ratingChoices(trackingCode: string): Choice[][] {
  return [
    [1, 2, 3, 4, 5].map((score) => ({
      value: `${RATING_CHOICE}${trackingCode}:${score}`,
      label: "⭐".repeat(score) || String(score),
    })),
  ];
}

export function parseRatingChoice(value: string): { code: string; score: number } | undefined {
  const match = /^\$rate:([A-Z0-9-]{4,24}):([1-5])$/.exec(value);
  return match ? { code: match[1] ?? "", score: Number(match[2]) } : undefined;
}

export type RatingOutcome =
  | { readonly kind: "rated"; readonly code: string; readonly score: number }
  | {
      readonly kind: "reopened";
      readonly code: string;
      readonly pendingOutbox: readonly PendingOutbox[];
    }
  | { readonly kind: "already"; readonly code: string; readonly score: number }
  | { readonly kind: "window-closed"; readonly code: string }
  | { readonly kind: "not-done"; readonly code: string }
  | { readonly kind: "not-found" };

/**
 * The citizen's voice after an answer: a 1-5 rating with an optional comment, and "not solved"
 * (a low rating, the words "belum selesai", or /buka) reopening the report within the window
 * that follows its close. Reopening goes through the workflow like every status change.
 */
export class RatingService {
  constructor(
    private readonly store: ReportStore,
    private readonly workflow: ReportWorkflow,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The code of the reporter's most recently closed report that can still be reopened. */
  async latestReopenable(reporter: ReporterIdentity): Promise<string | undefined> {
    return (await this.store.latestClosedOf(reporter, this.clock()))?.trackingCode;
  }

  async rate(reporter: ReporterIdentity, code: string, score: number): Promise<RatingOutcome> {
    const report = await this.ownReport(reporter, code);
    if (!report) return { kind: "not-found" };
    if (report.status !== "done") return { kind: "not-done", code };
    if (report.rating !== null) return { kind: "already", code, score: report.rating };
    if (report.autoCloseAt && report.autoCloseAt < this.clock()) {
      return { kind: "window-closed", code };
    }
    const updated = await this.store.transaction(async (unit) => {
      const rated = await unit.rateIfUnrated(report.id, score);
      if (rated) {
        await unit.appendEvent({
          reportId: report.id,
          type: "rated",
          actor: { type: "reporter", id: report.reporterId },
          public: true,
          text: `${score}/5`,
          data: { score },
          at: this.clock(),
        });
      }
      return rated;
    });
    if (!updated) return { kind: "already", code, score };
    if (score > REOPENING_RATING) return { kind: "rated", code, score };
    return this.reopen(reporter, code, `${score}/5`);
  }

  /** "Belum selesai": reopens the report with the reporter's words on the timeline. */
  async reopen(reporter: ReporterIdentity, code: string, why: string): Promise<RatingOutcome> {
    const report = await this.ownReport(reporter, code);
    if (!report) return { kind: "not-found" };
    if (report.status !== "done") return { kind: "not-done", code };
    if (report.autoCloseAt && report.autoCloseAt < this.clock()) {
      return { kind: "window-closed", code };
    }
    const result = await this.workflow.apply({
      trackingCode: code,
      action: "reopen",
      actor: { type: "reporter", reporterId: report.reporterId },
      text: why,
    });
    return { kind: "reopened", code, pendingOutbox: result.pendingOutbox };
  }

  /** Keeps the reporter's comment on their rating (the latest one wins). */
  async comment(reporter: ReporterIdentity, code: string, text: string): Promise<boolean> {
    const report = await this.ownReport(reporter, code);
    if (!report || report.rating === null) return false;
    const comment = truncate(sanitizeUserText(text), COMMENT_LIMIT);
    if (!comment) return false;
    await this.store.setRatingComment(report, comment, this.clock());
    return true;
  }

  private ownReport(reporter: ReporterIdentity, code: string) {
    return this.store.ownReport(reporter, code);
  }
}

/** Words that mean "my problem is not solved", in both languages. */
export function saysNotSolved(text: string): boolean {
  return /^(belum|tidak|masih belum) (selesai|beres|tuntas)[.!]*$|^not (solved|resolved|fixed)[.!]*$/i.test(
    text.trim(),
  );
}
