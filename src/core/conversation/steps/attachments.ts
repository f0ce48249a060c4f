import { formatBytes, label, t } from "../../i18n/index.js";
import type { StoredFile } from "../../media/media-store.js";
import type { StepKind } from "./types.js";

export const DONE = "done";

const files = (answer: unknown): StoredFile[] =>
  Array.isArray(answer) ? (answer as StoredFile[]) : [];

export const attachmentsStep: StepKind<"attachments"> = {
  options: (_step, current, { language }) =>
    files(current).length > 0 ? [[{ value: DONE, label: label(language, "done") }]] : [],

  async accept(step, input, current, { language, media, maxAttachments }) {
    const kept = files(current);
    const max = Math.min(step.max, maxAttachments);
    if (input.kind === "option" && input.value === DONE && kept.length > 0) {
      return { kind: "answer", value: kept };
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
