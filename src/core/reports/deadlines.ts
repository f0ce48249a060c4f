import type { Catalog } from "../../config/catalog.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { EventType } from "../words.js";
import type { Logger } from "../../infra/logger.js";
import { formatDateTime, label, t, type MessageKey } from "../i18n/index.js";
import type { ChannelName, Language, OutboundMessage } from "../messages.js";
import { joinLines, truncate } from "../text.js";
import type { WorkingCalendar } from "../time/working-days.js";
import {
  timerId,
  type DeadlinePolicy,
  type DueDates,
  type Timer,
  type TimerKind,
} from "./deadline-policy.js";
import { PENDING_OUTBOX, type PendingOutbox } from "./intake-service.js";
import { OPEN_STATUSES } from "./lifecycle.js";
import { systemClock, type Clock } from "../time/clock.js";

/** A chat that staff notifications go to. */
export interface Recipient {
  readonly channel: ChannelName;
  readonly chatId: string;
}

/** What deadline handling counts: Prometheus metrics in production. */
export interface DeadlineMetrics {
  /** A report missed its verification or follow-up deadline and was escalated. */
  deadlineBreached(deadline: "verify" | "follow-up"): void;
}

export interface DeadlineOptions {
  readonly policy: DeadlinePolicy;
  readonly calendar: WorkingCalendar;
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly timeZone: string;
  /** Staff read notifications in the deployment's default language. */
  readonly staffLanguage: Language;
  /** The desk's group chat on Telegram, when there is one. */
  readonly staffChatId?: string;
  readonly clock?: Clock;
  readonly metrics?: DeadlineMetrics;
}

export interface TimerChange {
  readonly reportId: string;
  /** Timers of the deadlines the report had before; those not in `after` are obsolete. */
  readonly before: readonly Timer[];
  readonly after: readonly Timer[];
}

export type FireResult =
  | { readonly outcome: "stale" | "already-fired" }
  | { readonly outcome: "notified"; readonly outbox: readonly PendingOutbox[] }
  /** The report must be closed by the workflow: it is still waiting for the reporter. */
  | { readonly outcome: "close"; readonly trackingCode: string };

const STATUS_EVENTS: readonly EventType[] = [
  "submitted",
  "verified",
  "routed",
  "replied",
  "held",
  "rejected",
  "not_authority",
  "done",
  "reopened",
];

const TIMER_EVENTS: Record<Exclude<TimerKind, "auto-close">, EventType> = {
  "verify-reminder": "reminded",
  "follow-up-reminder": "reminded",
  "verify-escalation": "escalated",
  "follow-up-escalation": "escalated",
};

const TIMER_MESSAGES: Record<Exclude<TimerKind, "auto-close">, MessageKey> = {
  "verify-reminder": "reminderVerify",
  "follow-up-reminder": "reminderFollowUp",
  "verify-escalation": "escalationVerify",
  "follow-up-escalation": "escalationFollowUp",
};

const sameInstant = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();

/**
 * Keeps each report's due dates in step with its status and decides, when a timer fires,
 * whether it still applies. Timers are idempotent: each leaves one timeline event named after
 * the timer, and a timer whose event exists, or whose deadline has moved, does nothing.
 */
