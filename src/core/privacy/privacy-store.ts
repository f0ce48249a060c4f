import type { ChannelName, Language } from "../messages.js";
import type { ReporterIdentity } from "../reports/report-queries.js";
import type { ReportStatus } from "../words.js";

/** Which privacy notice a person agreed to, and when. */
export interface Consent {
  readonly version: string;
  readonly at: Date;
}

export interface HeldReport {
  readonly trackingCode: string;
  readonly status: ReportStatus;
}

/** What the service holds about one person on one channel: what /dataku shows them. */
export interface HeldData {
  readonly account: {
    readonly channel: ChannelName;
    readonly displayName: string | null;
    readonly username: string | null;
    readonly phone: string | null;
    readonly language: Language;
    readonly since: Date;
  };
  readonly consent: Consent | null;
  readonly reports: readonly HeldReport[];
  /** Reports of others they support ("me too"), not confidential: the link is theirs. */
  readonly supported: readonly HeldReport[];
  /** Files attached to their reports and not yet deleted by retention. */
  readonly files: number;
}

/** What an erasure changed. */
export interface ErasureResult {
  /** Reports now carrying the pseudonym instead of the person's identity. */
  readonly reports: number;
}

/**
 * The personal data the service keeps about reporters, and the rights over it (UU 27/2022):
 * consent to the privacy notice, access, and erasure. src/infra/db implements it.
 */
export interface PrivacyStore {
  consentOf(who: ReporterIdentity): Promise<Consent | null>;
  /** Records the agreement, creating a reporter row reached at `chatId` when there is none. */
  recordConsent(who: ReporterIdentity, chatId: string, consent: Consent): Promise<void>;
  /** Undefined when nothing is held about this person. */
  heldAbout(who: ReporterIdentity): Promise<HeldData | undefined>;
  /**
   * Replaces the person's name, username, phone and platform ids by a pseudonym on their
   * reporter row and in every event and message of their reports, and drops the names of
   * their files; report contents stay. Undefined when nothing is held about them.
   */
  erase(who: ReporterIdentity, at: Date): Promise<ErasureResult | undefined>;
  /** Those of these stored files no attachment uses (a draft's uploads), safe to delete. */
  unusedFiles(storagePaths: readonly string[]): Promise<string[]>;
}
