import type { Catalog } from "../../config/catalog.js";
import { formatDateTime, label, t, type MessageKey } from "../i18n/index.js";
import type { Language } from "../messages.js";
import { joinLines, type RichText } from "../text.js";
import { dateTimeFormat } from "../time/dates.js";
import {
  FOLLOW_UP_TARGET,
  type Accountability,
  type AccountabilityFigures,
} from "./accountability.js";

/** One month's figures, for trends: `month` is `YYYY-MM`. */
export interface MonthFigures {
  readonly month: string;
  readonly figures: AccountabilityFigures;
}

export interface AccountabilityTextOptions {
  readonly catalog: Catalog;
  readonly language: Language;
  readonly timeZone: string;
  /** The first line: /statistik's header or the monthly summary's. */
  readonly header: RichText;
  /** The month before, to say how the rate moved. */
  readonly previous?: MonthFigures;
  /** Recent months, oldest first, for the trend line. */
  readonly trend?: readonly MonthFigures[];
}

/** One bar of a chart: a label, a rate (null: nothing due yet) and the rate as people read it. */
export interface ChartBar {
  readonly label: string;
  readonly rate: number | null;
  readonly value: string;
}

/**
 * What the accountability chart shows, with every word already chosen: each agency's follow-up
 * rate against the target line, lowest first, and the monthly trend. Titles are bilingual, so
 * one picture serves every reader; names and numbers follow `language`.
 */
export interface AccountabilityChart {
  readonly title: string;
  readonly agencyTitle: string;
  readonly trendTitle: string;
  readonly target: number;
  readonly targetLabel: string;
  readonly agencies: readonly ChartBar[];
  readonly months: readonly ChartBar[];
}

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

/** A share as people read it: "75,0%" / "75.0%"; "–" for none. */
export const percent = (language: Language, value: number | null): string =>
  value === null
    ? "–"
    : numberFormat(language, {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(value);

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Number formats are kept like date formats: building one costs far more than using it. */
function numberFormat(language: Language, options: Intl.NumberFormatOptions) {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locales[language], options);
    numberFormats.set(key, format);
  }
  return format;
}

const decimal = (language: Language, value: number) =>
  numberFormat(language, { maximumFractionDigits: 1 }).format(value);

/** "90%": the target without its decimals. */
export const targetText = (language: Language): string =>
  percent(language, FOLLOW_UP_TARGET).replace(/[.,]0(?=\D*$)/, "");

