/**
 * The accountability figures, defined once. Everything here is computed from each report's
 * timeline as it stood at one moment (the end of the period, or now while it runs), so a closed
 * period's figures never move. Definitions (README "Accountability figures" says the same):
 *
 * - **received**: filed (submitted) within the period.
 * - **verified**: received and accepted by the desk (verified, or routed, which verifies).
 * - **followed up** (ditindaklanjuti): the reporter got a first substantive response from staff:
 *   an answer (/balas), a completion (/selesai), a hold or a rejection with its reason, or the
 *   desk routing it on after an agency declared it not its authority.
 * - **on time**: that first response came by the deadline the report had at that moment, the
 *   one its reminders and escalation announced (verification while at the desk, follow-up while
 *   with an agency). A hold pauses the follow-up clock instead of restarting it.
 * - **overdue**: no response yet and that deadline has passed; **pending**: no response yet and
 *   the deadline is still ahead. Pending reports are in no rate: they have not failed yet.
 * - **rejected/archived**: rejected as of that moment. Counted apart and in nothing else: a
 *   correct refusal must not lower the rate, and rejecting must not raise it.
 * - **follow-up rate** = followed up ÷ (followed up + overdue), against the 90% target;
 *   **on-time rate** = on time ÷ the same.
 * - **resolved**: done (closed by staff or by the auto-close).
 * - **median time to first response / to verification**: in office hours of working days.
 * - **satisfaction**: the latest rating of each rated report (a re-rating after a reopen
 *   replaces the first), averaged, and the share of 4 or 5.
 * - A report counts for the agency that held it when it was first followed up, or that holds
 *   it now when it was not; the desk holds what is not routed yet, or declared not an agency's
 *   authority. Categories are the reporter's (or the desk's) category of the report.
 */
import { z } from "zod";
import type { ActorType, EventType, ReportStatus } from "../words.js";
import type { WorkingCalendar } from "../time/working-days.js";
import type { DeadlinePolicy, StatusChange } from "./deadline-policy.js";

/** SP4N-LAPOR!'s national target: at least 90% of reports followed up. */
export const FOLLOW_UP_TARGET = 0.9;

/** A rating of 4 or 5 counts as satisfied. */
export const SATISFIED_RATING = 4;

/** One event of a report's timeline, as the accountability figures read it. */
export interface TimelineEvent {
  readonly type: EventType;
  readonly at: Date;
  readonly actor: ActorType;
  /** Shown to the reporter. */
  readonly public: boolean;
  /** The event carries a text (an answer, a reason). */
  readonly hasText: boolean;
  /** From the event's data: the status before and after a status change… */
  readonly from?: ReportStatus;
  readonly to?: ReportStatus;
  /** …the agency the report is routed to after it… */
  readonly agencyId?: string;
  /** …and a rating's score (1-5); a rating comment has none. */
  readonly score?: number;
}

export interface ReportTimeline {
  readonly id: string;
  readonly submittedAt: Date;
  readonly categoryId: string | null;
  /** In the order they happened (time, then id); events after the period's end are ignored. */
  readonly events: readonly TimelineEvent[];
}

const STATUSES: Record<ReportStatus, true> = {
  submitted: true,
  verified: true,
  routed: true,
  followed_up: true,
  done: true,
  on_hold: true,
  not_authority: true,
  rejected: true,
  reopened: true,
};

const statusSchema = z
  .string()
  .refine((value): value is ReportStatus => Object.hasOwn(STATUSES, value));

const eventDataSchema = z.looseObject({
  from: statusSchema.optional().catch(undefined),
  to: statusSchema.optional().catch(undefined),
  agencyId: z.string().min(1).optional().catch(undefined),
  score: z.number().int().min(1).max(5).optional().catch(undefined),
});

/**
 * Reads what the figures need from a report_events row's `data` column (written by the
 * workflow and the rating service); anything else in it, or a malformed value, is left out.
 */
