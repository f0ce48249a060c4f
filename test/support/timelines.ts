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

export const PUPR = "dinas-pupr";
export const HEALTH = "dinas-kesehatan";

// August 2026 in Jakarta: the 17th (Monday) and the 25th (Tuesday) are holidays. Follow-up
// deadlines are 5 working days, verification 3, holds 5; office hours 07:30–16:00.
export const AUGUST_2026: readonly ReportTimeline[] = [
  // R1 closed with /selesai only, on the third day: followed up, on time. Rated 3.
  timeline(
    "R1",
    "2026-08-03 09:00",
    "jalan-jembatan",
    route("2026-08-03 10:00", PUPR),
    complete("2026-08-05 14:00"),
    rate("2026-08-06 09:00", 3),
  ),
  // R2 rejected with a reason by the desk: apart from every rate.
  timeline("R2", "2026-08-04 09:00", null, reject("2026-08-04 11:00")),
  // R3 answered in time, closed, rated 2 (which reopened it), answered and closed again,
  // rated 5: only the 5 counts.
  timeline(
    "R3",
    "2026-08-05 08:00",
    "kesehatan",
    route("2026-08-05 11:00", HEALTH),
    reply("2026-08-06 10:00"),
    complete("2026-08-07 09:00", "followed_up"),
    rate("2026-08-07 10:00", 2),
    reopen("2026-08-07 10:00"),
    reply("2026-08-10 10:00", "reopened"),
    complete("2026-08-11 09:00", "followed_up"),
    rate("2026-08-11 12:00", 5),
  ),
  // R4 held with a reason the next day (a response, on time); the hold ran out on the 14th.
  timeline(
    "R4",
    "2026-08-06 09:00",
    "jalan-jembatan",
    route("2026-08-06 13:00", PUPR),
    hold("2026-08-07 09:00"),
  ),
  // R5 routed Friday the 14th: due Monday the 24th because the 17th is a holiday; answered
  // that afternoon, on time (without the holiday it would be late).
  timeline(
    "R5",
    "2026-08-14 09:00",
    "kesehatan",
    route("2026-08-14 15:00", HEALTH),
    reply("2026-08-24 15:00"),
  ),
  // R6 filed on the holiday, routed on the 18th, due the 26th, never answered: overdue.
  timeline("R6", "2026-08-17 10:00", "jalan-jembatan", route("2026-08-18 09:00", PUPR)),
  // R7 routed the 18th, due the 26th, answered the 27th: late.
  timeline(
    "R7",
    "2026-08-18 09:00",
    "kesehatan",
    route("2026-08-18 10:00", HEALTH),
    reply("2026-08-27 10:00"),
  ),
  // R8 routed the 28th, due 4 September: still pending when August ends.
  timeline("R8", "2026-08-28 09:00", null, route("2026-08-28 12:00", PUPR)),
  // R9 filed on the last day, waiting for the desk: pending.
  timeline("R9", "2026-08-31 09:00", null),
  // R10 never verified: the desk's deadline (the 13th) passed: overdue, counted for the desk.
  timeline("R10", "2026-08-10 09:00", null),
  // R11 declared not its authority by PUPR, routed on to Health by the desk the same day: the
  // reporter's first substantive news, given by the desk, on time.
  timeline(
    "R11",
    "2026-08-19 09:00",
    "kesehatan",
    route("2026-08-19 10:00", PUPR),
    notAuthority("2026-08-20 09:00"),
    route("2026-08-20 11:00", HEALTH, "not_authority"),
    reply("2026-08-21 09:00"),
  ),
  // Filed in July: not August's.
  timeline("R0", "2026-07-30 09:00", "jalan-jembatan", route("2026-07-30 10:00", PUPR)),
];
