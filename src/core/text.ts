import { BoundedMemo } from "./bounded-memo.js";

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

/** A parameter, or the word to use for its number (`{count|file|files}`). */
interface TemplateParam {
  readonly param: string;
  readonly plural?: { readonly one: string; readonly other: string };
}

/** A template's span, parsed once: literal pieces and the parameters between. */
interface TemplatePart {
  readonly pieces: readonly (string | TemplateParam)[];
  readonly bold?: true;
  readonly code?: true;
}

/** Templates come from the dictionaries, flows and notices: a few hundred, each parsed once. */
const parsedTemplates = new BoundedMemo<string, readonly TemplatePart[]>(5_000);

/**
 * Builds rich text from a trusted template: `*...*` marks bold, `` `...` `` marks code,
 * `{name}` inserts a parameter as literal text (never parsed for markup) and
 * `{name|one|other}` the word for its number: "{count} {count|file|files}".
 */
export function template(source: string, params: TemplateParams = {}): RichText {
  return parsedTemplates.getOrAdd(source, parseTemplate).map((part) => {
    let text = "";
    for (const piece of part.pieces) {
      if (typeof piece === "string") text += piece;
      else if (!(piece.param in params)) text += `{${piece.param}}`;
      else if (piece.plural) {
        text += Number(params[piece.param]) === 1 ? piece.plural.one : piece.plural.other;
      } else text += String(params[piece.param]);
    }
    return part.bold ? { text, bold: true } : part.code ? { text, code: true } : { text };
  });
}

function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(/\*([^*]+)\*|`([^`]+)`/g)) {
    if (match.index > last) parts.push({ pieces: templatePieces(source.slice(last, match.index)) });
    if (match[1] !== undefined) parts.push({ pieces: templatePieces(match[1]), bold: true });
    else parts.push({ pieces: templatePieces(match[2] ?? ""), code: true });
    last = match.index + match[0].length;
  }
  if (last < source.length) parts.push({ pieces: templatePieces(source.slice(last)) });
  return parts;
}

function templatePieces(text: string): TemplatePart["pieces"] {
  const pieces: (string | TemplateParam)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    const [, param = "", one, other] = match;
    pieces.push(
      one === undefined || other === undefined ? { param } : { param, plural: { one, other } },
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
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

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The characters of a text as a person sees them (an emoji with its modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (segment) => segment.segment);
}

/** Cuts a user-supplied text to `max` characters (graphemes), marking the cut. */
export function truncate(text: string, max: number): string {
  // A grapheme is at least one UTF-16 code unit, so a text this short cannot exceed `max`;
  // segmenting it costs more than the rest of rendering a summary.
  if (text.length <= max) return text;
  const characters = graphemes(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join("")}…`;
}

/**
 * Replaces lone UTF-16 surrogates (which a forged update can carry, and which platforms
 * refuse as invalid UTF-8) with U+FFFD.
 */
export function wellFormed(text: string): string {
  return text.toWellFormed();
}

/**
 * Cleans a string a platform hands over (typed text, a caption, a file or display name) before
 * anything keeps it: Unicode normalised, control characters (other than line breaks and tabs)
 * and bidirectional overrides removed, since those can make a staff view show something other
 * than what is stored, and stored data must pass its schema. `singleLine` also folds line
 * breaks and tabs into single spaces, for names.
 */
export function sanitizeUserText(text: string, options: { singleLine?: boolean } = {}): string {
  const cleaned = wellFormed(text)
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(UNSAFE_CHARACTERS, "");
  return (options.singleLine ? cleaned.replace(/\s+/g, " ") : cleaned).trim();
}

/* eslint-disable no-control-regex -- finding control characters is the point */
const UNSAFE_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** What a platform counts of a span towards its message limit. */
export type SpanCost = (span: Span) => number;

/**
 * Splits rich text into parts that each fit `limit` (as `cost` counts), cutting at line breaks
 * where possible, else after a space, else between two characters (never inside one), and
 * keeping every span's formatting. The line break at a cut is dropped. The last part leaves
 * room for `reserveLast`, what the platform adds after it (a list of options).
 */
export function splitRichText(
  text: RichText,
  limit: number,
  cost: SpanCost,
  reserveLast = 0,
): RichText[] {
  const parts = split(text, limit, cost);
  const last = parts.at(-1) ?? [];
  if (reserveLast === 0 || total(last, cost) + reserveLast <= limit) return parts;
  return [...parts.slice(0, -1), ...split(last, limit - reserveLast, cost)];
}

