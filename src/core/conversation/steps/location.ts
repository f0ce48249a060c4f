import { t } from "../../i18n/index.js";
import type { ReportLocation } from "../../reports/submission.js";
import { joinLines, sanitizeUserText, truncate, type RichText } from "../../text.js";
import { SKIP, type StepContext, type StepKind, type StepOutcome } from "./types.js";
import type { Language } from "../../messages.js";

const ADDRESS_LIMIT = 500;

/** Share a pin where the app can, else type an address or coordinates. */
function howToAnswer({ language, capabilities }: StepContext): RichText {
  return t(language, capabilities.locationSharing ? "locationHowShare" : "locationHowTyped");
}

function coordinates(latitude: number, longitude: number, language: Language): StepOutcome {
  if (
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  ) {
    return { kind: "invalid", message: t(language, "locationOutOfRange") };
  }
  return { kind: "answer", value: { latitude, longitude }, ack: t(language, "locationSaved") };
}

export const locationStep: StepKind<"location"> = {
  input: "location",

  skipped: (language) => t(language, "locationSkipped"),

  options: () => [],

  how: (step, _current, context, pick) =>
    step.optional
      ? joinLines(
          [howToAnswer(context), t(context.language, "locationSkipHint", { action: pick(SKIP) })],
          " ",
        )
      : howToAnswer(context),

  async accept(step, input, _current, context) {
    const { language } = context;
    if (input.kind === "location") return coordinates(input.latitude, input.longitude, language);
    if (input.kind !== "text") return { kind: "invalid", message: t(language, "locationExpected") };
    // Coordinates typed or pasted from a map app: "-6.2088, 106.8456".
    const pair = /^(-?\d{1,3}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(input.text.trim());
    if (pair) return coordinates(Number(pair[1]), Number(pair[2]), language);
    const address = sanitizeUserText(input.text, { singleLine: true });
    if (Array.from(address).length < step.minAddressLength) {
      return {
        kind: "invalid",
        message: t(language, "locationTooShort", { min: step.minAddressLength }),
      };
    }
    return {
      kind: "answer",
      value: { address: truncate(address, ADDRESS_LIMIT) },
      ack: t(language, "addressSaved"),
    };
  },

  display(_step, answer) {
    const location = answer as ReportLocation;
    return "address" in location
      ? location.address
      : `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  },
};
