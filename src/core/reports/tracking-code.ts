import { createHash, randomInt } from "node:crypto";

/** No 0/O, 1/I/L: nothing a reporter could misread or mistype from a phone screen. */
export const TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const TRACKING_CODE_LENGTH = 6;

/** A fresh code such as `ADU-7K3F9Q`, from a cryptographic random source (unguessable). */
export function generateTrackingCode(prefix: string): string {
  let body = "";
  for (let index = 0; index < TRACKING_CODE_LENGTH; index++) {
    body += TRACKING_ALPHABET.charAt(randomInt(TRACKING_ALPHABET.length));
  }
  return `${prefix}-${body}`;
}

/**
 * The code a submission is told at *Kirim*, before the worker stores it: the same submission
 * always gets the same code (a Kirim handled twice tells one number), and it is as unguessable
 * as the submission id it comes from, a random UUID nobody outside the service sees.
 */
export function trackingCodeOf(submissionId: string, prefix: string): string {
  const digest = createHash("sha256").update(submissionId).digest();
  let body = "";
  for (let index = 0; index < TRACKING_CODE_LENGTH; index++) {
    // Four bytes per character keep the modulo's bias below one in a hundred million.
    body += TRACKING_ALPHABET.charAt(digest.readUInt32BE(index * 4) % TRACKING_ALPHABET.length);
  }
  return `${prefix}-${body}`;
}

/** A code as `generateTrackingCode` or `trackingCodeOf` makes them, with any prefix. */
export const TRACKING_CODE_PATTERN = new RegExp(
  `^[A-Z]{2,6}-[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`,
);

/**
 * Reads a code as a reporter may type it (lower case, spaces, no dash, no prefix) and returns
 * its canonical form, or undefined when it cannot be a tracking code. With `prefixed`, only a
 * code written with a prefix: in a sentence, six letters of the codes' alphabet ("tempat")
 * are a word.
 */
export function normalizeTrackingCode(
  input: string,
  prefix: string,
  { prefixed = false }: { readonly prefixed?: boolean } = {},
): string | undefined {
  const compact = input
    .toUpperCase()
    .replace(/[\s_.]/g, "")
    // Punctuation of the sentence around it: "ADU-7K3F9Q:", "(ADU-7K3F9Q),".
    .replace(/^["'(“‘]+|[,:;!?)"'”’]+$/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-");
  // With a dash, any earlier prefix is accepted (the operator may have changed it); without
  // one, only the current prefix, so "ADU7K3F9" is not misread as "AD-U7K3F9".
  const match = /^(?:([A-Z]{2,6})-)?([0-9A-Z]+)$/.exec(compact);
  if (!match) return undefined;
  const [, givenPrefix, rest = ""] = match;
  const withPrefix = givenPrefix !== undefined || rest.startsWith(prefix);
  if (prefixed && !withPrefix) return undefined;
  const body = givenPrefix === undefined && withPrefix ? rest.slice(prefix.length) : rest;
  if (body.length !== TRACKING_CODE_LENGTH) return undefined;
  if (!new RegExp(`^[${TRACKING_ALPHABET}]+$`).test(body)) return undefined;
  return `${givenPrefix ?? prefix}-${body}`;
}
