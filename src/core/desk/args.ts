import { z } from "zod";
import { normalizeTrackingCode } from "../reports/tracking-code.js";

/**
 * The desk's and the citizens' command arguments, read one way: a first word, the rest, a
 * tracking code in any of the forms people type, validated with zod.
 */

/** The first word of the arguments and the rest, trimmed. */
export function firstWord(args: string): [string | undefined, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return [match?.[1], (match?.[2] ?? "").trim()];
}

/** The value when it passes the schema; undefined otherwise (the caller shows its usage line). */
export function parseArgs<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A tracking code as typed (lower case, without the prefix or dash) in its stored form. */
export function trackingCodeArg(raw: string | undefined, prefix: string): string | undefined {
  return raw ? normalizeTrackingCode(raw, prefix) : undefined;
}

/** `<code> <text>`: a report and what to say about it. */
export function codeAndText(
  args: string,
  prefix: string,
): { code: string; text: string } | undefined {
  const [rawCode, text] = firstWord(args);
  return parseArgs(z.object({ code: z.string(), text: z.string().min(2) }), {
    code: trackingCodeArg(rawCode, prefix),
    text,
  });
}

/** A canned answer's name, with or without its `#`. */
export const templateName = z
  .string()
  .regex(/^#?[a-z0-9-]{1,32}$/i, { error: "template names are 1-32 of a-z, 0-9 and -" })
  .transform((name) => name.replace(/^#/, "").toLowerCase());
