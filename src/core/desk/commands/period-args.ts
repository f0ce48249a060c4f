import type { Catalog } from "../../../config/catalog.js";
import { parsePeriod, type Period } from "../../reports/periods.js";
import type { WorkingCalendar } from "../../time/working-days.js";

export interface PeriodArgs {
  /** The period as typed ("" for the default, this month). */
  readonly typed: string;
  readonly period: Period;
  readonly agencyId?: string;
}

/**
 * `[periode] [instansi]` in either order, as /statistik and /ekspor take them; undefined when
 * a word is neither, or a period or agency is given twice.
 */
export function readPeriodArgs(
  args: string,
  context: { readonly catalog: Catalog; readonly calendar: WorkingCalendar; readonly now: Date },
): PeriodArgs | undefined {
  let typed: string | undefined;
  let period: Period | undefined;
  let agencyId: string | undefined;
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const asPeriod = period ? undefined : parsePeriod(word, context.calendar, context.now);
    if (asPeriod) {
      typed = word;
      period = asPeriod;
    } else if (!agencyId && context.catalog.agency(word.toLowerCase())) {
      agencyId = word.toLowerCase();
    } else return undefined;
  }
  period ??= parsePeriod("", context.calendar, context.now);
  if (!period) return undefined;
  return { typed: typed ?? "", period, ...(agencyId ? { agencyId } : {}) };
}
