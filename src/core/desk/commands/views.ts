import { z } from "zod";
import type { ReportStatus } from "../../words.js";
import { joinLines } from "../../text.js";
import { t } from "../../i18n/index.js";
import { parseArgs } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import type { DeskKit } from "../kit.js";
import { reportFacts } from "../views/card.js";
import { renderDeliveries } from "../views/deliveries.js";
import { renderInbox } from "../views/inbox.js";
import { renderTimeline } from "../views/timeline.js";

const INBOX_PAGE = 8;
/** What waits for the desk: verification, re-routing, a hold to lift, a reopened report. */
const DESK_QUEUE: readonly ReportStatus[] = [
  "submitted",
  "verified",
  "on_hold",
  "not_authority",
  "reopened",
];
/** What waits for an agency. */
const AGENCY_QUEUE: readonly ReportStatus[] = ["routed", "followed_up", "reopened", "on_hold"];

/** /masuk (the reports waiting for you) and /lihat (one report in full). */
export function viewCommands(kit: DeskKit): DeskCommand[] {
  const { store, reports, catalog, timeZone, audit } = kit.deps;

  const inbox: DeskCommand = {
    names: ["masuk", "inbox"],
    who: "staff",
    help: "deskHelpInbox",
    run: async (context, staff) => {
      const page = parseArgs(z.coerce.number().int().min(1).max(1000), context.args || "1");
      if (page === undefined || !staff) return say(context.language, "deskUsageInbox");
      // In an agency's group, that agency's queue, whoever asks: the whole group reads it.
      const groupAgency = kit.agencyGroup(context.message);
      const forDesk = staff.role === "admin" && !groupAgency;
      const { total, items } = await store.inbox({
        statuses: forDesk ? DESK_QUEUE : AGENCY_QUEUE,
        ...(forDesk ? {} : { agencyId: groupAgency ?? staff.agencyId ?? "" }),
        dueBy: forDesk ? "verify" : "followUp",
        page,
        pageSize: INBOX_PAGE,
      });
      return [
        renderInbox({ total, number: page, size: INBOX_PAGE }, items, {
          language: context.language,
          timeZone,
        }),
      ];
    },
  };

  const view: DeskCommand = {
    names: ["lihat", "view"],
    who: "staff",
    help: "deskHelpView",
    run: async (context, staff) => {
      const { language } = context;
      const code = kit.code(context.args);
      if (!code || !staff) return say(language, "deskUsageView");
      const report = await reports.byCode(code);
      if (!report) return say(language, "deskNotFound", { code });
      const refused = kit.refuseShowing(staff, report, context.message, language);
      if (refused) return refused;
      // Recorded before it is shown: a view that fails to be recorded is not shown.
      await audit.viewed(staff, report, "report");
      const [events, deliveries] = await Promise.all([
        store.timeline(report.id),
        store.reporterDeliveries(report.id),
      ]);
      const receipts = renderDeliveries(deliveries, { language, timeZone });
      return [
        {
          text: joinLines(
            [
              reportFacts(report, { catalog, language, timeZone, descriptionLimit: 3000 }),
              ...(report.attachmentCount > 0
                ? [t(language, "deskFilesLine", { code, count: report.attachmentCount })]
                : []),
              renderTimeline(events, { language, timeZone }),
              ...(receipts ? [receipts] : []),
            ],
            "\n\n",
          ),
        },
      ];
    },
  };

  return [inbox, view];
}
