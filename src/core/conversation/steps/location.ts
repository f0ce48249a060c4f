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

/**
 * Coordinates typed or pasted from a map app: "-6.2088, 106.8456", "-6.2088 106.8456", the
 * Indonesian "-6,2088, 106,8456", in brackets, or a maps link: Google's `q=`, `ll=`,
 * `/search/` or `@`, OpenStreetMap's `mlat=…&mlon=` or `#map=<zoom>/`. A Google Maps place
 * link's `@` is the centre of the map it was shared from; its pin is the `!3d<lat>!4d<long>`.
 */
function typedCoordinates(text: string): [number, number] | undefined {
  const bare = text
    .trim()
    .replace(/^\((.*)\)$/s, "$1")
    .trim();
  const pair =
    /^(-?\d{1,3}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(bare) ??
    // Apart by a space only with decimals: "5 3" is more likely RT 5 / RW 3 than a place.
    /^(-?\d{1,3}\.\d+)\s+(-?\d{1,3}\.\d+)$/.exec(bare) ??
    /^(-?\d{1,3},\d+)\s*(?:[,;]\s+|;\s*|\s+)(-?\d{1,3},\d+)$/.exec(bare) ??
    /^https?:\/\/\S*?!3d(-?\d{1,3}\.\d+)!4d(-?\d{1,3}\.\d+)/.exec(bare) ??
    /^https?:\/\/\S*?[?&]mlat=(-?\d{1,3}\.\d+)&mlon=(-?\d{1,3}\.\d+)/.exec(bare) ??
    /^https?:\/\/\S*?#map=\d{1,2}\/(-?\d{1,3}\.\d+)\/(-?\d{1,3}\.\d+)/.exec(bare) ??
    /^https?:\/\/\S*?(?:[?&](?:q|query|ll)=|@|\/search\/)(-?\d{1,3}\.\d+),\s*\+?(-?\d{1,3}\.\d+)/.exec(
      bare,
    );
  if (!pair?.[1] || !pair[2]) return undefined;
  return [Number(pair[1].replace(",", ".")), Number(pair[2].replace(",", "."))];
}

/** An address names a street or a village: "1234567890" or a row of pins does not. */
const FEWEST_LETTERS = 3;

function coordinates(
  latitude: number,
  longitude: number,
  language: Language,
  place?: string,
): StepOutcome {
  if (
    // 0, 0 is in the ocean off Africa: what a phone without a fix reports, not a place.
    (latitude === 0 && longitude === 0) ||
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  ) {
    return { kind: "invalid", message: t(language, "locationOutOfRange") };
  }
  return {
    kind: "answer",
    value: { latitude, longitude, ...(place ? { address: truncate(place, ADDRESS_LIMIT) } : {}) },
    ack: t(language, "locationSaved"),
  };
}

/**
 * What people type when they cannot say where: "tidak tahu", "saya gak tau", "kurang ingat",
 * "lupa", "don't know".
 */
const NO_PLACE =
  /^(saya |aku )?((tidak|tdk|tak|gak|ga|gk|nggak|ngga|enggak|engga|ndak|kurang|belum) (tahu|tau|ingat|yakin)( pasti)?|lupa|entah|tidak ada|gak ada)$|^(i )?(do not|don't|dont) (know|remember)$|^(not sure|unknown|none)$/;

function saysNoPlace(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/[^\p{L}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return NO_PLACE.test(words);
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
    if (input.kind === "location")
      return coordinates(input.latitude, input.longitude, language, input.place);
    if (input.kind !== "text") return { kind: "invalid", message: t(language, "locationExpected") };
    if (saysNoPlace(input.text)) {
      return step.optional
        ? { kind: "answer", value: null, ack: t(language, "locationSkipped") }
        : { kind: "invalid", message: t(language, "locationUnknown") };
    }
    const pair = typedCoordinates(input.text);
    if (pair) return coordinates(pair[0], pair[1], language);
    // A link without a position we can read (a short maps.app.goo.gl/… link names none until
    // it is opened) is no address either.
    if (/^https?:\/\/\S+$/.test(input.text.trim())) {
      return {
        kind: "invalid",
        message: joinLines([t(language, "locationLinkNoPlace"), howToAnswer(context)], " "),
      };
    }
    const address = sanitizeUserText(input.text, { singleLine: true });
    const letters = address.match(/\p{L}/gu)?.length ?? 0;
    if (Array.from(address).length < step.minAddressLength) {
      return {
        kind: "invalid",
        message: t(language, "locationTooShort", { min: step.minAddressLength }),
      };
    }
    if (letters < FEWEST_LETTERS)
      return { kind: "invalid", message: t(language, "locationNoPlace") };
    return {
      kind: "answer",
      value: { address: truncate(address, ADDRESS_LIMIT) },
      ack: t(language, "addressSaved"),
    };
  },

  display(_step, answer) {
    const location = answer as ReportLocation;
    if (!("latitude" in location)) return location.address;
    const position = `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
    return location.address ? `${location.address} · ${position}` : position;
  },
};
