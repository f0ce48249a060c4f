import { label } from "../../i18n/index.js";
import { loose } from "../menu.js";
import { chooseOption, type StepKind } from "./types.js";

/** How people type yes and no in a chat, beyond the options' own labels. */
const SAID: ReadonlyMap<string, boolean> = new Map([
  ...["ya", "iya", "iyaa", "y", "yes", "yup", "yap", "ok", "oke", "benar", "betul", "boleh"].map(
    (word) => [word, true] as const,
  ),
  ...[
    "tidak",
    "tdk",
    "tak",
    "gak",
    "ga",
    "gk",
    "nggak",
    "ngga",
    "enggak",
    "engga",
    "ndak",
    "no",
    "n",
    "nope",
    "jangan",
    "bukan",
  ].map((word) => [word, false] as const),
]);

export const yesNoStep: StepKind<"yesNo"> = {
  options: (_step, _current, { language }) => [
    [
      { value: "yes", label: label(language, "yes") },
      { value: "no", label: label(language, "no") },
    ],
  ],

  async accept(_step, input, _current, context) {
    if (input.kind === "option" && (input.value === "yes" || input.value === "no")) {
      return { kind: "answer", value: input.value === "yes" };
    }
    const said = input.kind === "text" ? SAID.get(loose(input.text)) : undefined;
    if (said !== undefined) return { kind: "answer", value: said };
    return { kind: "invalid", message: chooseOption(context) };
  },

  display: (_step, answer, { language }) => label(language, answer === true ? "yes" : "no"),
};
