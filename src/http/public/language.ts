import { LANGUAGES, type Language } from "../../core/messages.js";

/** The page's language, and whether the reader chose it with `?lang=` (links then keep it). */
export interface LanguageChoice {
  readonly language: Language;
  readonly explicit: boolean;
}

const isLanguage = (value: string): value is Language =>
  (LANGUAGES as readonly string[]).includes(value);

/** "in" is the old ISO code for Indonesian that some phones still send. */
const ALIASES: Readonly<Record<string, Language>> = { in: "id" };

/**
 * The first of our languages the browser asks for (RFC 9110 `Accept-Language`, by q-value,
 * ties in the order given); undefined when it asks for none of them.
 */
export function negotiateLanguage(header: string | undefined): Language | undefined {
  const ranges = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const q = parameters
        .map((parameter) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)?.[1])
        .find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.tag && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split("-")[0] ?? "";
    const language = isLanguage(primary) ? primary : ALIASES[primary];
    if (language) return language;
  }
  return undefined;
}

/** `?lang=` wins, then the browser's preference, then the deployment's default. */
export function chooseLanguage(
  requested: Language | undefined,
  acceptLanguage: string | undefined,
  fallback: Language,
): LanguageChoice {
  if (requested) return { language: requested, explicit: true };
  return { language: negotiateLanguage(acceptLanguage) ?? fallback, explicit: false };
}
