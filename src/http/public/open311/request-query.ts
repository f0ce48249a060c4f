import { z } from "zod";
import type { Catalog } from "../../../config/catalog.js";
import { normalizeTrackingCode } from "../../../core/reports/tracking-code.js";

/** The spec's default and limit: a span of 90 days, and at most 1,000 requests at once. */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;
/** Limit of `service_request_id=a,b,c` (which overrides every other argument). */
export const MAX_IDS = 100;

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Can be declared multiple times, comma delimited": both `a,b` and `x=a&x=b`. */
const commaList = <Item extends z.ZodType>(item: Item, what: string) =>
  z.preprocess(
    (value) =>
      value === undefined || value === ""
        ? undefined
        : (Array.isArray(value) ? value : [value])
            .flatMap((part) => String(part).split(","))
            .map((part) => part.trim())
            .filter(Boolean),
    z
      .array(item, { error: `${what} must be a comma-separated list` })
      .min(1)
      .optional(),
  );

const single = (name: string) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string({ error: `${name} must be given once` })
      .max(200)
      .optional(),
  );

/** W3C date-time with its time zone (Z or ±hh:mm), with or without seconds. */
const w3DateTime = (name: string) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })], {
        error: `${name} must be a W3C date-time with its time zone, such as 2010-01-01T00:00:00Z`,
      })
      .transform((value) => new Date(value))
      .optional(),
  );

const positive = (name: string, max: number) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce
      .number({ error: `${name} must be a whole number from 1 to ${max}` })
      .int({ error: `${name} must be a whole number from 1 to ${max}` })
      .min(1, { error: `${name} must be a whole number from 1 to ${max}` })
      .max(max, { error: `${name} must be a whole number from 1 to ${max}` })
      .optional(),
  );

/**
 * GET requests' arguments. Besides the spec's own, `page` and `page_size` (the pagination
 * extension most servers implement) walk through more than one page of results.
 */
export function requestListQuery(catalog: Catalog, trackingCodePrefix: string) {
  return z
    .object({
      jurisdiction_id: single("jurisdiction_id"),
      service_request_id: commaList(
        z.string().transform((id, ctx) => {
          const code = normalizeTrackingCode(id, trackingCodePrefix);
          if (code) return code;
          ctx.addIssue({
            code: "custom",
            message: `service_request_id '${id}' is not a report number such as ${trackingCodePrefix}-7K3F9Q`,
          });
          return z.NEVER;
        }),
        "service_request_id",
      ).refine((ids) => !ids || ids.length <= MAX_IDS, {
        error: `service_request_id may list at most ${MAX_IDS} ids`,
      }),
      service_code: commaList(
        z.string().refine((code) => catalog.category(code) !== undefined, {
          error: (issue) =>
            `service_code '${String(issue.input)}' is not a service; GET services lists them`,
        }),
        "service_code",
      ),
      start_date: w3DateTime("start_date"),
      end_date: w3DateTime("end_date"),
      status: commaList(
        z.enum(["open", "closed"], { error: "status must be open, closed or both" }),
        "status",
      ),
      page: positive("page", 1_000_000),
      page_size: positive("page_size", MAX_RESULTS),
    })
    .superRefine((query, ctx) => {
      const { start_date: start, end_date: end } = query;
      if (start && end && start > end) {
        ctx.addIssue({ code: "custom", message: "start_date must not be after end_date" });
      } else if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) {
        ctx.addIssue({
          code: "custom",
          message: `start_date and end_date may span at most ${MAX_SPAN_DAYS} days`,
        });
      }
    });
}

export type RequestListQuery = z.infer<ReturnType<typeof requestListQuery>>;

/**
 * The span a query covers: as given, else the 90 days up to end_date, from start_date, or up
 * to now. Both ends are included, as the spec's "earliest / latest datetime to include" says,
 * to the whole second: a request shown as requested at 07:21:21 (stored at 07:21:21.534) is
 * in a span that ends at 07:21:21, so a client paging by the last time it saw skips none.
 */
export function requestedSpan(query: RequestListQuery, now: Date): { from: Date; to: Date } {
  const span = MAX_SPAN_DAYS * DAY_MS;
  const end =
    query.end_date ?? (query.start_date ? new Date(query.start_date.getTime() + span) : now);
  const start = query.start_date ?? new Date(end.getTime() - span);
  return { from: wholeSecond(start), to: new Date(wholeSecond(end).getTime() + SECOND_MS) };
}

const SECOND_MS = 1000;
const wholeSecond = (date: Date) => new Date(Math.floor(date.getTime() / SECOND_MS) * SECOND_MS);