export function readEventData(
  data: unknown,
): Pick<TimelineEvent, "from" | "to" | "agencyId" | "score"> {
  const parsed = eventDataSchema.safeParse(data);
  if (!parsed.success) return {};
  const { from, to, agencyId, score } = parsed.data;
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(agencyId === undefined ? {} : { agencyId }),
    ...(score === undefined ? {} : { score }),
  };
}

export interface AccountabilityPeriod {
  /** Reports filed from this instant (inclusive)… */
  readonly from: Date;
  /** …up to this one (exclusive). */
  readonly to: Date;
}

export interface AccountabilityContext {
  readonly calendar: WorkingCalendar;
  readonly policy: DeadlinePolicy;
}

/** Where one report stood at the moment the figures are taken. */
export interface ReportOutcome {
  readonly id: string;
  readonly categoryId: string | null;
  readonly status: ReportStatus;
  /** The agency it counts for; null: the desk. */
  readonly agencyId: string | null;
  readonly verifiedAt: Date | null;
  readonly routed: boolean;
  readonly firstResponseAt: Date | null;
  /** The deadline the first response was measured against, or the one still running. */
  readonly dueAt: Date | null;
  readonly timeliness: "on-time" | "late" | "overdue" | "pending" | "rejected";
  /** On hold past the hold's deadline. */
  readonly holdOverdue: boolean;
  /** The latest rating. */
  readonly rating: number | null;
  readonly workingHoursToVerification: number | null;
  readonly workingHoursToFirstResponse: number | null;
}

export interface Satisfaction {
  readonly ratings: number;
  /** Average of the latest rating of each rated report; null without ratings. */
  readonly average: number | null;
  /** Share of those ratings at 4 or 5; null without ratings. */
  readonly satisfiedShare: number | null;
}

export interface AccountabilityFigures {
  readonly received: number;
  readonly verified: number;
  readonly routed: number;
  /** Rejected/archived: counted apart, in no other figure. */
  readonly rejected: number;
  readonly followedUp: number;
  readonly onTime: number;
  readonly overdue: number;
  readonly pending: number;
  readonly onHold: number;
  readonly holdOverdue: number;
  readonly resolved: number;
  /** followedUp ÷ (followedUp + overdue); null when nothing was due. */
  readonly followUpRate: number | null;
  /** onTime ÷ (followedUp + overdue); null when nothing was due. */
  readonly onTimeRate: number | null;
  /** Under the 90% target; null when nothing was due. */
  readonly belowTarget: boolean | null;
  readonly medianWorkingHoursToVerification: number | null;
  readonly medianWorkingHoursToFirstResponse: number | null;
  readonly satisfaction: Satisfaction;
}

export interface AgencyRank {
  readonly agencyId: string;
  readonly figures: AccountabilityFigures;
}

export interface Accountability {
  readonly period: AccountabilityPeriod;
  /** The moment the figures describe: the period's end, or now while the period runs. */
  readonly asOf: Date;
  /** When narrowed to one agency (an officer's view). */
  readonly agencyId?: string;
  readonly overall: AccountabilityFigures;
  /** Keyed by agency id, null for the desk; sorted by id. */
  readonly byAgency: ReadonlyMap<string | null, AccountabilityFigures>;
  /** Keyed by category id, null for reports without one; sorted by id. */
  readonly byCategory: ReadonlyMap<string | null, AccountabilityFigures>;
  /** Agencies, lowest follow-up rate first; those with nothing due yet last. */
  readonly ranking: readonly AgencyRank[];
}

const STATUS_EVENTS: ReadonlySet<EventType> = new Set([
  "verified",
  "routed",
  "replied",
  "held",
  "rejected",
  "not_authority",
  "done",
  "reopened",
  // Closes a duplicate (to: rejected) on the merged report; the target's own `merged` event
  // names the duplicate and changes nothing (it has no from/to).
  "merged",
]);

/** Statuses in which the desk, not an agency, holds the report. */
const DESK_STATUSES: ReadonlySet<ReportStatus> = new Set(["submitted", "not_authority"]);

