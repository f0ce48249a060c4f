import type { Catalog } from "../../config/catalog.js";
import type { EventType } from "../words.js";
import type { Logger } from "../logger.js";
import { formatDateTime, label, t, type MessageKey } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import { joinLines, truncate } from "../text.js";
import type { WorkingCalendar } from "../time/working-days.js";
import {
  timerId,
  type DeadlinePolicy,
  type DueDates,
  type Timer,
  type TimerKind,
} from "./deadline-policy.js";
import { OPEN_STATUSES } from "./lifecycle.js";
import type { OutboxPurpose, PendingOutbox, Recipient } from "./outbox.js";
import { Recipients, type DeskChats } from "./recipients.js";
import type { ReportStore, ReportUnit } from "./report-store.js";
import { systemClock, type Clock } from "../time/clock.js";
import { holidayReminderYear } from "../time/holiday-coverage.js";

/** What deadline handling counts: Prometheus metrics in production. */
export interface DeadlineMetrics {
  /** A report missed its verification or follow-up deadline and was escalated. */
  deadlineBreached(deadline: "verify" | "follow-up" | "hold"): void;
}

export interface DeadlineOptions {
  readonly policy: DeadlinePolicy;
  readonly calendar: WorkingCalendar;
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly timeZone: string;
  /** Staff read notifications in the deployment's default language. */
  readonly staffLanguage: Language;
  /** The desk's chats, when there are any; otherwise admins are told privately. */
  readonly desk?: DeskChats;
  readonly clock?: Clock;
  readonly metrics?: DeadlineMetrics;
}

export interface TimerChange {
  readonly reportId: string;
  /** Timers of the deadlines the report had before; those not in `after` are obsolete. */
  readonly before: readonly Timer[];
  readonly after: readonly Timer[];
}

/** A report's deadlines moved with its status: the dates stored, and its timers. */
export interface MovedDeadlines {
  readonly due: DueDates;
  readonly timers: TimerChange;
}

export type FireResult =
  | { readonly outcome: "stale" | "already-fired" }
  | { readonly outcome: "notified"; readonly outbox: readonly PendingOutbox[] }
  /** The report must be closed by the workflow: it is still waiting for the reporter. */
  | { readonly outcome: "close"; readonly trackingCode: string };

const TIMER_EVENTS: Record<Exclude<TimerKind, "auto-close">, EventType> = {
  "verify-reminder": "reminded",
  "follow-up-reminder": "reminded",
  "hold-reminder": "reminded",
  "verify-escalation": "escalated",
  "follow-up-escalation": "escalated",
  "hold-escalation": "escalated",
};

const TIMER_MESSAGES: Record<Exclude<TimerKind, "auto-close">, MessageKey> = {
  "verify-reminder": "reminderVerify",
  "follow-up-reminder": "reminderFollowUp",
  "hold-reminder": "reminderHold",
  "verify-escalation": "escalationVerify",
  "follow-up-escalation": "escalationFollowUp",
  "hold-escalation": "escalationHold",
};

/** Which of a report's deadlines a timer is about. */
function deadlineOf(kind: Exclude<TimerKind, "auto-close">): "verify" | "follow-up" | "hold" {
  if (kind.startsWith("verify")) return "verify";
  return kind.startsWith("hold") ? "hold" : "follow-up";
}

const sameInstant = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();

/**
 * Keeps each report's due dates in step with its status and decides, when a timer fires,
 * whether it still applies. Timers are idempotent: each leaves one timeline event named after
 * the timer, and a timer whose event exists, or whose deadline has moved, does nothing.
 */
export class DeadlineService {
  private readonly clock: Clock;
  private readonly recipients: Recipients;

  constructor(
    private readonly store: ReportStore,
    private readonly options: DeadlineOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.recipients = new Recipients(options.catalog, options.desk);
  }

  /** Recomputes and stores the report's due dates; returns its timers before and after. */
  async sync(reportId: string): Promise<TimerChange | undefined> {
    const moved = await this.store.transaction((unit) => this.move(unit, reportId));
    return moved?.timers;
  }

