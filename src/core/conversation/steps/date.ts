import { formatDate, label, t } from "../../i18n/index.js";
import { addDays, addMonths, parseNaturalDate, toDateValue } from "../../time/dates.js";
import type { StepKind } from "./types.js";

export const dateStep: StepKind<"date"> = {
  options: (_step, _current, { language }) => [
    [
      { value: "today", label: label(language, "today") },
      { value: "yesterday", label: label(language, "yesterday") },
    ],
  ],

  how: (_step, _current, { language, capabilities }) =>
    capabilities.buttons ? undefined : t(language, "dateHowTyped"),

  async accept(step, input, _current, { language, today }) {
    let date: string | undefined;
    if (input.kind === "option") date = input.value === "today" ? today : addDays(today, -1);
    else if (input.kind === "text") date = parseNaturalDate(input.text, today);
    if (date === undefined) return { kind: "invalid", message: t(language, "dateInvalid") };
    const shown = formatDate(language, toDateValue(date));
    if (date > today)
      return { kind: "invalid", message: t(language, "dateFuture", { date: shown }) };
    if (date < addMonths(today, -12 * step.maxAgeYears)) {
      return {
        kind: "invalid",
        message: t(language, "dateTooOld", { date: shown, years: step.maxAgeYears }),
      };
    }
    // A typed date is read (a day without a year is its latest, "minggu lalu" a week ago):
    // the reading is said, so a date taken otherwise than meant is seen at once.
    if (input.kind === "text") {
      const field = step.label[language];
      return { kind: "answer", value: date, ack: t(language, "dateSaved", { field, date: shown }) };
    }
    return { kind: "answer", value: date };
  },

  display: (_step, answer, { language }) =>
    typeof answer === "string" ? formatDate(language, toDateValue(answer)) : "",
};
