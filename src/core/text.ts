/**
 * Text with a little formatting that every channel can render its own way (HTML on Telegram,
 * `*bold*` on WhatsApp, plain in a terminal). User-supplied values are always plain spans, so
 * no channel ever interprets them as markup.
 */
export interface Span {
  readonly text: string;
  readonly bold?: boolean;
  readonly code?: boolean;
  readonly link?: string;
}

export type RichText = readonly Span[];

export type TemplateParams = Readonly<Record<string, string | number>>;

/**
 * Builds rich text from a trusted template: `*...*` marks bold, `` `...` `` marks code and
 * `{name}` inserts a parameter as literal text (never parsed for markup).
 */
export function template(source: string, params: TemplateParams = {}): RichText {
  const spans: Span[] = [];
  const pattern = /\*([^*]+)\*|`([^`]+)`/g;
  let last = 0;
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  for (const match of source.matchAll(pattern)) {
    if (match.index > last) spans.push({ text: fill(source.slice(last, match.index)) });
    if (match[1] !== undefined) spans.push({ text: fill(match[1]), bold: true });
    else spans.push({ text: fill(match[2] ?? ""), code: true });
    last = match.index + match[0].length;
  }
  if (last < source.length) spans.push({ text: fill(source.slice(last)) });
  return spans;
}

export function plain(text: string): RichText {
  return [{ text }];
}

export function concat(...parts: RichText[]): RichText {
  return parts.flat();
}

/** Joins rich texts with a plain separator, such as a line break. */
export function joinLines(lines: readonly RichText[], separator = "\n"): RichText {
  return lines.flatMap((line, index) => (index === 0 ? line : [{ text: separator }, ...line]));
}

export function toPlainText(text: RichText): string {
  return text.map((span) => span.text).join("");
}

/** Cuts a user-supplied text to `max` characters (by code point), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Replaces lone UTF-16 surrogates (which a forged update can carry, and which platforms
 * refuse as invalid UTF-8) with U+FFFD.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cleans text typed by a user before it is kept: Unicode normalised, control characters
 * (other than line breaks and tabs) and bidirectional overrides removed, since those can make
 * a staff view show something other than what is stored.
 */
export function sanitizeUserText(text: string): string {
  return wellFormed(text)
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(UNSAFE_CHARACTERS, "")
    .trim();
}

/* eslint-disable no-control-regex -- finding control characters is the point */
const UNSAFE_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/* eslint-enable no-control-regex */
