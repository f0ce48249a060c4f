import { t } from "../../i18n/index.js";
import type { StepKind } from "./types.js";

export const choiceStep: StepKind<"choice"> = {
  options: (step, _current, { language }) =>
    step.options.map((option) => [{ value: option.value, label: option.label[language] }]),

  async accept(step, input, _current, { language }) {
    if (input.kind === "option" && step.options.some((option) => option.value === input.value)) {
      return { kind: "answer", value: input.value };
    }
    return { kind: "invalid", message: t(language, "chooseOption") };
  },

  display: (step, answer, { language }) =>
    step.options.find((option) => option.value === answer)?.label[language] ?? "",
};
