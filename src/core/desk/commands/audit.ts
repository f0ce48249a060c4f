import { z } from "zod";
import type { AuditActor, DeskAuditEntry, ReportAuditEntry } from "../../audit/audit-store.js";
import { formatDateTime, label, t, type MessageKey } from "../../i18n/index.js";
import { eventLabels } from "../../i18n/labels.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { joinLines, type RichText } from "../../text.js";
import type { StaffRole } from "../../words.js";
import { firstWord, parseArgs } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import type { DeskKit } from "../kit.js";

const AUDIT_PAGE = 15;
const pageNumber = z.coerce.number().int().min(1).max(100_000);

const VIEWED: Record<"report" | "files" | "export", MessageKey> = {
  report: "auditViewedReport",
  files: "auditViewedFiles",
  export: "auditViewedExport",
};

const DESK_CHANGES: Record<DeskAuditEntry["action"], MessageKey> = {
  staff_added: "auditStaffAdded",
  staff_role_changed: "auditStaffRoleChanged",
  staff_removed: "auditStaffRemoved",
  template_saved: "auditTemplateSaved",
  template_removed: "auditTemplateRemoved",
};

/**
 * `/audit <kode> [halaman]`: who saw a report and who changed it, oldest first; `/audit staf
 * [halaman]`: who changed staff accounts and templates, newest first. Admins only.
 */
export function auditCommand(kit: DeskKit): DeskCommand {
  const { audit, reports, catalog, timeZone } = kit.deps;

  const roleName = (role: StaffRole, agencyId: string | null, language: Language) =>
    role === "admin"
      ? label(language, "deskRoleAdmin")
      : label(language, "deskRoleOfficer", {
          agency: agencyId ? catalog.agencyName(agencyId, language) : "—",
        });

  const who = (actor: AuditActor, language: Language): string => {
    if (actor.type === "staff" && actor.role) {
      return `${actor.name ?? "—"} (${roleName(actor.role, actor.agencyId, language)})`;
    }
    if (actor.type === "reporter") return label(language, "deskActorReporter");
    const system = label(language, "deskActorSystem");
    return actor.name ? `${system} (${actor.name})` : system;
  };

  const page = (
    language: Language,
    header: RichText,
    lines: readonly RichText[],
    next: { args: string; number: number; pages: number },
  ): OutboundMessage[] => [
    {
      text: joinLines([
        header,
        ...lines,
        ...(next.number < next.pages
          ? [t(language, "auditNext", { args: next.args, next: next.number + 1 })]
          : []),
      ]),
    },
  ];

  return {
    names: ["audit"],
    who: "admin",
    help: "deskHelpAudit",
    run: async (context) => {
      const { language } = context;
      const [target, rest] = firstWord(context.args);
      const number = parseArgs(pageNumber, rest || "1");
      if (!target || number === undefined) return say(language, "auditUsage");
      const at = (date: Date) => formatDateTime(language, date, timeZone);

      if (["staf", "staff"].includes(target.toLowerCase())) {
        const { total, entries } = await audit.deskTrail(number, AUDIT_PAGE);
        const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE));
        if (total === 0) return say(language, "auditNone");
        if (number > pages) return say(language, "auditPageMissing", { page: number, pages });
        return page(
          language,
          t(language, "auditDeskHeader", { total, page: number, pages }),
          entries.map((entry) => deskLine(entry, language, at, who, roleName)),
          { args: "staf", number, pages },
        );
      }

      const code = kit.code(target);
      if (!code) return say(language, "auditUsage");
      const report = await reports.byCode(code);
      if (!report) return say(language, "deskNotFound", { code });
      const { total, entries } = await audit.reportTrail(report.id, number, AUDIT_PAGE);
      const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE));
      if (number > pages) return say(language, "auditPageMissing", { page: number, pages });
      return page(
        language,
        t(language, "auditReportHeader", { code, total, page: number, pages }),
        entries.map((entry) => reportLine(entry, language, at, who)),
        { args: code, number, pages },
      );
    },
  };
}

function reportLine(
  entry: ReportAuditEntry,
  language: Language,
  at: (date: Date) => string,
  who: (actor: AuditActor, language: Language) => string,
): RichText {
  const base = { at: at(entry.at), who: who(entry.actor, language) };
  if (entry.kind === "viewed") return t(language, VIEWED[entry.what], base);
  return t(language, "auditChanged", { ...base, event: eventLabels[language][entry.event] });
}

function deskLine(
  entry: DeskAuditEntry,
  language: Language,
  at: (date: Date) => string,
  who: (actor: AuditActor, language: Language) => string,
  roleName: (role: StaffRole, agencyId: string | null, language: Language) => string,
): RichText {
  const role = (value: StaffRole | undefined, agencyId: string | null | undefined) =>
    value ? roleName(value, agencyId ?? null, language) : "—";
  return t(language, DESK_CHANGES[entry.action], {
    at: at(entry.at),
    who: who(entry.actor, language),
    target: entry.subject,
    name: entry.subject,
    role: role(entry.role, entry.agencyId),
    previous: role(entry.previousRole, entry.previousAgencyId),
  });
}
