import { z } from "zod";
import type { Catalog } from "../../config/catalog.js";
import { label, type MessageKey } from "../../core/i18n/index.js";
import { LANGUAGES, type Language } from "../../core/messages.js";
import { truncate } from "../../core/text.js";
import type { Period } from "../../core/reports/periods.js";
import { REPORT_STATUSES } from "../../core/words.js";

/** Reads a period as /statistik does (`bulan-ini`, `30h`, `2026-11`, …). */
export type PeriodReader = (input: string) => Period | undefined;

/** A select left at "all" sends an empty value: the same as leaving the field out. */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** `periode`, as typed, with the span it names. */
const periodParameter = (readPeriod: PeriodReader) =>
  optional(
    z
      .string()
      .max(32)
      .transform((input, ctx) => {
        const period = readPeriod(input);
        if (period) return { input, period };
        ctx.addIssue({ code: "custom", message: "not a period" });
        return z.NEVER;
      }),
  );

/** The reports list's filters: `?status=&kategori=&instansi=&periode=&halaman=`. */
export function reportListQuery(catalog: Catalog, readPeriod: PeriodReader) {
  return z.object({
    status: optional(z.enum(REPORT_STATUSES)),
    kategori: optional(z.string().refine((id) => catalog.category(id) !== undefined)),
    instansi: optional(z.string().refine((id) => catalog.agency(id) !== undefined)),
    periode: periodParameter(readPeriod),
    halaman: optional(z.coerce.number().int().min(1).max(100_000)),
  });
}

/** The accountability page's query: `?periode=`. */
export function accountabilityQuery(readPeriod: PeriodReader) {
  return z.object({ periode: periodParameter(readPeriod) });
}

/**
 * `?lang=id|en` on every page. A preference rather than a filter: a value that is neither is
 * ignored, and the browser's Accept-Language decides.
 */
export const languageQuery = z.object({
  lang: z.enum(LANGUAGES).optional().catch(undefined),
});

/** What the reader is told of each parameter the page could not read. */
const PROBLEMS: Readonly<Record<string, MessageKey>> = {
  status: "publicBadStatus",
  kategori: "publicBadCategory",
  instansi: "publicBadAgency",
  periode: "publicBadPeriod",
  halaman: "publicBadPage",
};

/**
 * The first problem of a failed parse, in the reader's language, with the value they sent
 * (the page escapes it).
 */
export function firstProblem(error: z.ZodError, query: unknown, language: Language): string {
  const field = String(error.issues[0]?.path[0] ?? "");
  const sent = (query as Record<string, unknown> | undefined)?.[field];
  // A repeated parameter comes as a list: the first is the one read.
  const first: unknown = Array.isArray(sent) ? sent[0] : sent;
  const value = truncate(typeof first === "string" ? first : "", 40);
  return label(language, PROBLEMS[field] ?? "publicBadParameter", { value, name: field });
}
