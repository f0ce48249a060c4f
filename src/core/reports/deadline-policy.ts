import type { ReportStatus } from "../words.js";
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
  /** A report on hold comes back within this many working days (HOLD_WORKING_DAYS). */
  readonly holdDays: number;
}

/**
 * Five working days: Permenpan-RB 62/2018 gives an ordinary complaint 14 working days end to
 * end, and verification (3) + follow-up (5) + a hold of 5 stays inside them, since the hold
 * pauses the follow-up clock instead of restarting it. Long enough for a reporter to send a
 * missing photo or for a field check to be booked, short enough that a parked report is seen.
 */
export const DEFAULT_HOLD_WORKING_DAYS = 5;

export interface DueDates {
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly autoCloseAt: Date | null;
  /** A report on hold is due back (answered, routed or closed) by this time. */
  readonly holdDueAt: Date | null;
}

/** What the deadlines of a report depend on. */
export interface DeadlineFacts {
  readonly status: ReportStatus;
  readonly submittedAt: Date;
  /** When the report entered its current status. */
  readonly statusSince: Date;
  /**
   * Working days the follow-up clock had left when the report was put on hold, for a report
   * that came off hold to be followed up: its clock resumes with them instead of restarting.
   */
  readonly followUpDaysLeft?: number;
}

/** One move of the state machine, as the report's timeline records it. */
export interface StatusChange {
  readonly from: ReportStatus;
  readonly to: ReportStatus;
  readonly at: Date;
}

export const TIMER_KINDS = [
  "verify-reminder",
  "verify-escalation",
  "follow-up-reminder",
  "follow-up-escalation",
  "auto-close",
  "hold-reminder",
  "hold-escalation",
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** Statuses whose clock is the agency's (or the desk's) follow-up deadline. */
const FOLLOW_UP_STATUSES: ReadonlySet<ReportStatus> = new Set(["verified", "routed", "reopened"]);

/** One moment something must happen to a report unless it moves on first. */
export interface Timer<Kind extends string = TimerKind> {
  readonly kind: Kind;
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
    const none: DueDates = {
      verifyDueAt: null,
      followUpDueAt: null,
      autoCloseAt: null,
      holdDueAt: null,
    };
    const { verifyDays, followUpDays, autoCloseDays } = this.rules;
    switch (facts.status) {
      case "submitted":
        return { ...none, verifyDueAt: this.calendar.deadline(facts.submittedAt, verifyDays) };
      case "not_authority":
        return { ...none, verifyDueAt: this.calendar.deadline(facts.statusSince, verifyDays) };
      case "verified":
      case "routed":
      case "reopened":
        return {
          ...none,
          followUpDueAt: this.calendar.deadline(
            facts.statusSince,
            // Coming off hold resumes the clock, with at least the day it resumes on.
            facts.followUpDaysLeft === undefined
              ? followUpDays
              : Math.max(1, facts.followUpDaysLeft),
          ),
        };
      case "followed_up":
      case "done":
        return { ...none, autoCloseAt: this.calendar.deadline(facts.statusSince, autoCloseDays) };
      case "on_hold":
        // A hold is not a parking place: it has its own deadline, reminder and escalation.
        return {
          ...none,
          holdDueAt: this.calendar.deadline(facts.statusSince, this.rules.holdDays),
        };
      case "rejected":
        return none;
    }
  }

  /**
   * The facts of a report from its timeline: its status and since when, and, when it came off
   * hold back to an agency (or the desk) that owes a follow-up, the working days its clock had
   * left when it was held. The clock is paused by a hold, never restarted from zero; a report
   * held before it was ever verified starts its follow-up clock whole when verified.
   */
  factsFromTimeline(submittedAt: Date, changes: readonly StatusChange[]): DeadlineFacts {
    let status: ReportStatus = "submitted";
    let statusSince = submittedAt;
    let followUpDueAt: Date | null = null;
    let daysLeftAtHold: number | undefined;
    let followUpDaysLeft: number | undefined;
    for (const change of changes) {
      if (change.to === "on_hold") {
        daysLeftAtHold = followUpDueAt
          ? this.calendar.workingDaysBetween(
              this.calendar.dateOf(change.at),
              this.calendar.dateOf(followUpDueAt),
            )
          : undefined;
      }
      followUpDaysLeft =
        change.from === "on_hold" && FOLLOW_UP_STATUSES.has(change.to) ? daysLeftAtHold : undefined;
      status = change.to;
      statusSince = change.at;
      followUpDueAt = this.dueDates({
        status,
        submittedAt,
        statusSince,
        followUpDaysLeft,
      }).followUpDueAt;
    }
    return {
      status,
      submittedAt,
      statusSince,
      ...(followUpDaysLeft === undefined ? {} : { followUpDaysLeft }),
    };
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
    if (due.holdDueAt) {
      timers.push(
        {
          kind: "hold-reminder",
          fireAt: this.calendar.reminderFor(due.holdDueAt, reminderHour),
          dueAt: due.holdDueAt,
        },
        { kind: "hold-escalation", fireAt: due.holdDueAt, dueAt: due.holdDueAt },
      );
    }
    if (due.autoCloseAt && autoClose) {
      timers.push({ kind: "auto-close", fireAt: due.autoCloseAt, dueAt: due.autoCloseAt });
    }
    return timers;
  }
}

/** The stable id of a timer: the same report, kind and deadline always give the same id. */
export const timerId = (reportId: string, timer: Timer<string>): string =>
  `${timer.kind}.${reportId}.${timer.dueAt.getTime()}`;
