import type { EventType, ReportStatus } from "../words.js";

/**
 * What can happen to a report. Staff verify, route, answer, hold, reject, declare it not our
 * authority, close and reopen it; the reporter can reopen it after an answer; the system closes
 * it when the reporter stays silent after a follow-up.
 */
export const REPORT_ACTIONS = [
  "verify",
  "route",
  "reply",
  "hold",
  "reject",
  "not_authority",
  "complete",
  "reopen",
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** Statuses in which a report is still waiting for someone at the desk or an agency. */
export const OPEN_STATUSES = [
  "submitted",
  "verified",
  "routed",
  "followed_up",
  "on_hold",
  "not_authority",
  "reopened",
] as const satisfies readonly ReportStatus[];

const TRANSITIONS: Record<ReportAction, Partial<Record<ReportStatus, ReportStatus>>> = {
  verify: { submitted: "verified", on_hold: "verified" },
  // Routing also re-routes: after an agency declared it not its authority, after a reopen, or
  // when the desk moves a report between agencies.
  route: {
    submitted: "routed",
    verified: "routed",
    routed: "routed",
    on_hold: "routed",
    not_authority: "routed",
    reopened: "routed",
  },
  reply: {
    verified: "followed_up",
    routed: "followed_up",
    followed_up: "followed_up",
    on_hold: "followed_up",
    reopened: "followed_up",
  },
  hold: {
    submitted: "on_hold",
    verified: "on_hold",
    routed: "on_hold",
    followed_up: "on_hold",
    reopened: "on_hold",
  },
  reject: {
    submitted: "rejected",
    verified: "rejected",
    on_hold: "rejected",
    not_authority: "rejected",
  },
  not_authority: {
    submitted: "not_authority",
    verified: "not_authority",
    routed: "not_authority",
    on_hold: "not_authority",
    reopened: "not_authority",
  },
  complete: {
    verified: "done",
    routed: "done",
    followed_up: "done",
    on_hold: "done",
    reopened: "done",
  },
  reopen: { done: "reopened", rejected: "reopened" },
};

/** The timeline event each action leaves. */
export const ACTION_EVENTS: Record<ReportAction, EventType> = {
  verify: "verified",
  route: "routed",
  reply: "replied",
  hold: "held",
  reject: "rejected",
  not_authority: "not_authority",
  complete: "done",
  reopen: "reopened",
};

/** Actions that must say why (shown to the reporter, or to the desk for not_authority). */
export const ACTIONS_NEEDING_TEXT: ReadonlySet<ReportAction> = new Set([
  "reply",
  "hold",
  "reject",
  "not_authority",
  "complete",
]);

export class IllegalTransitionError extends Error {
  override name = "IllegalTransitionError";

  constructor(
    readonly action: ReportAction,
    readonly status: ReportStatus,
  ) {
    super(`cannot ${action} a report that is ${status}`);
  }
}

/** The status after `action`, or undefined when the action is not allowed in `status`. */
export function statusAfter(status: ReportStatus, action: ReportAction): ReportStatus | undefined {
  return TRANSITIONS[action][status];
}

/** Like statusAfter, but refuses an illegal transition with an error naming the current status. */
export function transition(status: ReportStatus, action: ReportAction): ReportStatus {
  const next = statusAfter(status, action);
  if (!next) throw new IllegalTransitionError(action, status);
  return next;
}

/** The actions allowed from `status`, in the order staff usually take them. */
export function actionsFrom(status: ReportStatus): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => statusAfter(status, action) !== undefined);
}

export const isOpen = (status: ReportStatus): boolean =>
  (OPEN_STATUSES as readonly ReportStatus[]).includes(status);