  /**
   * `sync` inside a transaction of the caller's: the workflow moves the deadlines with the
   * status, so the cards it draws in the same transaction show the deadline the status brings.
   */
  async move(unit: ReportUnit, reportId: string): Promise<MovedDeadlines | undefined> {
    const { policy } = this.options;
    // Locked like a staff action: a status changed meanwhile is never written over with
    // due dates worked out from the status before it.
    const report = await unit.deadlineState(reportId);
    if (!report) return undefined;
    const before: DueDates = {
      verifyDueAt: report.verifyDueAt,
      followUpDueAt: report.followUpDueAt,
      autoCloseAt: report.autoCloseAt,
      holdDueAt: report.holdDueAt,
    };
    // From the whole timeline: a report back from hold resumes its follow-up clock. A
    // timeline that does not end where the report stands (rows from before events carried
    // their from/to) yields to the report's own status.
    const fromTimeline = policy.factsFromTimeline(report.submittedAt, report.changes);
    const after = policy.dueDates(
      fromTimeline.status === report.status
        ? fromTimeline
        : {
            status: report.status,
            submittedAt: report.submittedAt,
            statusSince: report.statusSince,
          },
    );
    const changed =
      !sameInstant(before.verifyDueAt, after.verifyDueAt) ||
      !sameInstant(before.followUpDueAt, after.followUpDueAt) ||
      !sameInstant(before.autoCloseAt, after.autoCloseAt) ||
      !sameInstant(before.holdDueAt, after.holdDueAt);
    if (changed) {
      await unit.update(reportId, { ...after });
      this.warnUncovered(reportId, after);
    }
    return {
      due: after,
      timers: {
        reportId,
        before: policy.timers(before, true),
        after: policy.timers(after, report.status === "followed_up"),
      },
    };
  }

  /** A new report's deadlines, to store with it (ReportIntake's dueDates). */
  atSubmission(submittedAt: Date): DueDates {
    return this.options.policy.dueDates({
      status: "submitted",
      submittedAt,
      statusSince: submittedAt,
    });
  }

  /** The timers of a report just stored with these deadlines (it had none before). */
  stored(reportId: string, due: DueDates): TimerChange {
    this.warnUncovered(reportId, due);
    return { reportId, before: [], after: this.options.policy.timers(due, false) };
  }

  private warnUncovered(reportId: string, due: DueDates): void {
    const latest = [due.verifyDueAt, due.followUpDueAt, due.autoCloseAt, due.holdDueAt].find(
      Boolean,
    );
    if (latest && !this.options.calendar.covers(this.options.calendar.dateOf(latest))) {
      this.options.logger.warn(
        { reportId, dueAt: latest },
        "a deadline falls in a year whose holiday list is not complete; enter its holidays (/libur)",
      );
    }
  }

  /** Ids of reports whose deadlines must be enforced (to reschedule after a restart). */
  async openReportIds(): Promise<string[]> {
    return this.store.openReportIds(OPEN_STATUSES);
  }

  /** Acts on a timer that came due, once, and only if the report still has that deadline. */
  async fire(reportId: string, kind: TimerKind, dueAt: Date): Promise<FireResult> {
    const result = await this.applyTimer(reportId, kind, dueAt);
    // Counted after the commit: a rolled-back or repeated timer is not a second breach.
    if (result.outcome === "notified" && kind.endsWith("escalation") && kind !== "auto-close") {
      this.options.metrics?.deadlineBreached(deadlineOf(kind));
    }
    return result;
  }

  private async applyTimer(reportId: string, kind: TimerKind, dueAt: Date): Promise<FireResult> {
    const id = timerId(reportId, { kind, dueAt, fireAt: dueAt });
    return this.store.transaction(async (unit) => {
      // Serialises timers and staff actions on the same report.
      const report = await unit.lock({ id: reportId });
      if (!report) return { outcome: "stale" };
      if (kind === "auto-close") {
        if (report.status !== "followed_up" || !sameInstant(report.autoCloseAt, dueAt)) {
          return { outcome: "stale" };
        }
        const latest = await unit.latestEvent(reportId, ["replied", "info_added"]);
        return latest?.type === "info_added"
          ? { outcome: "stale" }
          : { outcome: "close", trackingCode: report.trackingCode };
      }
      const deadline = deadlineOf(kind);
      const current = {
        verify: report.verifyDueAt,
        "follow-up": report.followUpDueAt,
        hold: report.holdDueAt,
      }[deadline];
      if (!sameInstant(current, dueAt)) return { outcome: "stale" };
      if (await unit.timerFired(reportId, id)) return { outcome: "already-fired" };

      const firedAt = this.clock();
      const escalation = kind.endsWith("escalation");
      // Reminders go to whoever must act; escalations, and the desk's own deadline, to the desk.
      const recipients =
        deadline === "verify" || escalation || !report.agencyId
          ? await this.recipients.desk(unit)
          : await this.recipients.agencyOrDesk(unit, report.agencyId);
      const language = this.options.staffLanguage;
      const message: OutboundMessage = {
        text: t(language, TIMER_MESSAGES[kind], {
          code: report.trackingCode,
          title: truncate(report.title, 80),
          due: formatDateTime(language, dueAt, this.options.timeZone),
          agency: report.agencyId
            ? this.options.catalog.agencyName(report.agencyId, language)
            : "-",
        }),
      };
      await unit.appendEvent({
        reportId,
        type: TIMER_EVENTS[kind],
        actor: { type: "system", id: null },
        public: false,
        text: `${kind} (${recipients.length} recipient(s))`,
        data: { timer: id, dueAt: dueAt.toISOString(), firedAt: firedAt.toISOString() },
        at: firedAt,
      });
      const outbox = await this.notify(unit, recipients, message, kind, reportId);
      if (recipients.length === 0) {
        this.options.logger.warn(
          { reportId, kind },
          "nobody to notify about a deadline: set STAFF_CHAT_ID or add admins with /staf",
        );
      }
      return { outcome: "notified", outbox };
    });
  }

