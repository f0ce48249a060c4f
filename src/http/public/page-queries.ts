import { z } from "zod";
import type { Catalog } from "../../config/catalog.js";
import { LANGUAGES } from "../../core/messages.js";
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
        ctx.addIssue({
          code: "custom",
          message: `periode: '${input}' is not a period; try bulan-ini, bulan-lalu, tahun-ini, 30h or 2026-11`,
        });
        return z.NEVER;
      }),
  );

/** The reports list's filters: `?status=&kategori=&instansi=&periode=&halaman=`. */
export function reportListQuery(catalog: Catalog, readPeriod: PeriodReader) {
  return z.object({
    status: optional(
      z.enum(REPORT_STATUSES, {
        error: `status must be one of ${REPORT_STATUSES.join(", ")}`,
      }),
    ),
    kategori: optional(
      z.string().refine((id) => catalog.category(id) !== undefined, {
        error: (issue) => `no category '${String(issue.input)}' in the catalog`,
      }),
    ),
    instansi: optional(
      z.string().refine((id) => catalog.agency(id) !== undefined, {
        error: (issue) => `no agency '${String(issue.input)}' in the catalog`,
      }),
    ),
    periode: periodParameter(readPeriod),
    halaman: optional(
      z.coerce
        .number({ error: "halaman must be a page number" })
        .int({ error: "halaman must be a page number" })
        .min(1, { error: "halaman must be a page number" })
        .max(100_000, { error: "halaman must be a page number" }),
    ),
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

/** The first problem of a failed parse, naming the parameter, for the page's error message. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid query";
  const name = issue.path.join(".");
  return issue.message.startsWith(name) || !name ? issue.message : `${name}: ${issue.message}`;
}