export class DeadlineService {
  private readonly clock: Clock;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: DeadlineOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Recomputes and stores the report's due dates; returns its timers before and after. */
  async sync(reportId: string): Promise<TimerChange | undefined> {
    const { policy } = this.options;
    const report = await this.prisma.report.findUnique({
      where: { id: reportId },
      select: {
        status: true,
        submittedAt: true,
        verifyDueAt: true,
        followUpDueAt: true,
        autoCloseAt: true,
        events: {
          where: { type: { in: [...STATUS_EVENTS] } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: 1,
          select: { createdAt: true },
        },
      },
    });
    if (!report) return undefined;
    const before: DueDates = {
      verifyDueAt: report.verifyDueAt,
      followUpDueAt: report.followUpDueAt,
      autoCloseAt: report.autoCloseAt,
    };
    const after = policy.dueDates({
      status: report.status,
      submittedAt: report.submittedAt,
      statusSince: report.events[0]?.createdAt ?? report.submittedAt,
    });
    const changed =
      !sameInstant(before.verifyDueAt, after.verifyDueAt) ||
      !sameInstant(before.followUpDueAt, after.followUpDueAt) ||
      !sameInstant(before.autoCloseAt, after.autoCloseAt);
    if (changed) {
      await this.prisma.report.update({ where: { id: reportId }, data: { ...after } });
      const latest = [after.verifyDueAt, after.followUpDueAt, after.autoCloseAt].find(Boolean);
      if (latest && !this.options.calendar.covers(this.options.calendar.dateOf(latest))) {
        this.options.logger.warn(
          { reportId, dueAt: latest },
          "a deadline falls in a year the holiday list does not cover; add that year's holidays",
        );
      }
    }
    return {
      reportId,
      before: policy.timers(before, true),
      after: policy.timers(after, report.status === "followed_up"),
    };
  }

  /** Ids of reports whose deadlines must be enforced (to reschedule after a restart). */
  async openReportIds(): Promise<string[]> {
    const rows = await this.prisma.report.findMany({
      where: { status: { in: [...OPEN_STATUSES] } },
      select: { id: true },
      orderBy: { submittedAt: "asc" },
    });
    return rows.map((row) => row.id);
  }

  /** Acts on a timer that came due, once, and only if the report still has that deadline. */
  async fire(reportId: string, kind: TimerKind, dueAt: Date): Promise<FireResult> {
    const result = await this.applyTimer(reportId, kind, dueAt);
    // Counted after the commit: a rolled-back or repeated timer is not a second breach.
    if (result.outcome === "notified" && kind.endsWith("escalation")) {
      this.options.metrics?.deadlineBreached(kind.startsWith("verify") ? "verify" : "follow-up");
    }
    return result;
  }

  private async applyTimer(reportId: string, kind: TimerKind, dueAt: Date): Promise<FireResult> {
    const id = timerId(reportId, { kind, dueAt, fireAt: dueAt });
    return this.prisma.$transaction(async (tx) => {
      // Serialises timers and staff actions on the same report.
      await tx.$queryRaw`SELECT id FROM reports WHERE id = ${reportId}::uuid FOR UPDATE`;
      const report = await tx.report.findUnique({
        where: { id: reportId },
        select: {
          id: true,
          trackingCode: true,
          title: true,
          status: true,
          agencyId: true,
          verifyDueAt: true,
          followUpDueAt: true,
          autoCloseAt: true,
        },
      });
      if (!report) return { outcome: "stale" };
      if (kind === "auto-close") {
        if (report.status !== "followed_up" || !sameInstant(report.autoCloseAt, dueAt)) {
          return { outcome: "stale" };
        }
        return (await this.reporterAnsweredSinceFollowUp(tx, reportId))
          ? { outcome: "stale" }
          : { outcome: "close", trackingCode: report.trackingCode };
      }
      const current = kind.startsWith("verify") ? report.verifyDueAt : report.followUpDueAt;
      if (!sameInstant(current, dueAt)) return { outcome: "stale" };
      const fired = await tx.reportEvent.findFirst({
        where: { reportId, data: { path: ["timer"], equals: id } },
        select: { id: true },
      });
      if (fired) return { outcome: "already-fired" };

      const firedAt = this.clock();
      const escalation = kind.endsWith("escalation");
      const recipients =
        kind.startsWith("verify") || escalation || !report.agencyId
          ? await this.deskRecipients(tx)
          : await this.agencyRecipients(tx, report.agencyId);
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
      await tx.reportEvent.create({
        data: {
          reportId,
          type: TIMER_EVENTS[kind],
          actorType: "system",
          public: false,
          text: `${kind} (${recipients.length} recipient(s))`,
          data: { timer: id, dueAt: dueAt.toISOString(), firedAt: firedAt.toISOString() },
          createdAt: firedAt,
        },
      });
      const outbox = await this.notify(tx, recipients, message, kind, reportId);
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
    const open = await this.prisma.report.findMany({
      where: { status: { in: [...OPEN_STATUSES] } },
      select: {
        trackingCode: true,
        title: true,
        status: true,
        agencyId: true,
        verifyDueAt: true,
        followUpDueAt: true,
      },
      orderBy: { submittedAt: "asc" },
    });
    const groups = new Map<string | null, typeof open>();
    for (const report of open) {
      // The desk holds what waits for verification or re-routing; agencies hold the rest.
      const holder = report.verifyDueAt || !report.agencyId ? null : report.agencyId;
      groups.set(holder, [...(groups.get(holder) ?? []), report]);
    }
    return this.prisma.$transaction(async (tx) => {
      const outbox: PendingOutbox[] = [];
      for (const [agencyId, reports] of groups) {
        const due = (report: (typeof open)[number]) => report.verifyDueAt ?? report.followUpDueAt;
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
          ? await this.agencyRecipients(tx, agencyId)
          : await this.deskRecipients(tx);
        outbox.push(...(await this.notify(tx, recipients, message, "digest", null)));
      }
      return outbox;
    });
  }

  private async reporterAnsweredSinceFollowUp(
    tx: Prisma.TransactionClient,
    reportId: string,
  ): Promise<boolean> {
    const [latest] = await tx.reportEvent.findMany({
      where: { reportId, type: { in: ["replied", "info_added"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 1,
      select: { type: true },
    });
    return latest?.type === "info_added";
  }

  private async deskRecipients(tx: Prisma.TransactionClient): Promise<Recipient[]> {
    if (this.options.staffChatId)
      return [{ channel: "telegram", chatId: this.options.staffChatId }];
    return this.staffChats(tx, { role: "admin" });
  }

  /** The agency's own chat, else its officers, else the desk (someone must hear of it). */
  private async agencyRecipients(
    tx: Prisma.TransactionClient,
    agencyId: string,
  ): Promise<Recipient[]> {
    const chat = this.options.catalog.agency(agencyId)?.chat;
    if (chat) return [{ channel: "telegram", chatId: chat }];
    const officers = await this.staffChats(tx, { role: "officer", agencyId });
    return officers.length > 0 ? officers : this.deskRecipients(tx);
  }

  private async staffChats(
    tx: Prisma.TransactionClient,
    where: Prisma.StaffWhereInput,
  ): Promise<Recipient[]> {
    const staff = await tx.staff.findMany({
      where: { ...where, active: true, chatId: { not: null } },
      select: { channel: true, chatId: true },
    });
    return staff.flatMap((member) =>
      member.chatId ? [{ channel: member.channel, chatId: member.chatId }] : [],
    );
  }

  private async notify(
    tx: Prisma.TransactionClient,
    recipients: readonly Recipient[],
    message: OutboundMessage,
    purpose: string,
    reportId: string | null,
  ): Promise<PendingOutbox[]> {
    return Promise.all(
      recipients.map((recipient) =>
        tx.outboxMessage.create({
          data: {
            channel: recipient.channel,
            chatId: recipient.chatId,
            purpose,
            payload: message as unknown as Prisma.InputJsonObject,
            reportId,
            lane: "bulk",
          },
          select: PENDING_OUTBOX,
        }),
      ),
    );
  }
}
