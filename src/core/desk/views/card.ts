import type { Catalog } from "../../../config/catalog.js";
import { formatDate, formatDateTime, label, t } from "../../i18n/index.js";
import { reportKindLabels, reportStatusLabels } from "../../i18n/labels.js";
import type { Choice, Language, OutboundMessage } from "../../messages.js";
import { joinLines, plain, truncate, type RichText } from "../../text.js";
import { statusAfter } from "../../reports/lifecycle.js";
import type { ReportRecord } from "../../reports/records.js";
import type { ReportStatus } from "../../words.js";

/** Button values of desk cards start with this; the desk reads them back. */
export const DESK_CHOICE = "$d:";
export const DESK_OPS = ["vr", "vf", "rt", "ag", "hd", "rj", "op"] as const;
export type DeskOp = (typeof DESK_OPS)[number];

export const deskChoice = (op: DeskOp, code: string, agencyId?: string): string =>
  `${DESK_CHOICE}${op}:${code}${agencyId ? `:${agencyId}` : ""}`;

const DESCRIPTION_LIMIT = 700;

/**
 * The mark a staff view's first line starts with: its status at a glance, so a report reads
 * "new" only while the desk has yet to look at it, and a closed one never does.
 */
export const STATUS_MARKS: Readonly<Record<ReportStatus, string>> = {
  submitted: "🆕",
  verified: "☑️",
  routed: "📨",
  followed_up: "💬",
  done: "✅",
  on_hold: "⏸️",
  not_authority: "↩️",
  rejected: "❌",
  reopened: "🔁",
};

/** Who reported, as staff may see it: nothing at all for an anonim report. */
export function reporterLine(report: ReportRecord, language: Language): RichText {
  if (report.anonymous) return t(language, "deskReporterAnonymous");
  if (report.reporter.erasure === "request") return t(language, "deskReporterErased");
  if (report.reporter.erasure === "retention") return t(language, "deskReporterExpired");
  const { displayName, username, phone } = report.reporter;
  const parts = [displayName ?? "", username ? `@${username}` : "", phone ?? ""].filter(Boolean);
  return t(language, "deskReporter", { who: parts.join(" · ") || "—" });
}

export function privacyFlags(report: ReportRecord, language: Language): string {
  const flags = [
    report.anonymous ? label(language, "deskFlagAnonymous") : "",
    report.confidential ? label(language, "deskFlagConfidential") : "",
    report.photosPublic ? label(language, "deskFlagPhotosPublic") : "",
  ].filter(Boolean);
  return flags.length > 0 ? flags.join(" · ") : label(language, "deskFlagNone");
}

function locationLine(report: ReportRecord, language: Language): RichText | undefined {
  if (report.latitude !== null && report.longitude !== null) {
    const link = `https://www.google.com/maps?q=${report.latitude},${report.longitude}`;
    return [
      ...t(language, "deskLocation", { where: report.address ? `${report.address} · ` : "" }),
      { text: `${report.latitude.toFixed(5)}, ${report.longitude.toFixed(5)}`, link },
    ];
  }
  if (report.address) return t(language, "deskLocation", { where: report.address });
  return undefined;
}

/**
 * The deadline a report's status waits on: the desk's verification, an answer while it is held,
 * else the agency's follow-up; none once it is closed.
 */
export function dueOf(
  report: Pick<ReportRecord, "status" | "verifyDueAt" | "followUpDueAt" | "holdDueAt">,
): Date | null {
  switch (report.status) {
    case "done":
    case "rejected":
      return null;
    case "on_hold":
      return report.holdDueAt;
    case "submitted":
    case "not_authority":
      return report.verifyDueAt;
    default:
      return report.followUpDueAt;
  }
}

