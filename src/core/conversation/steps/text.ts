import { t } from "../../i18n/index.js";
import { sanitizeUserText, truncate } from "../../text.js";
import type { StepKind } from "./types.js";

export const textStep: StepKind<"text"> = {
  options: () => [],

  async accept(step, input, _current, { language }) {
    if (input.kind === "attachment")
      return { kind: "invalid", message: t(language, "attachmentNotNow") };
    if (input.kind !== "text") return { kind: "invalid", message: t(language, "textExpected") };
    const text = sanitizeUserText(input.text);
    const length = Array.from(text).length;
    if (length < step.minLength) {
      return {
        kind: "invalid",
        message: t(language, "textTooShort", { min: step.minLength, length }),
      };
    }
    if (length > step.maxLength) {
      return {
        kind: "invalid",
        message: t(language, "textTooLong", { max: step.maxLength, length }),
      };
    }
    return { kind: "answer", value: text };
  },

  display: (_step, answer) => (typeof answer === "string" ? truncate(answer, 300) : ""),
};
