import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Catalog } from "../../config/catalog.js";
import type { Language } from "../../core/messages.js";
import { parsePeriod } from "../../core/reports/periods.js";
import { normalizeTrackingCode } from "../../core/reports/tracking-code.js";
import { systemClock, type Clock } from "../../core/time/clock.js";
import type { WorkingCalendar } from "../../core/time/working-days.js";
import type { SafeHtml } from "./html.js";
import { stripImageMetadata } from "../../core/media/clean-image.js";
import { chooseLanguage } from "./language.js";
import type { PageContext } from "./layout.js";
import {
  ACCOUNTABILITY_PATH,
  PageLinks,
  PHOTOS_SEGMENT,
  queryString,
  REPORTS_PATH,
  type Query,
} from "./links.js";
import {
  accountabilityQuery,
  firstProblem,
  languageQuery,
  reportListQuery,
  type PeriodReader,
} from "./page-queries.js";
import { accountabilityPage } from "./pages/accountability.js";
import { messagePage } from "./pages/message-page.js";
import { reportListPage } from "./pages/report-list.js";
import { reportPage } from "./pages/report-page.js";
import { publishReport, publishReports } from "./publish.js";
import type { PublicReportSource } from "./report-source.js";
import { STYLESHEET_HASH } from "./style.js";

export interface PublicPagesOptions {
  readonly source: PublicReportSource;
  readonly catalog: Catalog;
  readonly calendar: WorkingCalendar;
  /** TIME_ZONE: dates are shown in the deployment's local time. */
  readonly timeZone: string;
  /** TRACKING_CODE_PREFIX, to read codes typed in lower case or without the dash. */
  readonly trackingCodePrefix: string;
  /** DEFAULT_LANGUAGE, for browsers that ask for neither Indonesian nor English. */
  readonly defaultLanguage: Language;
  readonly clock?: Clock;
  /** Reports per list page. */
  readonly pageSize?: number;
}