/** The facts of a report every staff view starts with: card, /lihat, notifications. */
export function reportFacts(
  report: ReportRecord,
  options: { catalog: Catalog; language: Language; timeZone: string; descriptionLimit?: number },
): RichText {
  const { catalog, language, timeZone } = options;
  const suggested = report.categoryId ? catalog.category(report.categoryId)?.agency : undefined;
  const lines: RichText[] = [
    t(language, "deskCardHeader", {
      mark: STATUS_MARKS[report.status],
      code: report.trackingCode,
      kind: reportKindLabels[language][report.kind],
    }),
    t(language, "deskCardStatus", { status: reportStatusLabels[language][report.status] }),
    t(language, "deskCardTitle", { title: report.title }),
    plain(truncate(report.description, options.descriptionLimit ?? DESCRIPTION_LIMIT)),
    t(language, "deskCardCategory", {
      category: report.categoryId ? catalog.categoryName(report.categoryId, language) : "—",
    }),
    report.agencyId
      ? t(language, "deskCardAgency", { agency: catalog.agencyName(report.agencyId, language) })
      : t(language, "deskCardSuggested", {
          agency: suggested ? catalog.agencyName(suggested, language) : "—",
        }),
  ];
  const location = locationLine(report, language);
  if (location) lines.push(location);
  if (report.eventDate)
    lines.push(t(language, "deskCardEventDate", { date: formatDate(language, report.eventDate) }));
  lines.push(
    t(language, "deskCardSubmitted", {
      date: formatDateTime(language, report.submittedAt, timeZone),
    }),
    t(language, "deskCardAttachments", { count: report.attachmentCount }),
    ...(report.supporterCount > 0
      ? [t(language, "deskCardSupporters", { count: report.supporterCount })]
      : []),
    t(language, "deskCardPrivacy", { flags: privacyFlags(report, language) }),
    reporterLine(report, language),
  );
  const due = dueOf(report);
  if (due) {
    lines.push(t(language, "deskCardDue", { date: formatDateTime(language, due, timeZone) }));
  }
  if (report.assignee) {
    const { displayName, username } = report.assignee;
    lines.push(
      t(language, "deskCardAssignee", {
        who: displayName ?? (username ? `@${username}` : "—"),
      }),
    );
  }
  return joinLines(lines);
}

/**
 * Where the desk's one-press routing sends a report: the agency that has it (held, reopened)
 * before its category's, and never the agency that declined it as not its authority.
 */
export function suggestedAgency(
  report: Pick<ReportRecord, "status" | "agencyId" | "categoryId">,
  catalog: Catalog,
): string | undefined {
  const categoryAgency = report.categoryId
    ? catalog.category(report.categoryId)?.agency
    : undefined;
  if (report.status !== "not_authority") return report.agencyId ?? categoryAgency;
  return categoryAgency === report.agencyId ? undefined : categoryAgency;
}

/** The desk has yet to verify the report (new, or held before it was verified). */
export function awaitsVerification(report: Pick<ReportRecord, "status" | "verifiedAt">): boolean {
  return statusAfter(report.status, "verify") !== undefined && report.verifiedAt === null;
}

/** Buttons for the common desk actions the report's status allows. */
function deskButtons(report: ReportRecord, catalog: Catalog, language: Language): Choice[][] {
  const code = report.trackingCode;
  const suggested = suggestedAgency(report, catalog);
  const agencyLabel = (id: string) => catalog.agencyButtonName(id, language);
  const first: Choice[] = [];
  if (awaitsVerification(report)) {
    first.push(
      suggested
        ? {
            value: deskChoice("vr", code),
            label: label(language, "deskButtonVerifyRoute", { agency: agencyLabel(suggested) }),
          }
        : { value: deskChoice("vf", code), label: label(language, "deskButtonVerify") },
    );
  } else if (statusAfter(report.status, "route") && report.status !== "routed" && suggested) {
    first.push({
      value: deskChoice("rt", code, suggested),
      label: label(language, "deskButtonRoute", { agency: agencyLabel(suggested) }),
    });
  }
  const second: Choice[] = [];
  if (statusAfter(report.status, "route") && report.status !== "routed") {
    second.push({ value: deskChoice("ag", code), label: label(language, "deskButtonOther") });
  }
  if (statusAfter(report.status, "hold") && report.status !== "routed") {
    if (report.status !== "followed_up")
      second.push({ value: deskChoice("hd", code), label: label(language, "deskButtonHold") });
  }
  if (statusAfter(report.status, "reject")) {
    second.push({ value: deskChoice("rj", code), label: label(language, "deskButtonReject") });
  }
  return [first, second].filter((row) => row.length > 0);
}

