import type { ChannelName, Language } from "../messages.js";
import type {
  ActorType,
  Erasure,
  EventType,
  ReportKind,
  ReportStatus,
  StaffRole,
} from "../words.js";

/** A report as the core reads it, with what staff views show of its reporter and assignee. */
export interface ReportRecord {
  readonly id: string;
  readonly trackingCode: string;
  readonly submissionId: string;
  readonly flowId: string;
  readonly reporterId: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly agencyId: string | null;
  /** A calendar date, stored as UTC midnight. */
  readonly eventDate: Date | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly address: string | null;
  /** anonim: the reporter's identity is hidden from staff. */
  readonly anonymous: boolean;
  /** rahasia: the report itself is never public. */
  readonly confidential: boolean;
  /** The reporter agreed that the photos may be shown on the report's public page. */
  readonly photosPublic: boolean;
  readonly status: ReportStatus;
  readonly language: Language;
  readonly submittedAt: Date;
  readonly assigneeId: string | null;
  readonly verifyDueAt: Date | null;
  readonly followUpDueAt: Date | null;
  readonly autoCloseAt: Date | null;
  readonly holdDueAt: Date | null;
  readonly verifiedAt: Date | null;
  readonly routedAt: Date | null;
  readonly firstAnsweredAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedReason: string | null;
  readonly rating: number | null;
  readonly ratingComment: string | null;
  readonly deskBatchPending: boolean;
  /** Staff views show these unless the report is anonim (see staff-cards.ts). */
  readonly reporter: {
    readonly displayName: string | null;
    readonly username: string | null;
    readonly phone: string | null;
    /** Set once the identity was erased: the fields above are then empty. */
    readonly erasure?: Erasure | null;
  };
  readonly assignee: {
    readonly displayName: string | null;
    readonly username: string | null;
  } | null;
  readonly attachmentCount: number;
  /** Citizens who support the report ("me too"); its own reporter is not one of them. */
  readonly supporterCount: number;
}

/** The columns a change may set. */
export type ReportChanges = Partial<
  Pick<
    ReportRecord,
    | "status"
    | "agencyId"
    | "assigneeId"
    | "verifiedAt"
    | "routedAt"
    | "firstAnsweredAt"
    | "resolvedAt"
    | "closedReason"
    | "verifyDueAt"
    | "followUpDueAt"
    | "autoCloseAt"
    | "holdDueAt"
    | "rating"
    | "ratingComment"
    | "deskBatchPending"
  >
>;

/** Where to reach the person who filed a report, and in which language. */
export interface ReporterRecord {
  readonly id: string;
  readonly channel: ChannelName;
  readonly chatId: string;
  readonly language: Language;
}

/** Who did something: a reporter or staff member by their row id, or the system. */
export interface ActorRef {
  readonly type: ActorType;
  readonly id: string | null;
}

export type EventData = Readonly<Record<string, string | number | boolean | null>>;

/** One line of a report's timeline. */
export interface NewReportEvent {
  readonly reportId: string;
  readonly type: EventType;
  readonly actor: ActorRef;
  /** Public events are shown to the reporter; the others are internal to staff. */
  readonly public: boolean;
  readonly text: string | null;
  readonly data?: EventData;
  readonly at: Date;
}

export interface ReportEventRecord extends NewReportEvent {
  readonly id: string;
}

/** A staff member as messages reach them. */
export interface StaffContact {
  readonly id: string;
  readonly role: StaffRole;
  readonly agencyId: string | null;
  readonly active: boolean;
  readonly displayName: string | null;
  readonly username: string | null;
  /** Their private chat with the bot, once they have written to it. */
  readonly chat: { readonly channel: ChannelName; readonly chatId: string } | null;
}