/** The first substantive response to the reporter, per the definition above. */
function isFirstResponse(event: TimelineEvent): boolean {
  if (event.actor !== "staff" || !event.public) return false;
  switch (event.type) {
    case "replied":
    case "done":
      return true;
    case "held":
    case "rejected":
      return event.hasText;
    case "routed":
      return event.from === "not_authority";
    default:
      return false;
  }
}

/** The status changes of a timeline, oldest first. */
function statusChanges(events: readonly TimelineEvent[]): StatusChange[] {
  return events.flatMap((event) =>
    STATUS_EVENTS.has(event.type) && event.from && event.to
      ? [{ from: event.from, to: event.to, at: event.at }]
      : [],
  );
}

/** The deadline a report in `status` is measured against: the desk's or the agency's. */
function dueFor(
  context: AccountabilityContext,
  submittedAt: Date,
  changes: readonly StatusChange[],
): Date | null {
  const facts = context.policy.factsFromTimeline(submittedAt, changes);
  const due = context.policy.dueDates(facts);
  if (facts.status === "on_hold") return due.holdDueAt;
  return DESK_STATUSES.has(facts.status) ? due.verifyDueAt : due.followUpDueAt;
}

function holderOf(events: readonly TimelineEvent[]): string | null {
  let status: ReportStatus = "submitted";
  let agencyId: string | null = null;
  for (const event of events) {
    if (!STATUS_EVENTS.has(event.type) || !event.to) continue;
    status = event.to;
    if (event.agencyId) agencyId = event.agencyId;
  }
  return DESK_STATUSES.has(status) ? null : agencyId;
}

/**
 * Where one report stood at `asOf`, from its events before that moment. Exposed so that a
 * report's line in an export or a test can be checked against the figures it adds up to.
 */
export function reportOutcome(
  report: ReportTimeline,
  asOf: Date,
  context: AccountabilityContext,
): ReportOutcome {
  const { calendar } = context;
  const events = [...report.events]
    .filter((event) => event.at < asOf)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const changes = statusChanges(events);
  const status = changes.at(-1)?.to ?? "submitted";
  const responseIndex = events.findIndex(isFirstResponse);
  const response = events[responseIndex];
  const before = response ? events.slice(0, responseIndex) : events;
  const verification = events.find((event) => event.type === "verified" || event.type === "routed");
  const dueAt = dueFor(context, report.submittedAt, statusChanges(before));
  let timeliness: ReportOutcome["timeliness"];
  if (status === "rejected") timeliness = "rejected";
  else if (response) timeliness = dueAt === null || response.at <= dueAt ? "on-time" : "late";
  else timeliness = dueAt !== null && dueAt < asOf ? "overdue" : "pending";
  const holdDueAt =
    status === "on_hold"
      ? context.policy.dueDates(context.policy.factsFromTimeline(report.submittedAt, changes))
          .holdDueAt
      : null;
  const rating = events.findLast((event) => event.type === "rated" && event.score !== undefined);
  return {
    id: report.id,
    categoryId: report.categoryId,
    status,
    agencyId: holderOf(before),
    verifiedAt: verification?.at ?? null,
    routed: events.some((event) => event.type === "routed"),
    firstResponseAt: response?.at ?? null,
    dueAt,
    timeliness,
    holdOverdue: holdDueAt !== null && holdDueAt < asOf,
    rating: rating?.score ?? null,
    workingHoursToVerification: verification
      ? calendar.workingHoursBetween(report.submittedAt, verification.at)
      : null,
    workingHoursToFirstResponse: response
      ? calendar.workingHoursBetween(report.submittedAt, response.at)
      : null,
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The figures of a set of report outcomes. */
export function figuresOf(outcomes: readonly ReportOutcome[]): AccountabilityFigures {
  const counted = outcomes.filter((outcome) => outcome.timeliness !== "rejected");
  const count = (predicate: (outcome: ReportOutcome) => boolean) =>
    counted.filter(predicate).length;
  const followedUp = count((outcome) => outcome.firstResponseAt !== null);
  const onTime = count((outcome) => outcome.timeliness === "on-time");
  const overdue = count((outcome) => outcome.timeliness === "overdue");
  const due = followedUp + overdue;
  const followUpRate = ratio(followedUp, due);
  const ratings = counted.flatMap((outcome) => (outcome.rating === null ? [] : [outcome.rating]));
  return {
    received: outcomes.length,
    verified: outcomes.filter((outcome) => outcome.verifiedAt !== null).length,
    routed: outcomes.filter((outcome) => outcome.routed).length,
    rejected: outcomes.length - counted.length,
    followedUp,
    onTime,
    overdue,
    pending: count((outcome) => outcome.timeliness === "pending"),
    onHold: count((outcome) => outcome.status === "on_hold"),
    holdOverdue: count((outcome) => outcome.holdOverdue),
    resolved: count((outcome) => outcome.status === "done"),
    followUpRate,
    onTimeRate: ratio(onTime, due),
    belowTarget: followUpRate === null ? null : followUpRate < FOLLOW_UP_TARGET,
    medianWorkingHoursToVerification: median(
      counted.flatMap((outcome) => outcome.workingHoursToVerification ?? []),
    ),
    medianWorkingHoursToFirstResponse: median(
      counted.flatMap((outcome) => outcome.workingHoursToFirstResponse ?? []),
    ),
    satisfaction: {
      ratings: ratings.length,
      average:
        ratings.length === 0
          ? null
          : ratings.reduce((sum, score) => sum + score, 0) / ratings.length,
      satisfiedShare: ratio(
        ratings.filter((score) => score >= SATISFIED_RATING).length,
        ratings.length,
      ),
    },
  };
}

function grouped(
  outcomes: readonly ReportOutcome[],
  key: (outcome: ReportOutcome) => string | null,
): ReadonlyMap<string | null, AccountabilityFigures> {
  const groups = new Map<string | null, ReportOutcome[]>();
  for (const outcome of outcomes) {
    const group = groups.get(key(outcome)) ?? [];
    group.push(outcome);
    groups.set(key(outcome), group);
  }
  return new Map(
    [...groups.entries()]
      .sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""))
      .map(([group, members]) => [group, figuresOf(members)]),
  );
}