const PAGE_SIZE = 20;
/** The accountability page opens on the same period /statistik does. */
const DEFAULT_ACCOUNTABILITY_PERIOD = "bulan-ini";

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${STYLESHEET_HASH}`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

type Params = Readonly<Record<string, string | undefined>>;

/** The query as the page's links should repeat it: single strings only. */
function plainQuery(request: FastifyRequest): Query {
  const query = (request.query ?? {}) as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

/**
 * A photo is asked for again at every view (and answered 304 while unchanged): one removed by
 * retention or erasure, or no longer published, must not live on in a cache for a day.
 */
const PHOTO_CACHING = "no-cache";

/**
 * The public face of the desk, server-rendered HTML that works without JavaScript:
 * `/laporan` (the public reports, filtered and paged), `/laporan/<kode>` (one report),
 * `/laporan/<kode>/foto/<id>` (a photo its reporter agreed to publish, metadata stripped) and
 * `/statistik` (the accountability table).
 */
export function publicPages(options: PublicPagesOptions): FastifyPluginAsync {
  const { source, catalog } = options;
  const clock = options.clock ?? systemClock;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const readPeriod: PeriodReader = (input) => parsePeriod(input, options.calendar, clock());
  const listQuery = reportListQuery(catalog, readPeriod);
  const statisticsQuery = accountabilityQuery(readPeriod);

  const contextOf = (request: FastifyRequest, depth: number): PageContext => {
    const { lang } = languageQuery.parse(request.query ?? {});
    const choice = chooseLanguage(
      lang,
      request.headers["accept-language"],
      options.defaultLanguage,
    );
    return {
      language: choice.language,
      links: new PageLinks(depth, choice.explicit ? choice.language : undefined),
      query: plainQuery(request),
    };
  };

  const send = (reply: FastifyReply, status: number, page: SafeHtml) =>
    reply.code(status).type("text/html; charset=utf-8").send(page.value);

  return async (app) => {
    app.addHook("onSend", async (_request, reply) => {
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
      if (String(reply.getHeader("content-type")).startsWith("text/html")) {
        reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
        reply.header("vary", "Accept-Language");
        reply.header("cache-control", "public, max-age=60");
      }
    });

    app.setErrorHandler(async (error, request, reply) => {
      request.log.error({ err: error, url: request.url }, "public page failed");
      const context = contextOf(request, 0);
      return send(
        reply,
        500,
        messagePage(context, "publicServerErrorTitle", "publicServerErrorText"),
      );
    });

    app.get("/", async (_request, reply) => reply.redirect(REPORTS_PATH.slice(1)));

    // Any other address: a page in the reader's language, not the framework's JSON. An address
    // that ends in a slash, as shared links often do, goes to the page without it (relative,
    // so it works behind a proxy's path as the links do).
    app.setNotFoundHandler(async (request, reply) => {
      const [path = "", query] = request.url.split("?", 2);
      const slashed = /\/([^/]+)(\/+)$/.exec(path);
      if (slashed && (request.method === "GET" || request.method === "HEAD")) {
        const up = "../".repeat(slashed[2]?.length ?? 1);
        const again = `${up}${slashed[1]}${query === undefined ? "" : `?${query}`}`;
        return reply.redirect(again, 301);
      }
      const depth = Math.max(0, path.split("/").length - 2);
      const context = contextOf(request, depth);
      return send(
        reply,
        404,
        messagePage(context, "publicPageNotFoundTitle", "publicPageNotFoundText"),
      );
    });

    app.get(REPORTS_PATH, async (request, reply) => {
      const context = { ...contextOf(request, 0), section: "reports" as const };
      const parsed = listQuery.safeParse(request.query);
      if (!parsed.success) {
        return send(
          reply,
          400,
          reportListPage(context, {
            filters: {},
            reports: [],
            total: 0,
            page: 1,
            pages: 1,
            catalog,
            timeZone: options.timeZone,
            problem: firstProblem(parsed.error, request.query, context.language),
          }),
        );
      }
      const query = parsed.data;
      const page = query.halaman ?? 1;
      const result = await source.list(
        {
          ...(query.status ? { statuses: [query.status] } : {}),
          ...(query.kategori ? { categoryIds: [query.kategori] } : {}),
          ...(query.instansi ? { agencyId: query.instansi } : {}),
          ...(query.periode
            ? { submitted: { from: query.periode.period.from, to: query.periode.period.to } }
            : {}),
        },
        { offset: (page - 1) * pageSize, limit: pageSize },
      );
      return send(
        reply,
        200,
        reportListPage(context, {
          filters: {
            ...(query.status ? { status: query.status } : {}),
            ...(query.kategori ? { kategori: query.kategori } : {}),
            ...(query.instansi ? { instansi: query.instansi } : {}),
            ...(query.periode
              ? { periode: { input: query.periode.input, label: query.periode.period.label } }
              : {}),
          },
          reports: publishReports(result.reports),
          total: result.total,
          page,
          pages: Math.max(1, Math.ceil(result.total / pageSize)),
          catalog,
          timeZone: options.timeZone,
        }),
      );
    });

    app.get(`${REPORTS_PATH}/:code`, async (request, reply) => {
      const { code: given = "" } = request.params as Params;
      const context = contextOf(request, 1);
      // "/laporan/" is the list with a trailing slash.
      if (given === "") return reply.redirect(context.links.reports(context.query), 301);
      const code = normalizeTrackingCode(given, options.trackingCodePrefix);
      if (code && code !== given) {
        return reply.redirect(`${encodeURIComponent(code)}${queryString(context.query)}`, 301);
      }
      const found = code ? await source.byCode(code) : undefined;
      const report = found ? publishReport(found) : undefined;
      if (!report) {
        return send(reply, 404, messagePage(context, "publicNotFoundTitle", "publicNotFoundText"));
      }
      return send(
        reply,
        200,
        reportPage(
          { ...context, section: "reports" },
          { report, catalog, timeZone: options.timeZone },
        ),
      );
    });

    app.get(`${REPORTS_PATH}/:code/${PHOTOS_SEGMENT}/:photoId`, async (request, reply) => {
      const { code = "", photoId = "" } = request.params as Params;
      const photo = await source.photo(code, photoId);
      if (photo && request.headers["if-none-match"] === `"${photo.sha256}"`) {
        return reply
          .code(304)
          .header("cache-control", PHOTO_CACHING)
          .header("etag", `"${photo.sha256}"`)
          .send();
      }
      // Stored images are cleaned when kept; files kept before that are cleaned here.
      const cleaned = photo ? await stripImageMetadata(photo.bytes, photo.mime) : undefined;
      if (!photo || !cleaned) {
        const context = contextOf(request, 3);
        return send(reply, 404, messagePage(context, "publicNotFoundTitle", "publicNotFoundText"));
      }
      return reply
        .type(photo.mime)
        .header("cache-control", PHOTO_CACHING)
        .header("etag", `"${photo.sha256}"`)
        .header("content-disposition", "inline")
        .send(cleaned);
    });

    app.get(ACCOUNTABILITY_PATH, async (request, reply) => {
      const context = { ...contextOf(request, 0), section: "accountability" as const };
      const parsed = statisticsQuery.safeParse(request.query);
      const input = parsed.data?.periode?.input ?? DEFAULT_ACCOUNTABILITY_PERIOD;
      const period = parsed.data?.periode?.period ?? readPeriod(DEFAULT_ACCOUNTABILITY_PERIOD);
      if (!period) throw new Error(`${DEFAULT_ACCOUNTABILITY_PERIOD} is always a period`);
      const accountability = parsed.success
        ? await source.accountability({ from: period.from, to: period.to })
        : undefined;
      return send(
        reply,
        parsed.success ? 200 : 400,
        accountabilityPage(context, {
          ...(accountability ? { accountability } : {}),
          period: { input, label: period.label },
          catalog,
          ...(parsed.success
            ? {}
            : { problem: firstProblem(parsed.error, request.query, context.language) }),
        }),
      );
    });
  };
}
