import { label } from "../../i18n/index.js";
import { saidYesOrNo } from "../menu.js";
import type { StepKind } from "./types.js";

export const yesNoStep: StepKind<"yesNo"> = {
  options: (_step, _current, { language }) => [
    [
      { value: "yes", label: label(language, "yes") },
      { value: "no", label: label(language, "no") },
    ],
  ],

  async accept(_step, input) {
    if (input.kind === "option" && (input.value === "yes" || input.value === "no")) {
      return { kind: "answer", value: input.value === "yes" };
    }
    const said = input.kind === "text" ? saidYesOrNo(input.text) : undefined;
    if (said !== undefined) return { kind: "answer", value: said };
    return { kind: "unchosen" };
  },

  display: (_step, answer, { language }) => label(language, answer === true ? "yes" : "no"),
};
