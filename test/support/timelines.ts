/**
 * Report timelines for the accountability figures, written the way the workflow records them:
 * local times in Jakarta, status events with the status before and after and the agency.
 */
import { loadHolidays } from "../../src/config/holidays.js";
import type { ReportTimeline, TimelineEvent } from "../../src/core/reports/accountability.js";
import { DeadlinePolicy } from "../../src/core/reports/deadline-policy.js";
import { WorkingCalendar } from "../../src/core/time/working-days.js";
import type { ReportStatus } from "../../src/generated/prisma/enums.js";

export const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
export const policy = new DeadlinePolicy(calendar, {
  verifyDays: 3,
  followUpDays: 5,
  autoCloseDays: 10,
  reminderHour: 8,
  holdDays: 5,
});
export const context = { calendar, policy };

/** "2026-08-03 09:00" in Jakarta (UTC+7). */
export const wib = (local: string): Date => new Date(`${local.replace(" ", "T")}:00+07:00`);

type Step = (agencyId: string | undefined) => TimelineEvent;

const change =
  (
    type: TimelineEvent["type"],
    at: string,
    from: ReportStatus,
    to: ReportStatus,
    options: { actor?: TimelineEvent["actor"]; public?: boolean; hasText?: boolean } = {},
  ): Step =>
  (agencyId) => ({
    type,
    at: wib(at),
    actor: options.actor ?? "staff",
    public: options.public ?? true,
    hasText: options.hasText ?? true,
    from,
    to,
    ...(agencyId ? { agencyId } : {}),
  });

export const verify = (at: string) => change("verified", at, "submitted", "verified");
export const reply = (at: string, from: ReportStatus = "routed") =>
  change("replied", at, from, "followed_up");
export const complete = (at: string, from: ReportStatus = "routed") =>
  change("done", at, from, "done");
export const hold = (at: string, from: ReportStatus = "routed") =>
  change("held", at, from, "on_hold");
export const reject = (at: string, from: ReportStatus = "submitted") =>
  change("rejected", at, from, "rejected");
export const notAuthority = (at: string) =>
  change("not_authority", at, "routed", "not_authority", { public: false });
export const reopen = (at: string) =>
  change("reopened", at, "done", "reopened", { actor: "reporter", hasText: false });

/** Routing names the agency it goes to; later events keep it. */
export const route =
  (at: string, agencyId: string, from: ReportStatus = "submitted") =>
  (): TimelineEvent => ({
    type: "routed",
    at: wib(at),
    actor: "staff",
    public: true,
    hasText: false,
    from,
    to: "routed",
    agencyId,
  });

export const rate =
  (at: string, score: number): Step =>
  () => ({ type: "rated", at: wib(at), actor: "reporter", public: true, hasText: true, score });

/** A report filed at `submitted`, then the steps in order. */
export function timeline(
  id: string,
  submitted: string,
  categoryId: string | null,
  ...steps: Step[]
): ReportTimeline {
  const events: TimelineEvent[] = [
    { type: "submitted", at: wib(submitted), actor: "reporter", public: true, hasText: false },
  ];
  let agencyId: string | undefined;
  for (const step of steps) {
    const event = step(agencyId);
    agencyId = event.agencyId ?? agencyId;
    events.push(event);
  }
  return { id, submittedAt: wib(submitted), categoryId, events };
}

/** A copy of the timeline with more events at its end. */
export function extend(report: ReportTimeline, ...steps: Step[]): ReportTimeline {
  const events = [...report.events];
  let agencyId = events.findLast((event) => event.agencyId)?.agencyId;
  for (const step of steps) {
    const event = step(agencyId);
    agencyId = event.agencyId ?? agencyId;
    events.push(event);
  }
  return { ...report, events };
}
