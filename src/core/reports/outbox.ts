import type { ChannelName, OutboundMessage } from "../messages.js";
import type { OutboxLane } from "../words.js";
import type { TimerKind } from "./deadline-policy.js";
import type { ReportAction } from "./lifecycle.js";
import type { Logger } from "../logger.js";

/** A chat that messages go to: a reporter's, a staff member's, a desk or agency group. */
export interface Recipient {
  readonly channel: ChannelName;
  readonly chatId: string;
}

/** Why a message is in the outbox; read back to tell a reply to a card from one to an update. */
export type OutboxPurpose =
  /** The tracking code, to the reporter. */
  | "confirmation"
  /** A staff action the reporter is told about. */
  | `update:${ReportAction}`
  /** A milestone of a report, to a citizen who supports it ("me too"). */
  | `support:${ReportAction}`
  /** A merge (/gabung), to the reporters of both reports. */
  | "merge_notice"
  /** A report's card in a staff chat; redrawn in place as the report changes. */
  | "card"
  | "card_update"
  /** Several new reports listed in one message to a busy desk. */
  | "card_batch"
  /** A report's files to a staff chat: after its card, replying to it where the platform can. */
  | "files"
  /** Files to the reporter (staff proof), after the update they belong to. */
  | "reporter_files"
  /** Something staff must know about a report (not-our-authority, reopened, new information). */
  | "staff_notice"
  /**
   * To a member taken off the desk, in their private chat: its cards are no longer redrawn,
   * and this one message says so in place of a last redraw of each.
   */
  | "staff_removed"
  | TimerKind
  /**
   * Scheduled notices to staff, named by their day or month so each is written once: the
   * daily digest, the holiday-list reminder, last month's figures.
   */
  | `digest:${string}`
  | `holiday_reminder:${string}`
  | `monthly_summary:${string}`;

/** One message to write: where, why, what, and how soon it must go. */
export interface OutboxEntry {
  readonly to: Recipient;
  readonly purpose: OutboxPurpose;
  readonly message: OutboundMessage;
  readonly reportId: string | null;
  readonly lane: OutboxLane;
  /** The row of the message this one redraws (a card update). */
  readonly replacesId?: string;
}

/** A written row still to be delivered: what the outbound queue needs to take it. */
export interface PendingOutbox {
  readonly id: string;
  readonly channel: ChannelName;
  readonly lane: OutboxLane;
}

/** Where rows go once their transaction committed: the outbound queues. */
export interface OutboxQueue {
  enqueue(items: readonly PendingOutbox[], traceId?: string): Promise<void>;
}

/**
 * Queues rows whose transaction committed. A failure is logged, not thrown: the rows stay
 * pending, and the worker queues pending rows again when it starts.
 */
export async function enqueueCommitted(
  queue: OutboxQueue,
  logger: Logger,
  rows: readonly PendingOutbox[],
): Promise<void> {
  try {
    await queue.enqueue(rows);
  } catch (error) {
    logger.error({ err: error }, "could not queue outbox rows; they stay pending");
  }
}

/** Why the messages to a reporter whose identity was erased will never go (their row keeps it). */
export const ERASED_RECIPIENT = "the recipient's identity was erased";

/** Messages to the reporter are answered by adding information; those to staff, by acting. */
export function isToReporter(purpose: string): boolean {
  return (
    purpose === "confirmation" || purpose === "reporter_files" || purpose.startsWith("update:")
  );
}

/** Messages only staff get; a merge notice and a supporter's update go to citizens too. */
export function isToStaff(purpose: string): boolean {
  return !isToReporter(purpose) && purpose !== "merge_notice" && !purpose.startsWith("support:");
}
