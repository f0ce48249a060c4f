import { subDays, subMonths } from "date-fns";
import type { Logger } from "../logger.js";
import type { MediaStore } from "../media/media-store.js";
import type { Clock } from "../time/clock.js";

/** What the retention job removes, as counted in /metrics. */
export type RetentionKind = "identities" | "media" | "draft_files" | "erasure_requests";

/**
 * How long a /hapusdata is remembered (as a keyed pseudonym of the account) for a report
 * submitted before it and still queued: far longer than the queue holds a report, even with
 * PostgreSQL away for days.
 */
export const ERASURE_REQUEST_DAYS = 30;

export interface RetentionMetrics {
  retained(kind: RetentionKind, count: number): void;
}

/** The personal data retention applies to, kept by src/infra/db. */
export interface RetentionStore {
  /**
   * Erases the identity of every reporter with reports, none open and none closed at or after
   * `closedBefore`; deletes reporter rows without reports untouched since then (a consent or
   * a language and nothing more, nor support of another report). Returns how many went.
   */
  expireIdentities(closedBefore: Date, at: Date): Promise<number>;
  /**
   * Marks deleted the attachments of reports closed before `closedBefore`; returns the storage
   * paths no remaining attachment uses (files are shared by content), and how many rows.
   */
  expireMedia(closedBefore: Date, at: Date): Promise<{ rows: number; unusedPaths: string[] }>;
  /** The storage paths attachments still use: every other file is a draft's upload. */
  usedStoragePaths(): Promise<Set<string>>;
  /** Forgets the erasure requests made before `before`; returns how many. */
  forgetErasureRequests(before: Date): Promise<number>;
}

export interface RetentionPeriods {
  readonly identityMonths: number;
  readonly mediaMonths: number;
  readonly draftDays: number;
}

export interface RetentionResult {
  readonly identities: number;
  readonly media: number;
  readonly draftFiles: number;
  readonly erasureRequests: number;
}

/**
 * Keeps personal data no longer than configured (UU 27/2022): identities erased N months
 * after the reporter's last report closed, files M months after their report closed, drafts'
 * uploads after D days (the drafts themselves expire in Redis after the same days), erasure
 * requests after ERASURE_REQUEST_DAYS. Run by a scheduled job (src/queues/retention.ts); each
 * run does what is due, so a missed night only delays it.
 */
export class RetentionService {
  constructor(
    private readonly store: RetentionStore,
    private readonly media: MediaStore,
    private readonly options: RetentionPeriods & {
      readonly clock: Clock;
      readonly logger: Logger;
      readonly metrics?: RetentionMetrics;
    },
  ) {}

  async run(): Promise<RetentionResult> {
    const { clock, identityMonths, mediaMonths, draftDays, metrics, logger } = this.options;
    const now = clock();
    const identities = await this.store.expireIdentities(subMonths(now, identityMonths), now);
    const expired = await this.store.expireMedia(subMonths(now, mediaMonths), now);
    await this.media.remove(expired.unusedPaths);
    const draftFiles = await this.media.sweep(
      subDays(now, draftDays),
      await this.store.usedStoragePaths(),
    );
    const erasureRequests = await this.store.forgetErasureRequests(
      subDays(now, ERASURE_REQUEST_DAYS),
    );
    metrics?.retained("identities", identities);
    metrics?.retained("media", expired.rows);
    metrics?.retained("draft_files", draftFiles);
    metrics?.retained("erasure_requests", erasureRequests);
    const result = { identities, media: expired.rows, draftFiles, erasureRequests };
    logger.info(result, "retention periods enforced");
    return result;
  }
}
