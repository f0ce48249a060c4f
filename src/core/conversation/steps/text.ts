import { t } from "../../i18n/index.js";
import { sanitizeUserText, truncate } from "../../text.js";
import type { StepKind } from "./types.js";

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/** Letters and digits in any script; emoji, spaces and punctuation are not counted. */
function countLetters(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

/** Words, counted up to `enough`: a long description need not be segmented to its end. */
function countWords(text: string, enough: number): number {
  let words = 0;
  for (const segment of wordSegmenter.segment(text)) {
    if (segment.isWordLike) words++;
    if (words >= enough) break;
  }
  return words;
}

export const textStep: StepKind<"text"> = {
  options: () => [],

  async accept(step, input, _current, { language }) {
    if (input.kind === "attachment")
      return { kind: "invalid", message: t(language, "attachmentNotNow") };
    if (input.kind !== "text") return { kind: "invalid", message: t(language, "textExpected") };
    const text = sanitizeUserText(input.text);
    // First: a long text of one word is too long, not too short.
    const length = Array.from(text).length;
    if (length > step.maxLength) {
      return {
        kind: "invalid",
        message: t(language, "textTooLong", { max: step.maxLength, length }),
      };
    }
    const letters = countLetters(text);
    if (letters < step.minLetters) {
      return {
        kind: "invalid",
        message: t(language, "textTooFewLetters", { min: step.minLetters, count: letters }),
      };
    }
    const words = countWords(text, step.minWords);
    if (words < step.minWords) {
      return {
        kind: "invalid",
        message: t(language, "textTooFewWords", { min: step.minWords, count: words }),
      };
    }
    return { kind: "answer", value: text };
  },

  display: (_step, answer) => (typeof answer === "string" ? truncate(answer, 300) : ""),
};
