import type { Catalog } from "../../../config/catalog.js";
import { t } from "../../i18n/index.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { parsePeriod, PERIOD_EXAMPLES, type Period } from "../../reports/periods.js";
import { statisticsText } from "../../reports/statistics-text.js";
import type { ReportStatistics } from "../../reports/statistics.js";
import type { WorkingCalendar } from "../../time/working-days.js";
import { systemClock, type Clock } from "../../time/clock.js";
import type { DeskCommand } from "../command.js";

export interface StatisticsCommandOptions {
  readonly statistics: ReportStatistics;
  readonly calendar: WorkingCalendar;
  readonly catalog: Catalog;
  readonly clock?: Clock;
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
    let period: Period | undefined;
    let agencyId: string | undefined;
    for (const word of args.split(/\s+/).filter(Boolean)) {
      const asPeriod = period ? undefined : parsePeriod(word, calendar, clock());
      if (asPeriod) period = asPeriod;
      else if (!agencyId && catalog.agency(word.toLowerCase())) agencyId = word.toLowerCase();
      else return usage(language);
    }
    period ??= parsePeriod("", calendar, clock());
    if (!period) return usage(language);
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
    const statistics = await options.statistics.compute({
      from: period.from,
      to: period.to,
      ...(agencyId ? { agencyId } : {}),
    });
    return [{ text: statisticsText(statistics, period, catalog, language) }];
  };

  return {
    names: ["statistik", "stats", "statistics"],
    who: "staff",
    help: "deskHelpStatistics",
    run: async (context, staff) => (staff ? answer(context.args, staff, context.language) : []),
  };
}
