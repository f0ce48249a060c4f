import type { Choice } from "../messages.js";
import type { Recipient } from "../reports/outbox.js";
import type { ReporterIdentity } from "../reports/report-queries.js";
import type { ActorType, EventType, OutboxState, ReportStatus } from "../words.js";

/** A report as a staff inbox lists it. */
export interface InboxItem {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly holdDueAt: Date | null;
  readonly anonymous: boolean;
  readonly confidential: boolean;
}

export interface InboxQuery {
  readonly statuses: readonly ReportStatus[];
  /** Only this agency's reports (an officer's inbox). */
  readonly agencyId?: string;
  /** Nearest deadline first: verification (the desk) or follow-up (an agency). */
  readonly dueBy: "verify" | "followUp";
  readonly page: number;
  readonly pageSize: number;
}

/** One line of a report's timeline as staff see it: public and internal events, with names. */
export interface TimelineEntry {
  readonly at: Date;
  readonly type: EventType;
  readonly actorType: ActorType;
  /** The staff member's name, for staff actors. */
  readonly staffName: string | null;
  readonly public: boolean;
  readonly text: string | null;
  /** Files the event added (a reporter's evidence, staff proof). */
  readonly attachments: number;
}

/** What became of one message to the reporter: sent, on their phone, read, waiting, failed. */
export interface ReporterDelivery {
  readonly purpose: string;
  readonly writtenAt: Date;
  readonly state: OutboxState;
  readonly sentAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly readAt: Date | null;
  readonly lastError: string | null;
}

/** A canned answer the desk keeps, used with `/balas <code> #<name>`. */
export interface AnswerTemplate {
  readonly name: string;
  readonly text: string;
}

/** A message of the bot's that someone answered by quoting it. */
export type QuotedMessage =
  | {
      readonly kind: "report";
      readonly trackingCode: string;
      readonly purpose: string;
      readonly choices: readonly Choice[];
    }
  | { readonly kind: "batch"; readonly choices: readonly Choice[] };

/** What the desk reads beyond reports themselves; src/infra/db implements it. */
export interface DeskStore {
  inbox(query: InboxQuery): Promise<{ total: number; items: InboxItem[] }>;
  timeline(reportId: string): Promise<TimelineEntry[]>;
  /** The messages to the report's reporter (confirmation and updates), oldest first. */
  reporterDeliveries(reportId: string): Promise<ReporterDelivery[]>;
  /**
   * The report, purpose and options (a card's actions) of a message the bot sent in this chat,
   * by its platform id: the one it is kept under, or any of its parts' when it went as several.
   * A batch of new reports names none: its options open their cards.
   */
  quoted(chat: Recipient, platformMessageId: string): Promise<QuotedMessage | undefined>;
  reporterId(reporter: ReporterIdentity): Promise<string | undefined>;
  templates(): Promise<AnswerTemplate[]>;
  template(name: string): Promise<AnswerTemplate | undefined>;
  /** Adds or edits a template, recorded in the audit trail with its text before and after. */
  saveTemplate(template: AnswerTemplate, createdBy: string): Promise<void>;
  /** false when there was no such template; a removal is recorded in the audit trail. */
  removeTemplate(name: string, removedBy: string): Promise<boolean>;
}
