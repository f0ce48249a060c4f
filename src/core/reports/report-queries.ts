import type { Language } from "../messages.js";
import type { EventType, ReportKind, ReportStatus } from "../words.js";
import type { ChannelName } from "../messages.js";

export interface ReporterIdentity {
  readonly channel: ChannelName;
  readonly externalId: string;
}

export interface ReportStatusView {
  readonly trackingCode: string;
  readonly title: string;
  readonly kind: ReportKind;
  readonly status: ReportStatus;
  readonly categoryId: string | null;
  readonly agencyId: string | null;
  readonly submittedAt: Date;
  readonly timeline: readonly { type: EventType; text: string | null; at: Date }[];
}

export interface ReportListItem {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
  /** Someone else's report that this person supports ("me too"), its reporter blanked out. */
  readonly supported: boolean;
}

/**
 * What reporters may read about their own reports, and about those they support as much as
 * the public pages show; and the language kept with them. src/infra/db implements it.
 */
export interface ReportQueries {
  /**
   * The report with this code when it belongs to this reporter, or (without its reporter's
   * identity or words) when they support it and it is not confidential; undefined otherwise.
   */
  statusFor(
    reporter: ReporterIdentity,
    trackingCode: string,
  ): Promise<ReportStatusView | undefined>;
  /** Their latest reports, and those they support that are not confidential, newest first. */
  recentFor(reporter: ReporterIdentity, limit: number): Promise<ReportListItem[]>;
  /**
   * Keeps the person's language for later messages (answers, reminders) and for when Redis
   * has forgotten it. Someone who never reported gets a reporter row holding just that, when
   * their private chat is known (`chatId`); in a group only an existing row is updated.
   */
  setLanguage(
    reporter: ReporterIdentity,
    language: Language,
    chatId: string | undefined,
  ): Promise<void>;
  /** The language kept with this person, or null when there is no reporter row. */
  languageOf(reporter: ReporterIdentity): Promise<Language | null>;
}
