import { t } from "../i18n/index.js";
import type { StoredFile } from "../media/media-store.js";
import { fileMessages } from "../media/outbound-files.js";
import type { Language, OutboundMessage } from "../messages.js";
import { joinLines, type RichText } from "../text.js";
import type { Recipient } from "./outbox.js";
import type { Recipients } from "./recipients.js";
import type { ReportRecord } from "./records.js";

export interface ReportFilesInput {
  readonly report: Pick<ReportRecord, "anonymous" | "confidential">;
  readonly files: readonly StoredFile[];
  readonly to: Recipient;
  readonly language: Language;
  readonly header: RichText;
  /** Staff see the reporter's file names replaced on an anonim report; the reporter sees all. */
  readonly forReporter: boolean;
  /** The number of the first file among the report's, for the names given to it. */
  readonly firstNumber?: number;
}

/**
 * The messages that carry a report's files to one chat: the files themselves where the report
 * allows it there, otherwise (a rahasia report, a chat that is not a staff group) a line saying
 * how many files there are and where they go. None without files.
 */
export function reportFileMessages(
  recipients: Recipients,
  input: ReportFilesInput,
): OutboundMessage[] {
  const { files, report, to, language } = input;
  if (files.length === 0) return [];
  if (!recipients.mayReceiveFiles(report, to)) {
    const line = input.forReporter ? "mediaConfidentialReporter" : "mediaConfidentialStaff";
    return [{ text: joinLines([input.header, t(language, line, { count: files.length })]) }];
  }
  return fileMessages(files, {
    channel: to.channel,
    language,
    anonymous: report.anonymous && !input.forReporter,
    header: input.header,
    ...(input.firstNumber ? { firstNumber: input.firstNumber } : {}),
  });
}
