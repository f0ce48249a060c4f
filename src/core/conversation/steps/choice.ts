import type { StepKind } from "./types.js";

export const choiceStep: StepKind<"choice"> = {
  options: (step, _current, { language }) =>
    step.options.map((option) => [{ value: option.value, label: option.label[language] }]),

  async accept(step, input) {
    if (input.kind === "option" && step.options.some((option) => option.value === input.value)) {
      return { kind: "answer", value: input.value };
    }
    return { kind: "unchosen" };
  },

  display: (step, answer, { language }) =>
    step.options.find((option) => option.value === answer)?.label[language] ?? "",
};
