import { formatBytes, label, t } from "../../i18n/index.js";
import type { StoredFile } from "../../media/media-store.js";
import { joinLines } from "../../text.js";
import { SKIP, type StepKind } from "./types.js";

export const DONE = "done";
/**
 * Takes every file sent so far off the report: a wrong or private photo is not stuck in it.
 * The option names the count, so an older button (before the last files came) is stale.
 */
const clearValue = (count: number) => `clear-${count}`;

const files = (answer: unknown): StoredFile[] =>
  Array.isArray(answer) ? (answer as StoredFile[]) : [];

/** The flow's maximum, or the deployment's cap when that is lower. */
const maxFiles = (step: { readonly max: number }, maxAttachments: number) =>
  Math.min(step.max, maxAttachments);

/**
 * Photos and documents, one message each. Before the first file the only option is to skip
 * (when the step is optional); after it, "Done (N files)" and "Remove all attachments": only
 * the one that says so ever drops the files already sent.
 */
export const attachmentsStep: StepKind<"attachments"> = {
  options: (_step, current, { language }) => {
    const count = files(current).length;
    return count > 0
      ? [
          [{ value: DONE, label: label(language, "attachmentsDone", { count }) }],
          [{ value: clearValue(count), label: label(language, "attachmentsClear") }],
        ]
      : [];
  },

  canSkip: (current) => files(current).length === 0,
  grows: true,

  how(step, current, { language, capabilities, maxAttachments }, pick) {
    const byPath = capabilities.files === "path";
    const count = files(current).length;
    const max = maxFiles(step, maxAttachments);
    if (count >= max) return t(language, "attachmentsFull", { count, max, action: pick(DONE) });
    if (count > 0) {
      return t(language, byPath ? "attachmentsMorePath" : "attachmentsMoreUpload", {
        action: pick(DONE),
      });
    }
    const how = t(language, byPath ? "attachmentsHowPath" : "attachmentsHowUpload");
    return step.optional
      ? joinLines([how, t(language, "attachmentsNone", { action: pick(SKIP) })], " ")
      : how;
  },

  async accept(step, input, current, { language, media, maxAttachments }) {
    const kept = files(current);
    const max = maxFiles(step, maxAttachments);
    if (input.kind === "option" && input.value === DONE && kept.length > 0) {
      return { kind: "answer", value: kept };
    }
    if (input.kind === "option" && input.value === clearValue(kept.length) && kept.length > 0) {
      return { kind: "stay", value: [], message: t(language, "attachmentsCleared") };
    }
    if (input.kind !== "attachment") {
      return { kind: "invalid", message: t(language, "attachmentExpected") };
    }
    if (kept.length >= max)
      return { kind: "invalid", message: t(language, "attachmentLimit", { max }) };
    const saved = await media.save(input.media);
    if (!saved.ok) {
      const { rejection } = saved;
      switch (rejection.reason) {
        case "too_large":
          return {
            kind: "invalid",
            message: t(language, "attachmentTooLarge", {
              size: formatBytes(rejection.size),
              max: formatBytes(rejection.max),
            }),
          };
        case "type_not_allowed":
          return { kind: "invalid", message: t(language, "attachmentTypeNotAllowed") };
        case "unavailable":
          return { kind: "invalid", message: t(language, "attachmentUnavailable") };
      }
    }
    if (kept.some((file) => file.sha256 === saved.file.sha256)) {
      return { kind: "invalid", message: t(language, "attachmentDuplicate") };
    }
    const next = [...kept, saved.file];
    if (next.length >= max)
      return { kind: "answer", value: next, ack: t(language, "attachmentLimit", { max }) };
    return {
      kind: "stay",
      value: next,
      message: t(language, "attachmentSaved", { count: next.length, max }),
    };
  },

  display: (_step, answer, { language }) =>
    files(answer).length > 0
      ? label(language, "attachmentsCount", { count: files(answer).length })
      : label(language, "notAnswered"),
};
