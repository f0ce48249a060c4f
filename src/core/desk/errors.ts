import type { Catalog } from "../../config/catalog.js";
import { t, type MessageKey } from "../i18n/index.js";
import { reportStatusLabels } from "../i18n/labels.js";
import type { Logger } from "../logger.js";
import type { Language, OutboundMessage } from "../messages.js";
import { IllegalTransitionError, isOpen } from "../reports/lifecycle.js";
import {
  InvalidActionError,
  MergeRefusedError,
  NotPermittedError,
  ReportClosedError,
  ReportNotFoundError,
} from "../reports/workflow.js";
import type { TemplateParams } from "../text.js";

/** A message for the person who asked, in their language. */
export const say = (language: Language, key: MessageKey, params?: TemplateParams) => [
  { text: t(language, key, params) },
];

/**
 * What staff are told when an action cannot be done: every refusal and mistake the workflow
 * reports, in one place. Anything else is a fault and is thrown on.
 */
export function explainToStaff(
  error: unknown,
  context: {
    readonly language: Language;
    readonly code: string;
    readonly staffId: string | undefined;
    readonly catalog: Catalog;
    readonly logger: Logger;
  },
): OutboundMessage[] {
  const { language, code } = context;
  if (error instanceof ReportNotFoundError) return say(language, "deskNotFound", { code });
  if (error instanceof NotPermittedError) {
    context.logger.warn(
      { trackingCode: code, staffId: context.staffId, reason: error.reason },
      "report action refused",
    );
    return say(language, error.reason === "agency" ? "deskNotYourAgency" : "deskNotAllowed", {
      code,
    });
  }
  if (error instanceof IllegalTransitionError) {
    return say(language, "deskIllegal", {
      code,
      status: reportStatusLabels[language][error.status],
    });
  }
  if (error instanceof InvalidActionError && error.reason === "unknown_agency") {
    return unknownAgency(language, context.catalog);
  }
  if (error instanceof InvalidActionError && error.reason === "same_agency") {
    return say(language, "deskAlreadyRouted", { code });
  }
  if (error instanceof InvalidActionError && error.reason === "already_verified") {
    return say(language, "deskAlreadyVerified", { code });
  }
  if (error instanceof InvalidActionError) return say(language, "deskTextRequired", { code });
  if (error instanceof MergeRefusedError) return explainMerge(error, language);
  throw error;
}

function explainMerge(error: MergeRefusedError, language: Language): OutboundMessage[] {
  const code = error.trackingCode;
  switch (error.reason) {
    case "same_report":
      return say(language, "deskMergeSame", { code });
    case "closed":
      return say(language, "deskMergeClosed", {
        code,
        status: reportStatusLabels[language][error.status],
      });
    case "confidentiality":
      return say(language, "deskMergeConfidential", { code });
  }
}

export function unknownAgency(language: Language, catalog: Catalog): OutboundMessage[] {
  return say(language, "deskUnknownAgency", {
    agencies: catalog.agencies.map((agency) => agency.id).join(", "),
  });
}

/** What a reporter is told when their own action on a report cannot be done. */
export function explainToReporter(
  error: unknown,
  context: { readonly language: Language; readonly code: string; readonly windowDays: number },
): OutboundMessage[] {
  const { language, code } = context;
  if (error instanceof NotPermittedError && error.reason === "window")
    return say(language, "ratingWindowClosed", { code, days: context.windowDays });
  if (error instanceof NotPermittedError && error.reason === "supporter")
    return say(language, "supporterNotOwner", { code });
  if (error instanceof ReportClosedError) {
    return error.reopenable
      ? say(language, "infoClosedDone", { code })
      : say(language, "infoClosed", { code, status: reportStatusLabels[language][error.status] });
  }
  if (error instanceof ReportNotFoundError || error instanceof NotPermittedError)
    return say(language, "statusNotFound", { code });
  if (error instanceof IllegalTransitionError) {
    const status = reportStatusLabels[language][error.status];
    // Only a report its reporter saw done can be reopened: an open one is still being handled.
    return isOpen(error.status)
      ? say(language, "reopenStillOpen", { code, status })
      : say(language, "reopenNever", { code, status });
  }
  throw error;
}
