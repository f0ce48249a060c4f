/**
 * What identified a person, as it may appear inside texts the service kept (a delivery note,
 * a staff note quoting them, a WhatsApp message id that embeds the phone number). Values
 * shorter than four characters are left out: replacing them would mangle unrelated words.
 */
export function identityNeedles(values: readonly (string | null | undefined)[]): string[] {
  const needles = new Set<string>();
  for (const value of values) {
    const trimmed = value?.trim();
    if (!trimmed) continue;
    needles.add(trimmed);
    // WhatsApp ids are <number>@c.us: the number alone is the phone.
    const local = trimmed.split("@")[0];
    if (local && local !== trimmed) needles.add(local);
    if (trimmed.startsWith("+")) needles.add(trimmed.slice(1));
  }
  // Longest first, so "@budi_s" goes before "budi_s" leaves a stray "@".
  return [...needles].filter((needle) => needle.length >= 4).sort((a, b) => b.length - a.length);
}

/** An e-mail address inside a text (global: for `replace`). */
export const EMAIL_ADDRESS = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;

/** `text` with every needle replaced by `pseudonym`. */
export function scrubText(text: string, needles: readonly string[], pseudonym: string): string {
  let result = text;
  for (const needle of needles) result = result.split(needle).join(pseudonym);
  return result;
}

/**
 * `text` with every e-mail address replaced by `pseudonym`: for the note an Open311 filing
 * leaves for staff, which holds the filer's address though their reporter row does not.
 */
export function scrubEmails(text: string, pseudonym: string): string {
  return text.replace(EMAIL_ADDRESS, pseudonym);
}

/** A JSON value with `scrubText` applied to every string in it (keys stay as they are). */
export function scrubJson(value: unknown, needles: readonly string[], pseudonym: string): unknown {
  if (typeof value === "string") return scrubText(value, needles, pseudonym);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, needles, pseudonym));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scrubJson(item, needles, pseudonym)]),
    );
  }
  return value;
}
