import { createHash, timingSafeEqual } from "node:crypto";

/** A system allowed to file reports through Open311, named so logs say which one did. */
export interface ApiKey {
  readonly name: string;
  readonly key: string;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * The key's holder, or undefined. Every configured key is compared, as SHA-256 digests in
 * constant time, whatever matched earlier: neither which key nor how much of one a guess got
 * right shows in the timing.
 */
export function findApiKey(keys: readonly ApiKey[], given: string): ApiKey | undefined {
  const givenDigest = digest(given);
  let found: ApiKey | undefined;
  for (const candidate of keys) {
    const same = timingSafeEqual(givenDigest, digest(candidate.key));
    if (same && !found) found = candidate;
  }
  return found;
}