/** Lowest follow-up rate first (then lowest on-time rate); agencies with nothing due last. */
export function rankAgencies(
  byAgency: ReadonlyMap<string | null, AccountabilityFigures>,
): AgencyRank[] {
  const rate = (value: number | null) => value ?? Number.POSITIVE_INFINITY;
  return [...byAgency.entries()]
    .flatMap(([agencyId, figures]) => (agencyId === null ? [] : [{ agencyId, figures }]))
    .sort(
      (a, b) =>
        rate(a.figures.followUpRate) - rate(b.figures.followUpRate) ||
        rate(a.figures.onTimeRate) - rate(b.figures.onTimeRate) ||
        a.agencyId.localeCompare(b.agencyId),
    );
}

/**
 * The accountability figures of the reports filed in a period, as they stood at the period's
 * end (or at `now`, while the period runs): overall, per agency and per category, with the
 * 90% line and the agencies ranked lowest first. Reports filed outside the period are ignored.
 */
export function computeAccountability(
  reports: readonly ReportTimeline[],
  options: {
    readonly period: AccountabilityPeriod;
    readonly now: Date;
    /** Only the reports this agency counts for (an officer's view). */
    readonly agencyId?: string;
  },
  context: AccountabilityContext,
): Accountability {
  const { period, now, agencyId } = options;
  const asOf = now < period.to ? now : period.to;
  const outcomes = reports
    .filter((report) => report.submittedAt >= period.from && report.submittedAt < period.to)
    .map((report) => reportOutcome(report, asOf, context))
    .filter((outcome) => agencyId === undefined || outcome.agencyId === agencyId);
  const byAgency = grouped(outcomes, (outcome) => outcome.agencyId);
  return {
    period,
    asOf,
    ...(agencyId === undefined ? {} : { agencyId }),
    overall: figuresOf(outcomes),
    byAgency,
    byCategory: grouped(outcomes, (outcome) => outcome.categoryId),
    ranking: rankAgencies(byAgency),
  };
}