  /**
   * The daily digest: for each agency with open reports, its open, due-today and overdue
   * counts (to its chat or officers), and the same for the desk's verification queue.
   */
  async digest(): Promise<PendingOutbox[]> {
    const { calendar, staffLanguage: language, timeZone, catalog } = this.options;
    const now = this.clock();
    const today = calendar.dateOf(now);
    if (!calendar.isWorkingDay(today)) return [];
    const open = await this.store.openReports(OPEN_STATUSES);
    const groups = new Map<string | null, typeof open>();
    for (const report of open) {
      // The desk holds what waits for verification or re-routing; agencies hold the rest.
      const holder = report.verifyDueAt || !report.agencyId ? null : report.agencyId;
      groups.set(holder, [...(groups.get(holder) ?? []), report]);
    }
    return this.store.transaction(async (unit) => {
      // Once a day, even when the job runs again after a failure.
      if (await unit.written(`digest:${today}`)) return [];
      const outbox: PendingOutbox[] = [];
      for (const [agencyId, reports] of groups) {
        const due = (report: (typeof open)[number]) =>
          report.verifyDueAt ?? report.followUpDueAt ?? report.holdDueAt;
        const overdue = reports.filter((report) => {
          const at = due(report);
          return at !== null && at < now;
        });
        const dueToday = reports.filter((report) => {
          const at = due(report);
          return at !== null && at >= now && calendar.dateOf(at) === today;
        });
        const message: OutboundMessage = {
          text: joinLines([
            t(language, "digestHeader", {
              scope: agencyId
                ? catalog.agencyName(agencyId, language)
                : label(language, "digestDesk"),
              date: today,
            }),
            t(language, "digestCounts", {
              open: reports.length,
              dueToday: dueToday.length,
              overdue: overdue.length,
            }),
            ...overdue.slice(0, 10).map((report) =>
              t(language, "digestOverdueLine", {
                code: report.trackingCode,
                title: truncate(report.title, 50),
                due: formatDateTime(language, due(report) ?? now, timeZone),
              }),
            ),
          ]),
        };
        const recipients = agencyId
          ? await this.recipients.agencyOrDesk(unit, agencyId)
          : await this.recipients.desk(unit);
        outbox.push(...(await this.notify(unit, recipients, message, `digest:${today}`, null)));
      }
      return outbox;
    });
  }

  /**
   * Reminds the desk, once a week from 1 October, to enter next year's holidays (and any day
   * the current year's are missing), until the year is declared complete with /libur lengkap.
   */
  async holidayReminder(): Promise<PendingOutbox[]> {
    const { calendar, staffLanguage: language } = this.options;
    const today = calendar.dateOf(this.clock());
    const year = holidayReminderYear(calendar, today);
    if (year === undefined) return [];
    return this.store.transaction(async (unit) => {
      const purpose = `holiday_reminder:${today}` as const;
      if (await unit.written(purpose)) return [];
      const message = { text: t(language, "holidayReminder", { year }) };
      return this.notify(unit, await this.recipients.desk(unit), message, purpose, null);
    });
  }

  private async notify(
    unit: ReportUnit,
    recipients: readonly Recipient[],
    message: OutboundMessage,
    purpose: OutboxPurpose,
    reportId: string | null,
  ): Promise<PendingOutbox[]> {
    return unit.appendOutbox(
      recipients.map((to) => ({ to, purpose, message, reportId, lane: "bulk" })),
    );
  }
}
