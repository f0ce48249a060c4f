import type { SubmissionSink } from "../../../core/conversation/drafts.js";
import type { Submission } from "../../../core/reports/submission.js";
import type { ServiceRequestIntake, ServiceRequestSubmission } from "./intake.js";

/** The flow id Open311 reports are stored under (they come through no conversation). */
export const OPEN311_FLOW = "open311";

/**
 * Who filed through which system: the filer's account, else its device, else the request
 * itself, so one person's filings from a system share a reporter.
 */
function filerId(request: ServiceRequestSubmission): string {
  const { accountId, deviceId } = request.reporter;
  return `${request.source}:${accountId ?? deviceId ?? request.token}`.slice(0, 128);
}

/** An Open311 filing as the intake worker stores it: a report with no chat to answer on. */
export function toSubmission(request: ServiceRequestSubmission): Submission {
  const { firstName, lastName, phone, email } = request.reporter;
  const displayName = [firstName, lastName].filter(Boolean).join(" ");
  // What the filer passed on that staff may need but the public page must not show.
  const forStaff = [
    `Open311: ${request.source}`,
    ...(email ? [`E-mail: ${email}`] : []),
    ...(request.mediaUrl ? [`media_url: ${request.mediaUrl}`] : []),
  ];
  return {
    submissionId: request.token,
    flowId: OPEN311_FLOW,
    channel: "open311",
    chatId: filerId(request),
    traceId: `open311:${request.token}`,
    submittedAt: request.submittedAt,
    reporter: {
      externalId: filerId(request),
      ...(displayName ? { displayName } : {}),
      ...(phone ? { phone } : {}),
      language: request.language,
    },
    // media_url is passed on to staff, never fetched: there is no photo to publish.
    report: { ...request.report, photosPublic: false },
    attachments: [],
    staffNote: forStaff.join("\n"),
  };
}

/** Open311 POST requests into the intake queue every chat report goes through. */
export function queueIntake(sink: SubmissionSink): ServiceRequestIntake {
  return { submit: (request) => sink.submit(toSubmission(request)) };
}
