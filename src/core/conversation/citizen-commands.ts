import type { Catalog } from "../../config/catalog.js";
import type { FlowSet } from "../flows/loader.js";
import { formatDateTime, t } from "../i18n/index.js";
import { eventLabels, reportKindLabels, reportStatusLabels } from "../i18n/labels.js";
import type { Language, OutboundMessage } from "../messages.js";
import type { ReportQueries, ReporterIdentity } from "../reports/report-queries.js";
import { normalizeTrackingCode } from "../reports/tracking-code.js";
import { joinLines, plain, truncate, type RichText } from "../text.js";
import type { Command, CommandContext, CommandResult } from "./commands.js";
import type { FlowStarter } from "./pipeline.js";
import { languageNamed, type LanguageSwitch } from "./languages.js";
import { cancelledDraft, type Drafts } from "./drafts.js";
import type { PendingCodes } from "./pending-codes.js";

interface CitizenCommandDeps {
  readonly flows: FlowSet;
  readonly catalog: Catalog;
  readonly reports: ReportQueries;
  readonly timeZone: string;
  readonly trackingCodePrefix: string;
  readonly startFlow: FlowStarter;
  readonly languages: LanguageSwitch;
  readonly drafts: Drafts;
  /** Codes told at Kirim that may not be stored yet; none: such a code is "not found". */
  readonly pendingCodes?: PendingCodes;
}

const RECENT_REPORTS = 10;

const reply = (...messages: OutboundMessage[]): CommandResult => ({ replies: messages });

const identity = ({ message }: CommandContext): ReporterIdentity => ({
  channel: message.channel,
  externalId: message.user.id,
});

/**
 * The commands every user has: start, follow and cancel reports, language, help. Reports are
 * filed with the commands the flow files declare (/lapor and others).
 */
export function citizenCommands(deps: CitizenCommandDeps): Command[] {
  const { flows, catalog, reports, timeZone, trackingCodePrefix } = deps;

  /**
   * The commands of the loaded flows first, each with its title (/lapor, the new report,
   * leading), then the built-in ones.
   */
  const byReportFirst = [...flows.flows].sort(
    (a, b) => Number(b.commands.includes("lapor")) - Number(a.commands.includes("lapor")),
  );
  const helpText = (language: Language): RichText =>
    joinLines([
      t(language, "helpHeader"),
      ...byReportFirst.flatMap((flow) => {
        const command = flow.commands[0];
        return command ? [t(language, "helpFlow", { command, title: flow.title[language] })] : [];
      }),
      t(language, "helpCommands"),
      t(language, "helpPrivacy"),
    ]);

  const start: Command = {
    names: ["start", "mulai"],
    async run(context) {
      const name = context.message.user.displayName;
      const greeting = { text: t(context.language, "greeting", { name: name ? ` ${name}` : "" }) };
      // A deep link (t.me/<bot>?start=<flow>) opens that flow straight away.
      const flow = context.args ? flows.get(context.args) : undefined;
      if (flow) {
        const started = await deps.startFlow(flow, context);
        return { ...started, replies: [greeting, ...started.replies] };
      }
      return reply(greeting, { text: helpText(context.language) });
    },
  };

  const status: Command = {
    names: ["status", "cek"],
    async run(context) {
      const { language } = context;
      if (!context.args) return reply({ text: t(language, "statusUsage") });
      const code = normalizeTrackingCode(context.args, trackingCodePrefix);
      if (!code) {
        return reply(
          { text: t(language, "statusNotACode", { text: truncate(context.args, 40) }) },
          { text: t(language, "statusUsage") },
        );
      }
      const { message } = context;
      // A code told at Kirim whose report is not stored yet, or cannot be read while the
      // database is away, is being stored: the reporter is told so rather than "not found".
      const pending = async (): Promise<CommandResult | undefined> =>
        (await deps.pendingCodes?.pending(message.channel, message.user.id, code))
          ? reply({ text: t(language, "statusPending", { code }) })
          : undefined;
      let view;
      try {
        view = await reports.statusFor(identity(context), code);
      } catch (error) {
        const stillStoring = await pending();
        if (stillStoring) return stillStoring;
        throw error;
      }
      if (!view) {
        return (await pending()) ?? reply({ text: t(language, "statusNotFound", { code }) });
      }
      const lines: RichText[] = [
        t(language, "statusHeader", { code: view.trackingCode, title: view.title }),
        t(language, "statusLine", { status: reportStatusLabels[language][view.status] }),
        t(language, "statusKind", { kind: reportKindLabels[language][view.kind] }),
      ];
      if (view.categoryId) {
        lines.push(
          t(language, "statusCategory", {
            category: catalog.categoryName(view.categoryId, language),
          }),
        );
      }
      lines.push(
        view.agencyId
          ? t(language, "statusAgency", { agency: catalog.agencyName(view.agencyId, language) })
          : t(language, "statusNoAgency"),
        t(language, "statusSubmitted", {
          date: formatDateTime(language, view.submittedAt, timeZone),
        }),
      );
      const timeline = view.timeline.map((event) => {
        const head = `• ${formatDateTime(language, event.at, timeZone)} — ${eventLabels[language][event.type]}`;
        return plain(event.text ? `${head}: ${event.text}` : head);
      });
      return reply({
        text: joinLines(
          [joinLines(lines), joinLines([t(language, "statusTimeline"), ...timeline])],
          "\n\n",
        ),
      });
    },
  };

  const myReports: Command = {
    names: ["laporan", "myreports", "reports"],
    async run(context) {
      const { language } = context;
      const recent = await reports.recentFor(identity(context), RECENT_REPORTS);
      if (recent.length === 0) return reply({ text: t(language, "myReportsNone") });
      const lines = recent.map((item) =>
        t(language, item.supported ? "myReportsSupportedLine" : "myReportsLine", {
          code: item.trackingCode,
          status: reportStatusLabels[language][item.status],
          title: truncate(item.title, 60),
        }),
      );
      return reply({
        text: joinLines([
          t(language, "myReportsHeader", { count: recent.length }),
          ...lines,
          t(language, "myReportsFooter"),
        ]),
      });
    },
  };

  const language: Command = {
    names: ["bahasa", "language", "lang"],
    async run(context) {
      const picked = languageNamed(context.args);
      return picked ? deps.languages.switchTo(picked, context) : deps.languages.menu(context);
    },
  };

  const cancel: Command = {
    names: ["batal", "cancel"],
    async run(context) {
      if (!context.session) {
        if (!context.menu) return reply({ text: t(context.language, "nothingToCancel") });
        // The menu showing (the privacy notice, /hapusdata's confirmation) ends unanswered.
        return { replies: [{ text: t(context.language, "menuCancelled") }], session: null };
      }
      // Inside a change from the summary, /batal drops the change, not the whole report.
      const kept = context.session.editing
        ? deps.drafts.dropChange(context.session, context.steps, context.now)
        : undefined;
      if (kept) return kept;
      return {
        replies: [cancelledDraft(context.language, flows.get(context.session.flowId))],
        session: null,
        ended: "cancelled",
      };
    },
  };

  const help: Command = {
    names: ["bantuan", "help"],
    async run(context) {
      return reply({ text: helpText(context.language) });
    },
  };

  return [start, status, myReports, language, cancel, help];
}