/** "Agustus 2026" / "August 2026" for `2026-08`. */
export const monthName = (language: Language, month: string): string =>
  dateTimeFormat(locales[language], { timeZone: "UTC", month: "long", year: "numeric" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** "Agu 2026" / "Aug 2026", for trends. */
const shortMonthName = (language: Language, month: string): string =>
  dateTimeFormat(locales[language], { timeZone: "UTC", month: "short", year: "numeric" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** Both languages' words for one key, for pictures every reader shares. */
const bilingual = (key: MessageKey) => `${label("id", key)} · ${label("en", key)}`;

const hours = (language: Language, value: number | null) =>
  value === null ? "–" : label(language, "acctWorkingHours", { value: decimal(language, value) });

const flag = (figures: AccountabilityFigures) => (figures.belowTarget ? "⚠️" : "✅");

/** Lowest rate first, then lowest on-time rate; groups with nothing due yet last. */
function lowestFirst<Key>(
  groups: ReadonlyMap<Key, AccountabilityFigures>,
  name: (key: Key) => string,
): { name: string; figures: AccountabilityFigures }[] {
  const rate = (value: number | null) => value ?? Number.POSITIVE_INFINITY;
  return [...groups.entries()]
    .map(([key, figures]) => ({ name: name(key), figures }))
    .sort(
      (a, b) =>
        rate(a.figures.followUpRate) - rate(b.figures.followUpRate) ||
        rate(a.figures.onTimeRate) - rate(b.figures.onTimeRate) ||
        a.name.localeCompare(b.name),
    );
}

function groupLine(
  language: Language,
  group: { name: string; figures: AccountabilityFigures },
): RichText {
  const { name, figures } = group;
  return figures.followUpRate === null
    ? t(language, "acctGroupNothingDue", { name, received: figures.received })
    : t(language, "acctGroupLine", {
        flag: flag(figures),
        name,
        rate: percent(language, figures.followUpRate),
        onTime: percent(language, figures.onTimeRate),
        received: figures.received,
      });
}

function rateChange(
  language: Language,
  current: AccountabilityFigures,
  previous: MonthFigures | undefined,
): string {
  const before = previous?.figures.followUpRate;
  if (!previous || before === null || before === undefined || current.followUpRate === null) {
    return "";
  }
  const points = (current.followUpRate - before) * 100;
  const arrow = points > 0.05 ? "▲" : points < -0.05 ? "▼" : "=";
  return ` ${label(language, "acctChange", {
    arrow,
    points: decimal(language, Math.abs(points)),
    previous: percent(language, before),
    month: monthName(language, previous.month),
  })}`;
}

/**
 * The accountability figures as the desk reads them (/statistik and the monthly summary): the
 * follow-up rate against the 90% target and how it moved, timeliness, holds, working-hour
 * medians, satisfaction, the trend, then agencies and categories lowest first with their flags.
 */
export function accountabilityText(
  accountability: Accountability,
  options: AccountabilityTextOptions,
): RichText {
  const { catalog, language, timeZone, header } = options;
  const { overall } = accountability;
  if (overall.received === 0) {
    return joinLines([
      header,
      t(language, "acctNone", { period: periodLabel(accountability, timeZone) }),
    ]);
  }
  const target = targetText(language);
  // The moment just before the end reads as the period's last day, not the next one's midnight.
  const asOf = new Date(accountability.asOf.getTime() - 1);
  const lines: RichText[] = [
    header,
    t(language, "acctAsOf", { asOf: formatDateTime(language, asOf, timeZone) }),
    t(language, "acctCounts", {
      received: overall.received,
      verified: overall.verified,
      followedUp: overall.followedUp,
      resolved: overall.resolved,
    }),
  ];
  if (overall.rejected > 0 || overall.pending > 0) {
    lines.push(t(language, "acctApart", { rejected: overall.rejected, pending: overall.pending }));
  }
  if (overall.followUpRate === null) {
    lines.push(t(language, "acctNoRate"));
  } else {
    const rate = t(language, "acctRate", { rate: percent(language, overall.followUpRate), target });
    const change = rateChange(language, overall, options.previous);
    lines.push(change ? [...rate, { text: change }] : rate);
    if (overall.belowTarget) lines.push(t(language, "acctBelowTarget", { target }));
    lines.push(
      t(language, "acctOnTime", {
        rate: percent(language, overall.onTimeRate),
        overdue: overall.overdue,
      }),
    );
  }
  if (overall.onHold > 0) {
    lines.push(t(language, "acctHolds", { onHold: overall.onHold, overdue: overall.holdOverdue }));
  }
  lines.push(
    t(language, "acctMedians", {
      verify: hours(language, overall.medianWorkingHoursToVerification),
      response: hours(language, overall.medianWorkingHoursToFirstResponse),
    }),
    overall.satisfaction.average === null
      ? t(language, "acctNoRating")
      : t(language, "acctSatisfaction", {
          average: decimal(language, overall.satisfaction.average),
          share: percent(language, overall.satisfaction.satisfiedShare),
          count: overall.satisfaction.ratings,
        }),
  );
  if (options.trend && options.trend.length > 1) {
    lines.push(
      t(language, "acctTrend", {
        trend: options.trend
          .map(
            (month) =>
              `${shortMonthName(language, month.month)} ${percent(language, month.figures.followUpRate)}`,
          )
          .join(" · "),
      }),
    );
  }
  if (accountability.agencyId === undefined) {
    // Agencies ranked as on the chart; the desk is not an agency and comes after them.
    lines.push(
      [],
      t(language, "acctRanking"),
      ...accountability.ranking.map((rank) =>
        groupLine(language, {
          name: catalog.agencyName(rank.agencyId, language),
          figures: rank.figures,
        }),
      ),
    );
    const desk = accountability.byAgency.get(null);
    if (desk) lines.push(groupLine(language, { name: label(language, "acctDesk"), figures: desk }));
  }
  lines.push(
    [],
    t(language, "acctByCategory"),
    ...lowestFirst(accountability.byCategory, (id) =>
      id === null ? label(language, "acctUncategorised") : catalog.categoryName(id, language),
    ).map((group) => groupLine(language, group)),
  );
  return joinLines(lines);
}

/** "2026-08-01 – 2026-08-31" in the deployment's time zone. */
export function periodLabel(accountability: Accountability, timeZone: string): string {
  const day = (instant: Date) =>
    dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      instant,
    );
  const first = day(accountability.period.from);
  const last = day(new Date(accountability.period.to.getTime() - 1));
  return first === last ? first : `${first} – ${last}`;
}

/**
 * The chart of a period: its agencies lowest first (the desk is not ranked) and the trend of
 * the months given, oldest first.
 */
export function accountabilityChart(
  accountability: Accountability,
  trend: readonly MonthFigures[],
  options: { readonly catalog: Catalog; readonly language: Language; readonly timeZone: string },
): AccountabilityChart {
  const { catalog, language, timeZone } = options;
  const bar = (name: string, rate: number | null): ChartBar => ({
    label: name,
    rate,
    value: percent(language, rate),
  });
  return {
    title: periodLabel(accountability, timeZone),
    agencyTitle: bilingual("acctChartAgencies"),
    trendTitle: bilingual("acctChartTrend"),
    target: FOLLOW_UP_TARGET,
    targetLabel: `${label(language, "acctChartTarget")} ${targetText(language)}`,
    agencies: accountability.ranking.map((rank) =>
      bar(catalog.agencyName(rank.agencyId, language), rank.figures.followUpRate),
    ),
    months: trend.map((month) => bar(month.month, month.figures.followUpRate)),
  };
}
