import type { Catalog } from "../../config/catalog.js";
import { label, t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import { joinLines, type RichText } from "../text.js";
import type { Period } from "./periods.js";
import { RESOLUTION_TARGET, type Figures, type Statistics } from "./statistics.js";

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

const percent = (language: Language, value: number | null) =>
  value === null
    ? "–"
    : new Intl.NumberFormat(locales[language], {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(value);

const decimal = (language: Language, value: number) =>
  new Intl.NumberFormat(locales[language], { maximumFractionDigits: 1 }).format(value);

function duration(language: Language, hours: number | null): string {
  if (hours === null) return "–";
  return hours < 48
    ? label(language, "statsHours", { value: decimal(language, hours) })
    : label(language, "statsDays", { value: decimal(language, hours / 24) });
}

/** The /statistik answer: overall figures against the 90% target, then by agency and category. */
export function statisticsText(
  statistics: Statistics,
  period: Period,
  catalog: Catalog,
  language: Language,
): RichText {
  const { overall } = statistics;
  const agencyId = statistics.query.agencyId;
  const header = t(language, "statsHeader", {
    scope: agencyId ? catalog.agencyName(agencyId, language) : label(language, "statsAll"),
    period: period.label,
  });
  if (overall.received === 0) {
    return joinLines([header, t(language, "statsNone", { period: period.label })]);
  }
  const target = percent(language, RESOLUTION_TARGET).replace(/[.,]0(?=\D*$)/, "");
  const groupLine = (name: string, figures: Figures) =>
    t(language, "statsGroupLine", {
      name,
      received: figures.received,
      resolved: figures.resolved,
      rate: percent(language, figures.resolutionRate),
    });
  const lines: RichText[] = [
    header,
    t(language, "statsCounts", {
      received: overall.received,
      verified: overall.verified,
      routed: overall.routed,
      followedUp: overall.followedUp,
      resolved: overall.resolved,
    }),
    t(language, "statsRate", { rate: percent(language, overall.resolutionRate), target }),
  ];
  if ((overall.resolutionRate ?? 0) < RESOLUTION_TARGET) {
    lines.push(t(language, "statsBelowTarget", { target }));
  }
  lines.push(
    t(language, "statsInTime", { share: percent(language, overall.answeredInTime) }),
    t(language, "statsMedians", {
      verify: duration(language, overall.medianHoursToVerification),
      answer: duration(language, overall.medianHoursToFirstAnswer),
    }),
    overall.averageRating === null
      ? t(language, "statsNoRating")
      : t(language, "statsRating", {
          rating: decimal(language, overall.averageRating),
          count: overall.ratings,
        }),
  );
  if (!agencyId) {
    lines.push(
      [],
      t(language, "statsByAgency"),
      ...[...statistics.byAgency].map(([id, figures]) =>
        groupLine(
          id ? catalog.agencyName(id, language) : label(language, "statsUnassigned"),
          figures,
        ),
      ),
    );
  }
  lines.push(
    [],
    t(language, "statsByCategory"),
    ...[...statistics.byCategory].map(([id, figures]) =>
      groupLine(
        id ? catalog.categoryName(id, language) : label(language, "statsUnassigned"),
        figures,
      ),
    ),
  );
  return joinLines(lines);
}
