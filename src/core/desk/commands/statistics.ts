import type { Catalog } from "../../../config/catalog.js";
import { t } from "../../i18n/index.js";
import type { Language, OutboundFile, OutboundMessage } from "../../messages.js";
import type { AccountabilityChart } from "../../reports/accountability-text.js";
import type { AccountabilityReports } from "../../reports/accountability-service.js";
import { PERIOD_EXAMPLES } from "../../reports/periods.js";
import type { WorkingCalendar } from "../../time/working-days.js";
import { systemClock, type Clock } from "../../time/clock.js";
import type { DeskCommand } from "../command.js";
import { readPeriodArgs } from "./period-args.js";

export interface StatisticsCommandOptions {
  readonly accountability: Pick<AccountabilityReports, "report">;
  readonly calendar: WorkingCalendar;
  readonly catalog: Catalog;
  readonly clock?: Clock;
  /** Draws the figures as a picture (rates against the 90% line, the monthly trend). */
  readonly draw?: (chart: AccountabilityChart) => Promise<OutboundFile>;
}

/** Who asks: admins see every agency, officers only their own. */
export interface StatisticsViewer {
  readonly role: "admin" | "officer";
  readonly agencyId: string | null;
}

/** `/statistik [periode] [instansi]`: the accountability figures for staff. */
export function statisticsCommand(options: StatisticsCommandOptions): DeskCommand {
  const { catalog, calendar } = options;
  const clock = options.clock ?? systemClock;
  const usage = (language: Language): OutboundMessage[] => [
    {
      text: t(language, "statsUsage", {
        periods: PERIOD_EXAMPLES,
        agencies: catalog.agencies.map((agency) => agency.id).join(", "),
      }),
    },
  ];

  const answer = async (
    args: string,
    viewer: StatisticsViewer,
    language: Language,
  ): Promise<OutboundMessage[]> => {
    const read = readPeriodArgs(args, { catalog, calendar, now: clock() });
    if (!read) return usage(language);
    const { period } = read;
    let { agencyId } = read;
    if (viewer.role === "officer") {
      const own = viewer.agencyId ?? "";
      if (agencyId && agencyId !== own) {
        return [
          {
            text: t(language, "statsOwnAgencyOnly", { agency: catalog.agencyName(own, language) }),
          },
        ];
      }
      agencyId = own;
    }
    const { text, chart } = await options.accountability.report(period, language, agencyId);
    return [{ text, ...(options.draw ? { files: [await options.draw(chart)] } : {}) }];
  };

  return {
    names: ["statistik", "stats", "statistics"],
    who: "staff",
    help: "deskHelpStatistics",
    run: async (context, staff) => (staff ? answer(context.args, staff, context.language) : []),
  };
}
