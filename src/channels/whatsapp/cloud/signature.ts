import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Meta signs every webhook POST: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the
 * raw request body keyed with the app secret. The body must be the bytes received: parsed and
 * serialised again, JSON loses escapes (\u00e9, \/) and the signature no longer matches.
 */
export function signatureOf(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

/** Compares in constant time; a missing, malformed or wrong header is refused alike. */
export function hasValidSignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  appSecret: string,
): boolean {
  if (typeof header !== "string") return false;
  const expected = Buffer.from(signatureOf(rawBody, appSecret));
  const given = Buffer.from(header.trim().toLowerCase());
  // A different length cannot match; comparing the expected value with itself keeps the time
  // spent independent of what was sent.
  const same = given.length === expected.length;
  return timingSafeEqual(same ? given : expected, expected) && same;
}
