import type { EventType } from "../../core/words.js";
import { redactIdentity, type ReporterIdentity } from "../../core/reports/redaction.js";
import type { PublicTimelineEntry } from "./report-source.js";

/** A timeline event as stored. */
export interface StoredEvent {
  readonly type: EventType;
  readonly actorType: "reporter" | "staff" | "system";
  /** Shown to the reporter; the others are internal to staff and never published. */
  readonly public: boolean;
  readonly text: string | null;
  readonly createdAt: Date;
}

/**
 * The public timeline of a report: the events its reporter is shown, with staff and system
 * texts stripped of the reporter's identity, and the reporter's own words left out.
 */
export function publicTimeline(
  events: readonly StoredEvent[],
  identity: ReporterIdentity,
): PublicTimelineEntry[] {
  return events
    .filter((event) => event.public)
    .map((event) =>
      event.actorType === "reporter"
        ? { actor: "reporter", type: event.type, at: event.createdAt }
        : {
            actor: event.actorType,
            type: event.type,
            at: event.createdAt,
            text: event.text === null ? null : redactIdentity(event.text, identity),
          },
    );
}

/** The text of the latest public staff action: Open311's status_notes, the list's note. */
export function latestStaffNote(timeline: readonly PublicTimelineEntry[]): string | null {
  for (let index = timeline.length - 1; index >= 0; index--) {
    const entry = timeline[index];
    if (entry?.actor === "staff" && entry.text) return entry.text;
  }
  return null;
}
