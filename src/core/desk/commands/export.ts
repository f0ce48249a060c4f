import type { Catalog } from "../../../config/catalog.js";
import { label, t } from "../../i18n/index.js";
import type { MediaStore } from "../../media/media-store.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { exportReportsCsv, type ExportLog } from "../../reports/csv-export.js";
import { PERIOD_EXAMPLES } from "../../reports/periods.js";
import type { ReportStore } from "../../reports/report-store.js";
import { joinLines } from "../../text.js";
import { systemClock, type Clock } from "../../time/clock.js";
import type { WorkingCalendar } from "../../time/working-days.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import { readPeriodArgs } from "./period-args.js";

export interface ExportCommandOptions {
  readonly reports: Pick<ReportStore, "submittedIn">;
  /** Where the CSV is kept until the channel has sent it. */
  readonly media: Pick<MediaStore, "store">;
  /** Every export is recorded: who took which reports out, when. */
  readonly log: ExportLog;
  readonly catalog: Catalog;
  readonly calendar: WorkingCalendar;
  readonly clock?: Clock;
}

/**
 * `/ekspor [periode] [instansi]`: the reports of a period as the CSV `npm run export` writes,
 * sent to an admin as a document. Only in a private chat, since the file holds reporters'
 * names and numbers; rahasia reports never leave this way (the operator's export can include
 * them for internal evaluation).
 */
export function exportCommand(options: ExportCommandOptions): DeskCommand {
  const { catalog, calendar } = options;
  const clock = options.clock ?? systemClock;
  const usage = (language: Language) =>
    say(language, "exportUsage", {
      periods: PERIOD_EXAMPLES,
      agencies: catalog.agencies.map((agency) => agency.id).join(", "),
    });

  return {
    names: ["ekspor", "export"],
    who: "admin",
    help: "deskHelpExport",
    run: async (context, staff): Promise<OutboundMessage[]> => {
      const { language } = context;
      if (!staff) return [];
      if (context.message.group) return say(language, "exportPrivateOnly");
      const read = readPeriodArgs(context.args, { catalog, calendar, now: clock() });
      if (!read) return usage(language);
      const { period, agencyId } = read;
      const { csv, rows, confidentialLeftOut } = await exportReportsCsv(
        options.reports,
        { from: period.from, to: period.to, ...(agencyId ? { agencyId } : {}) },
        { catalog, includeConfidential: false },
      );
      const span = period.label.replace(/\s*–\s*/, "_");
      const name = `aduan-${span}${agencyId ? `-${agencyId}` : ""}.csv`;
      const file = await options.media.store(Buffer.from(csv, "utf8"), {
        kind: "document",
        mime: "text/csv",
        name,
      });
      await options.log.record({
        staffId: staff.id,
        period: read.typed || "bulan-ini",
        from: period.from,
        to: period.to,
        rows,
        confidentialLeftOut,
      });
      const scope = agencyId ? catalog.agencyName(agencyId, language) : label(language, "acctAll");
      const text = joinLines([
        t(language, "exportDone", { scope, period: period.label, rows }),
        ...(confidentialLeftOut > 0
          ? [t(language, "exportConfidentialLeftOut", { count: confidentialLeftOut })]
          : []),
      ]);
      return [
        {
          text,
          files: [
            {
              kind: "document",
              storagePath: file.storagePath,
              mime: file.mime,
              size: file.size,
              name,
            },
          ],
        },
      ];
    },
  };
}
