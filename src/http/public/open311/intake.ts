import type { Language } from "../../../core/messages.js";
import type { ReportLocation } from "../../../core/reports/submission.js";
import type { ReportKind } from "../../../core/words.js";

/**
 * A report another intake system filed through Open311's POST requests, validated: what the
 * intake queue needs to store it like a report from the chat. `token` becomes its submission
 * id, so the filer can ask `GET tokens/<token>` for the report's number once it is stored.
 */
export interface ServiceRequestSubmission {
  readonly token: string;
  /** The name of the API key it came with (OPEN311_API_KEYS): which system filed it. */
  readonly source: string;
  readonly submittedAt: string;
  /** The language the filer asked in (`lang`, Accept-Language), for later notices. */
  readonly language: Language;
  readonly report: {
    readonly kind: ReportKind;
    readonly title: string;
    readonly description: string;
    readonly categoryId: string;
    readonly location: ReportLocation;
    readonly eventDate?: string;
    readonly anonymous: boolean;
    readonly confidential: boolean;
  };
  /** Who filed it, as far as the filing system says; never published. */
  readonly reporter: {
    readonly accountId?: string;
    readonly deviceId?: string;
    readonly email?: string;
    readonly firstName?: string;
    readonly lastName?: string;
    readonly phone?: string;
  };
  /** A URL the filer gave for a photo; kept for staff, never fetched by the service. */
  readonly mediaUrl?: string;
}

/** The write side: hands a validated submission to the intake queue. */
export interface ServiceRequestIntake {
  submit(request: ServiceRequestSubmission): Promise<void>;
}
