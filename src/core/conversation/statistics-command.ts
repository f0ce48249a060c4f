import type { Catalog } from "../../config/catalog.js";
import { t } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import { parsePeriod, PERIOD_EXAMPLES, type Period } from "../reports/periods.js";
import { statisticsText } from "../reports/statistics-text.js";
import type { ReportStatistics } from "../reports/statistics.js";
import type { WorkingCalendar } from "../time/working-days.js";
import { systemClock, type Clock } from "../time/clock.js";

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
export class StatisticsCommand {
  private readonly clock: Clock;

  constructor(private readonly options: StatisticsCommandOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async answer(
    args: string,
    viewer: StatisticsViewer,
    language: Language,
  ): Promise<OutboundMessage[]> {
    const { catalog } = this.options;
    let period: Period | undefined;
    let agencyId: string | undefined;
    for (const word of args.split(/\s+/).filter(Boolean)) {
      const asPeriod = period ? undefined : parsePeriod(word, this.options.calendar, this.clock());
      if (asPeriod) period = asPeriod;
      else if (!agencyId && catalog.agency(word.toLowerCase())) agencyId = word.toLowerCase();
      else return [{ text: this.usage(language) }];
    }
    period ??= parsePeriod("", this.options.calendar, this.clock());
    if (!period) return [{ text: this.usage(language) }];
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
    const statistics = await this.options.statistics.compute({
      from: period.from,
      to: period.to,
      ...(agencyId ? { agencyId } : {}),
    });
    return [{ text: statisticsText(statistics, period, catalog, language) }];
  }

  private usage(language: Language) {
    return t(language, "statsUsage", {
      periods: PERIOD_EXAMPLES,
      agencies: this.options.catalog.agencies.map((agency) => agency.id).join(", "),
    });
  }
}