/** The agencies to route to, as buttons. */
export function agencyButtons(code: string, catalog: Catalog, language: Language): Choice[][] {
  const buttons = catalog.agencies.map((agency) => ({
    value: deskChoice("rt", code, agency.id),
    label: catalog.agencyButtonName(agency.id, language),
  }));
  const rows: Choice[][] = [];
  for (let index = 0; index < buttons.length; index += 2)
    rows.push(buttons.slice(index, index + 2));
  return rows;
}

/**
 * A report as a staff card: the desk's card carries buttons for the common actions; an
 * agency's card (or an officer's) is for reading and replying to.
 */
export function renderCard(
  report: ReportRecord,
  options: { catalog: Catalog; language: Language; timeZone: string; forDesk: boolean },
): OutboundMessage {
  const text = joinLines([
    reportFacts(report, options),
    t(options.language, options.forDesk ? "deskCardFooter" : "agencyCardFooter", {
      code: report.trackingCode,
    }),
  ]);
  const choices = options.forDesk ? deskButtons(report, options.catalog, options.language) : [];
  return choices.length > 0 ? { text, choices } : { text };
}

/** Said to whoever must act when a report goes to an agency nobody there receives. */
export function agencyUnreached(catalog: Catalog, language: Language, agencyId: string): RichText {
  return t(language, "deskAgencyUnreached", {
    agency: catalog.agencyName(agencyId, language),
    id: agencyId,
  });
}

/** An agency's card once the report was routed to another agency: its last drawing. */
export function renderMovedCard(
  report: ReportRecord,
  options: { catalog: Catalog; language: Language },
): OutboundMessage {
  const { catalog, language } = options;
  return {
    text: joinLines([
      t(language, "agencyCardMovedHeader", { code: report.trackingCode, title: report.title }),
      t(language, "agencyCardMoved", {
        agency: report.agencyId ? catalog.agencyName(report.agencyId, language) : "—",
      }),
    ]),
  };
}

/** What a batch of new reports shows of each. */
export interface BatchedReport {
  readonly trackingCode: string;
  readonly title: string;
  readonly categoryId: string | null;
  readonly anonymous: boolean;
  readonly confidential: boolean;
}

/** How many reports a batch lists with a button; the rest are counted, and /masuk has them. */
const BATCH_BUTTONS = 10;

/**
 * New reports that arrived while the desk was busy, as one message: a line and an "open"
 * button each (the button posts the report's full card), instead of one card per report.
 */
export function renderBatch(
  reports: readonly BatchedReport[],
  options: { catalog: Catalog; language: Language },
): OutboundMessage {
  const { catalog, language } = options;
  const listed = reports.slice(0, BATCH_BUTTONS);
  const lines = listed.map((report) =>
    t(language, "deskBatchLine", {
      code: `${report.trackingCode}${report.anonymous ? " 🕶" : ""}${report.confidential ? " 🔒" : ""}`,
      category: report.categoryId ? catalog.categoryName(report.categoryId, language) : "—",
      title: truncate(report.title, 60),
    }),
  );
  const more = reports.length - listed.length;
  const buttons = listed.map((report) => ({
    value: deskChoice("op", report.trackingCode),
    label: label(language, "deskButtonOpen", { code: report.trackingCode }),
  }));
  const choices: Choice[][] = [];
  for (let index = 0; index < buttons.length; index += 2)
    choices.push(buttons.slice(index, index + 2));
  return {
    text: joinLines([
      t(language, "deskBatchHeader", { count: reports.length }),
      ...lines,
      ...(more > 0 ? [t(language, "deskBatchMore", { more })] : []),
      t(language, "deskBatchFooter"),
    ]),
    choices,
  };
}