function split(text: RichText, limit: number, cost: SpanCost): RichText[] {
  // Nearly every message fits whole: nothing to take apart line by line.
  if (total(text, cost) <= limit && !startsWithBlankLine(text)) return [text];
  const newline = cost({ text: "\n" });
  const parts: RichText[] = [];
  let current: Span[] = [];
  let used = 0;
  let started = false;
  const flush = () => {
    if (started) parts.push(current);
    current = [];
    used = 0;
    started = false;
  };
  for (const line of lines(text)) {
    const lineCost = total(line, cost);
    const separator = started ? newline : 0;
    if (!started && isBlank(line)) continue; // a part never starts with an empty line
    if (used + separator + lineCost <= limit) {
      if (started) current.push({ text: "\n" });
      current.push(...line);
      used += separator + lineCost;
      started = true;
      continue;
    }
    flush();
    let rest: RichText = line;
    while (total(rest, cost) > limit) {
      const [head, tail] = cut(rest, limit, cost);
      parts.push(head);
      rest = tail;
    }
    if (!isBlank(rest)) {
      current = [...rest];
      used = total(rest, cost);
      started = true;
    }
  }
  flush();
  return parts.length > 0 ? parts : [text];
}

/**
 * `text` without `last`, the last of its parts from `splitRichText`, as it was written: a cut
 * inside a line stays inside the line (joining the parts with line breaks would break it there),
 * blank lines stay, and the white space before `last` goes.
 */
export function textBefore(text: RichText, last: RichText): RichText {
  // `last` holds the end of the text whole, as `split` keeps every character but the line
  // breaks and blank lines at a cut (and white space at the very end).
  let keep = toPlainText(text).trimEnd().length - toPlainText(last).trimEnd().length;
  const head: Span[] = [];
  for (const span of text) {
    if (keep <= 0) break;
    head.push(span.text.length <= keep ? span : { ...span, text: span.text.slice(0, keep) });
    keep -= span.text.length;
  }
  while (head.length > 0) {
    const end = head.pop() as Span;
    const trimmed = end.text.trimEnd();
    if (trimmed) {
      head.push({ ...end, text: trimmed });
      break;
    }
  }
  return head;
}

/** Rich text cut to fit `limit` (as `cost` counts) between two characters, ending in " …". */
export function truncateRichText(text: RichText, limit: number, cost: SpanCost): RichText {
  if (total(text, cost) <= limit) return text;
  const mark: Span = { text: " …" };
  return [...cut(text, limit - cost(mark), cost)[0], mark];
}

function total(text: RichText, cost: SpanCost): number {
  return text.reduce((sum, span) => sum + cost(span), 0);
}

/** Whether the text's first line is empty or only spaces (a part never starts with one). */
function startsWithBlankLine(text: RichText): boolean {
  for (const span of text) {
    const first = /\S|\n/.exec(span.text);
    if (first) return first[0] === "\n";
  }
  return true;
}

function isBlank(text: RichText): boolean {
  return text.every((span) => span.text.trim() === "");
}

/** The text's lines, each with its spans' formatting, without the line breaks. */
function lines(text: RichText): RichText[] {
  const result: Span[][] = [[]];
  for (const span of text) {
    span.text.split("\n").forEach((piece, index) => {
      if (index > 0) result.push([]);
      if (piece) result.at(-1)?.push({ ...span, text: piece });
    });
  }
  return result;
}

/**
 * The longest head of `text` that fits `limit`, and the rest. The cut falls after the last
 * space of the head when there is one in its second half, so words stay whole.
 */
function cut(text: RichText, limit: number, cost: SpanCost): [RichText, RichText] {
  const head: Span[] = [];
  let used = 0;
  for (let index = 0; index < text.length; index++) {
    const span = text[index] as Span;
    const spanCost = cost(span);
    if (used + spanCost <= limit) {
      head.push(span);
      used += spanCost;
      continue;
    }
    const characters = graphemes(span.text);
    const fits = (count: number) =>
      used + cost({ ...span, text: characters.slice(0, count).join("") }) <= limit;
    let low = 0;
    let high = characters.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(middle)) low = middle;
      else high = middle - 1;
    }
    // Always move forward, even when not one character fits an empty part.
    let taken = head.length === 0 && low === 0 ? 1 : low;
    const atBoundary = /^\s/.test(characters[taken] ?? " ");
    const space = characters.slice(0, taken).findLastIndex((character) => /\s/.test(character));
    if (!atBoundary && space >= 0 && space + 1 >= taken / 2) taken = space + 1;
    const before = characters.slice(0, taken).join("");
    const after = characters.slice(taken).join("");
    if (before) head.push({ ...span, text: before });
    const tail = [...(after ? [{ ...span, text: after }] : []), ...text.slice(index + 1)];
    return [head, tail];
  }
  return [head, []];
}
