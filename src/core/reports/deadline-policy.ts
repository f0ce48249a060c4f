import type { ReportStatus } from "../../generated/prisma/enums.js";
import type { WorkingCalendar } from "../time/working-days.js";

/** The three numbers of the SP4N-LAPOR! timeline, in working days. */
export interface DeadlineRules {
  /** The desk verifies (or re-routes) within this many working days. */
  readonly verifyDays: number;
  /** The agency follows up within this many working days of receiving the report. */
  readonly followUpDays: number;
  /** A follow-up the reporter does not answer closes after this many; also the reopen window. */
  readonly autoCloseDays: number;
  /** Local hour at which reminders go out on the working day before a deadline. */
  readonly reminderHour: number;
}

export interface DueDates {
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly autoCloseAt: Date | null;
}

/** What the deadlines of a report depend on. */
export interface DeadlineFacts {
  readonly status: ReportStatus;
  readonly submittedAt: Date;
  /** When the report entered its current status. */
  readonly statusSince: Date;
}

export const TIMER_KINDS = [
  "verify-reminder",
  "verify-escalation",
  "follow-up-reminder",
  "follow-up-escalation",
  "auto-close",
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** One moment something must happen to a report unless it moves on first. */
export interface Timer {
  readonly kind: TimerKind;
  readonly fireAt: Date;
  /** The deadline the timer is about; a timer is stale once the report's deadline differs. */
  readonly dueAt: Date;
}

export class DeadlinePolicy {
  constructor(
    private readonly calendar: WorkingCalendar,
    readonly rules: DeadlineRules,
  ) {}

  /**
   * Due dates for a report in its current status: the desk's while it waits for verification
   * (or for re-routing after an agency declined it), the agency's while it waits for an answer,
   * and the auto-close / reopen window after an answer or a close. On hold stops the clock.
   */
  dueDates(facts: DeadlineFacts): DueDates {
    const none: DueDates = { verifyDueAt: null, followUpDueAt: null, autoCloseAt: null };
    const { verifyDays, followUpDays, autoCloseDays } = this.rules;
    switch (facts.status) {
      case "submitted":
        return { ...none, verifyDueAt: this.calendar.deadline(facts.submittedAt, verifyDays) };
      case "not_authority":
        return { ...none, verifyDueAt: this.calendar.deadline(facts.statusSince, verifyDays) };
      case "verified":
      case "routed":
      case "reopened":
        return { ...none, followUpDueAt: this.calendar.deadline(facts.statusSince, followUpDays) };
      case "followed_up":
      case "done":
        return { ...none, autoCloseAt: this.calendar.deadline(facts.statusSince, autoCloseDays) };
      case "on_hold":
      case "rejected":
        return none;
    }
  }

  /**
   * The timers that enforce due dates. `autoClose` is false for a done report, whose
   * autoCloseAt only ends its reopen window.
   */
  timers(due: DueDates, autoClose: boolean): Timer[] {
    const timers: Timer[] = [];
    const { reminderHour } = this.rules;
    if (due.verifyDueAt) {
      timers.push(
        {
          kind: "verify-reminder",
          fireAt: this.calendar.reminderFor(due.verifyDueAt, reminderHour),
          dueAt: due.verifyDueAt,
        },
        { kind: "verify-escalation", fireAt: due.verifyDueAt, dueAt: due.verifyDueAt },
      );
    }
    if (due.followUpDueAt) {
      timers.push(
        {
          kind: "follow-up-reminder",
          fireAt: this.calendar.reminderFor(due.followUpDueAt, reminderHour),
          dueAt: due.followUpDueAt,
        },
        { kind: "follow-up-escalation", fireAt: due.followUpDueAt, dueAt: due.followUpDueAt },
      );
    }
    if (due.autoCloseAt && autoClose) {
      timers.push({ kind: "auto-close", fireAt: due.autoCloseAt, dueAt: due.autoCloseAt });
    }
    return timers;
  }
}

/** The stable id of a timer: the same report, kind and deadline always give the same id. */
export const timerId = (reportId: string, timer: Timer): string =>
  `${timer.kind}.${reportId}.${timer.dueAt.getTime()}`;
