import { z } from "zod";
import { BoundedMemo } from "../bounded-memo.js";
import type { Choice } from "../messages.js";

/**
 * The options of the menu showing in a conversation, as remembered between messages: each
 * option's opaque value, and its label reduced to the words of letters and digits a typed
 * answer is compared with (which also keeps the record small). Option N is entry N - 1.
 */
export type StoredMenu = readonly (readonly [value: string, label: string])[];

export const storedMenuSchema = z
  .array(z.tuple([z.string().min(1).max(64), z.string().max(200)]))
  .min(1)
  .max(100);

/** Letters and digits only, lower case: "✅ Kirim" and "kirim" read the same. */
export function loose(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Labels come from the flows and the catalog, a few hundred at most, shown again and again. */
const looseLabels = new BoundedMemo<string, string>(2_000);

/** Its words, `loose`, one space apart: "✅ Layanan  Kesehatan" is "layanan kesehatan". */
const looseLabel = (label: string) =>
  label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .slice(0, 200);

/** A stored label as a typed answer is compared with it (menus stored before had no spaces). */
const compact = (label: string) => label.replaceAll(" ", "");

export function rememberMenu(choices: readonly Choice[]): StoredMenu {
  return choices.map(
    (choice) => [choice.value, looseLabels.getOrAdd(choice.label, looseLabel)] as const,
  );
}

export function sameMenu(a: StoredMenu, b: StoredMenu): boolean {
  return a.length === b.length && a.every(([value], index) => value === b[index]?.[0]);
}

/** The option whose whole label is `wanted` (already `loose`), as a pressed button sends it. */
function labelled(menu: StoredMenu, wanted: string): StoredMenu[number] | undefined {
  return wanted.length > 0 ? menu.find(([, label]) => compact(label) === wanted) : undefined;
}

function onlyOne(
  menu: StoredMenu,
  matches: (label: string) => boolean,
): StoredMenu[number] | undefined {
  const [first, second] = menu.filter(([, label]) => matches(label));
  return second === undefined ? first : undefined;
}

/** Typed from a later word of the label on: "kesehatan" is "Layanan kesehatan". */
const fromAWord = (wanted: string) => (label: string) => {
  const words = label.split(" ");
  return words.some((_, index) => index > 0 && words.slice(index).join("").startsWith(wanted));
};

/** True when the text is one of the menu's labels as a whole, as a pressed button sends it. */
export function isWholeLabel(menu: StoredMenu, text: string): boolean {
  return labelled(menu, loose(text)) !== undefined;
}

/** A typed option number: "1", and "1.", "1)" or "(1)" as a numbered list writes it. */
export function typedNumber(text: string): number | undefined {
  const digits = /^\(?(\d{1,2})[.)]?$/.exec(text.trim())?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** How people type yes and no in a chat, beyond the options' own labels. */
const SAID: ReadonlyMap<string, boolean> = new Map([
  ...["ya", "iya", "iyaa", "y", "yes", "yup", "yap", "ok", "oke", "benar", "betul", "boleh"].map(
    (word) => [word, true] as const,
  ),
  ...[
    "tidak",
    "tdk",
    "tak",
    "gak",
    "ga",
    "gk",
    "nggak",
    "ngga",
    "enggak",
    "engga",
    "ndak",
    "no",
    "n",
    "nope",
    "jangan",
    "bukan",
  ].map((word) => [word, false] as const),
]);

/** True for a typed yes ("iya", "oke"), false for a no ("gak", "tdk"), else undefined. */
export function saidYesOrNo(text: string): boolean | undefined {
  return SAID.get(loose(text));
}

/**
 * The first words of the options of a yes-or-no question ("Ya, batalkan", "Tidak setuju"); a
 * confirmation's Batal is its no ("Ya, hapus identitas saya" or Batal).
 */
const YES_LEADS = ["ya", "yes", "setuju", "agree"];
// A flow whose options lead with Tidak and Batal both has no one no: typed yes/no is off there.
const NO_LEADS = ["tidak", "no", "do not", "batal", "cancel"];

function ledBy(menu: StoredMenu, leads: readonly string[]): StoredMenu[number] | undefined {
  return onlyOne(menu, (label) =>
    leads.some((lead) => label === lead || label.startsWith(`${lead} `)),
  );
}

/**
 * A yes or a no however it is typed picks the menu's one yes option or its one no option, when
 * the menu asks a yes-or-no question (it has one of each): "iya" confirms "Batalkan laporan?",
 * and so does a yes said before the yes option's own words ("ya setuju", "iya, saya setuju").
 */
function yesOrNo(menu: StoredMenu, text: string): StoredMenu[number] | undefined {
  const yes = ledBy(menu, YES_LEADS);
  const no = ledBy(menu, NO_LEADS);
  if (!yes || !no) return undefined;
  const said = SAID.get(loose(text)) ?? saidThenNamed(text, yes[1], no[1]);
  return said === undefined ? undefined : said ? yes : no;
}

/** Who may be named before an option's words: "saya setuju", "I agree". */
const SPEAKERS = new Set(["saya", "sy", "aku", "i"]);

/**
 * An option's own words after a yes or a no, or after "saya", or both: true for the yes
 * option, false for the no option, undefined when neither or when the two disagree.
 */
function saidThenNamed(text: string, yesLabel: string, noLabel: string): boolean | undefined {
  const words = looseLabel(text).split(" ");
  const said = SAID.get(words[0] ?? "");
  if (said !== undefined) words.shift();
  if (SPEAKERS.has(words[0] ?? "")) words.shift();
  const named = words.join("");
  const option =
    named === compact(yesLabel) ? true : named === compact(noLabel) ? false : undefined;
  return said === undefined || said === option ? option : undefined;
}

/** The words that say yes and nothing looser ("ok", "y", "boleh" say "fine" as much as "yes"). */
const EXPLICIT_YES = new Set(["ya", "iya", "yes"]);

/**
 * Whether a text already read as an option that cannot be undone (see `readTypedAnswer`) said
 * it outright: its number where the options were shown `numbered`, or "ya", "iya" or "yes"
 * followed by nothing or by the next whole words of one of `yesLabels` ("ya hapus" for "Ya,
 * hapus sekarang"). A loose yes, a part of a word, the label's words without the yes ("hapus
 * sekarang"), or a number beside buttons that show none are not.
 */
export function saidExplicitYes(
  text: string,
  yesLabels: readonly string[],
  numbered: boolean,
): boolean {
  if (typedNumber(text) !== undefined) return numbered;
  const [first = "", ...rest] = looseLabel(text).split(" ");
  if (!EXPLICIT_YES.has(first)) return false;
  return yesLabels.some((label) => {
    const after = looseLabel(label).split(" ").slice(1);
    return rest.length <= after.length && rest.every((word, index) => word === after[index]);
  });
}

export type TypedAnswer =
  | { readonly kind: "option"; readonly value: string }
  /** A number typed that the menu has no option for. */
  | { readonly kind: "out-of-range"; readonly number: number; readonly options: number };

/**
 * Reads a typed reply as one of the menu's options when it is the option's number (text
 * channels show options numbered) or its label, so "2", "aspirasi" and a pressed button agree.
 * With `yesNo`, a yes-or-no question by the words people type for those ("iya", "gak"); with
 * `words`, the start of a later word of one label only ("banjir" for "Drainase dan banjir").
 * Undefined when the text is neither, and is an answer of its own.
 */
export function readTypedAnswer(
  menu: StoredMenu,
  text: string,
  { words = false, yesNo = false }: { readonly words?: boolean; readonly yesNo?: boolean } = {},
): TypedAnswer | undefined {
  const number = typedNumber(text);
  if (number !== undefined) {
    const option = menu[number - 1];
    return option
      ? { kind: "option", value: option[0] }
      : { kind: "out-of-range", number, options: menu.length };
  }
  const wanted = loose(text);
  if (wanted.length === 0) return undefined;
  // A whole label first: a pressed reply-keyboard button ("Jalan") must not pick an earlier
  // option that only starts like it ("Jalan dan jembatan"). Then the start of one label only:
  // "layanan" picks neither "Layanan kesehatan" nor "Layanan publik lainnya". Then, where
  // asked (options naming things, never actions), the start of a later word of one.
  const typedEnough = wanted.length >= 4;
  const option =
    labelled(menu, wanted) ??
    (typedEnough ? onlyOne(menu, (label) => compact(label).startsWith(wanted)) : undefined) ??
    (typedEnough && words ? onlyOne(menu, fromAWord(wanted)) : undefined) ??
    (yesNo ? yesOrNo(menu, text) : undefined);
  return option ? { kind: "option", value: option[0] } : undefined;
}
