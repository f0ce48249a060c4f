import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Catalog } from "../../../config/catalog.js";
import type { Language } from "../../../core/messages.js";
import { normalizeTrackingCode } from "../../../core/reports/tracking-code.js";
import { systemClock, type Clock } from "../../../core/time/clock.js";
import type { WorkingCalendar } from "../../../core/time/working-days.js";
import { chooseLanguage } from "../language.js";
import { photoUrl } from "../links.js";
import { languageQuery } from "../page-queries.js";
import { publishReport, publishReports } from "../publish.js";
import type { PublicReportSource } from "../report-source.js";
import { findApiKey, type ApiKey } from "./api-keys.js";
import type { ServiceRequestIntake } from "./intake.js";
import { parseServiceRequest } from "./post-request.js";
import {
  MAX_RESULTS,
  requestedSpan,
  requestListQuery,
  type RequestListQuery,
} from "./request-query.js";
import { OPEN311_STATUS, serviceRequest } from "./requests.js";
import {
  formatOfPath,
  Open311Error,
  sendDocument,
  sendErrors,
  splitFormat,
  type Open311Format,
} from "./respond.js";
import { serviceDefinition, serviceList } from "./services.js";

export const OPEN311_PATH = "/open311";
export const GEOREPORT_PATH = `${OPEN311_PATH}/v2`;
const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

export interface Open311Options {
  readonly source: PublicReportSource;
  /** Where POST requests go; without it (or without keys) filing is refused with 403. */
  readonly intake?: ServiceRequestIntake;
  /** OPEN311_API_KEYS: the systems allowed to file reports. */
  readonly apiKeys: readonly ApiKey[];
  readonly catalog: Catalog;
  readonly calendar: WorkingCalendar;
  readonly trackingCodePrefix: string;
  readonly defaultLanguage: Language;
  /** OPEN311_JURISDICTION_ID: when set, another jurisdiction_id is answered with 404. */
  readonly jurisdictionId?: string;
  /** PUBLIC_BASE_URL: absolute links (discovery, media_url); else from the request's host. */
  readonly publicBaseUrl?: string;
  /** Who to ask about the API and its keys (the discovery document's contact and key_service). */
  readonly contact: string;
  readonly clock?: Clock;
}

const tokenSchema = z.uuid({ error: "the token is not one POST requests gave out" });

type Params = Readonly<Record<string, string | undefined>>;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the public reports as service
 * requests, the catalog's categories as services, and POST requests with an API key so other
 * intake systems file into the same desk. XML by default or with `.xml`, JSON with `.json`.
 */
export function open311Api(options: Open311Options): FastifyPluginAsync {
  const { source, catalog } = options;
  const clock = options.clock ?? systemClock;
  const listQuery = requestListQuery(catalog, options.trackingCodePrefix);

  const languageOf = (request: FastifyRequest) =>
    chooseLanguage(
      languageQuery.parse(request.query ?? {}).lang,
      request.headers["accept-language"],
      options.defaultLanguage,
    ).language;

  const baseUrl = (request: FastifyRequest) =>
    options.publicBaseUrl ?? `${request.protocol}://${request.host}`;

  const checkJurisdiction = (given: unknown) => {
    if (typeof given === "string" && given !== "" && options.jurisdictionId !== undefined) {
      if (given !== options.jurisdictionId) {
        throw new Open311Error(404, [
          `jurisdiction_id '${given}' was not found; this endpoint serves ${options.jurisdictionId}`,
        ]);
      }
    }
  };

  /** Registers `path`, `path.json` and `path.xml` for one handler. */
  const withFormats = (
    app: FastifyInstance,
    method: "GET" | "POST",
    path: string,
    handler: (
      request: FastifyRequest,
      reply: FastifyReply,
      format: Open311Format,
    ) => Promise<unknown>,
  ) => {
    for (const format of ["xml", "json"] as const) {
      for (const suffix of format === "xml" ? ["", ".xml"] : [".json"]) {
        app.route({
          method,
          url: `${path}${suffix}`,
          handler: (request, reply) => handler(request, reply, format),
        });
      }
    }
  };

  const requestContext = (request: FastifyRequest) => ({
    catalog,
    language: languageOf(request),
    photoUrl: (code: string, photoId: string) => photoUrl(baseUrl(request), code, photoId),
  });

  const listRequests = async (query: RequestListQuery) => {
    if (query.service_request_id) {
      // "This overrides all other arguments."
      return source.list({ codes: query.service_request_id }, { offset: 0, limit: MAX_RESULTS });
    }
    const pageSize = query.page_size ?? MAX_RESULTS;
    const span = requestedSpan(query, clock());
    return source.list(
      {
        submitted: span,
        ...(query.service_code ? { categoryIds: query.service_code } : {}),
        ...(query.status
          ? {
              statuses: Object.entries(OPEN311_STATUS)
                .filter(([, status]) => query.status?.includes(status))
                .map(([ours]) => ours as keyof typeof OPEN311_STATUS),
            }
          : {}),
      },
      { offset: ((query.page ?? 1) - 1) * pageSize, limit: pageSize },
    );
  };

  return async (app) => {
    // The spec posts forms, and only forms (in this scope alone: other plugins keep JSON).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => {
        done(null, new URLSearchParams(String(body)));
      },
    );

    app.setErrorHandler(async (error, request, reply) => {
      const format = formatOfPath(request.url);
      if (error instanceof Open311Error) return sendErrors(reply, format, error);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error, url: request.url }, "Open311 request failed");
        return sendErrors(
          reply,
          format,
          new Open311Error(500, ["the service failed to answer; please try again later"]),
        );
      }
      // Fastify's own refusals (an unsupported body type, a body too large) are 400s here.
      const description =
        status === 415
          ? "send the request as application/x-www-form-urlencoded, as the spec says"
          : error instanceof Error
            ? error.message
            : "the request cannot be read";
      return sendErrors(reply, format, new Open311Error(status === 404 ? 404 : 400, [description]));
    });

    // Under the endpoint's own path only: the rest of the site answers its readers its way.
    await app.register(
      async (endpoint) => {
        endpoint.setNotFoundHandler(async (request, reply) =>
          sendErrors(
            reply,
            formatOfPath(request.url),
            new Open311Error(404, [
              `${request.method} ${request.url.split("?")[0] ?? ""} is not a resource of this Open311 endpoint`,
            ]),
          ),
        );
      },
      { prefix: OPEN311_PATH },
    );

    withFormats(app, "GET", `${OPEN311_PATH}/discovery`, async (request, reply, format) =>
      sendDocument(reply, format, "discovery", {
        changeset: String(catalog.data.version),
        contact: options.contact,
        key_service: options.contact,
        endpoints: [
          {
            specification: SPECIFICATION,
            url: `${baseUrl(request).replace(/\/+$/, "")}${GEOREPORT_PATH}`,
            changeset: String(catalog.data.version),
            type: "production",
            formats: ["text/xml", "application/json"],
          },
        ],
      }),
    );

    withFormats(app, "GET", `${GEOREPORT_PATH}/services`, async (request, reply, format) => {
      checkJurisdiction((request.query as Params).jurisdiction_id);
      return sendDocument(reply, format, "services", serviceList(catalog, languageOf(request)));
    });

    app.get(`${GEOREPORT_PATH}/services/:resource`, async (request, reply) => {
      const { name, format } = splitFormat((request.params as Params).resource ?? "");
      checkJurisdiction((request.query as Params).jurisdiction_id);
      const definition = serviceDefinition(catalog, name, languageOf(request));
      if (!definition) {
        throw new Open311Error(404, [
          `service_code '${name}' was not found; GET services lists them`,
        ]);
      }
      return sendDocument(reply, format, "service_definition", definition);
    });

    withFormats(app, "GET", `${GEOREPORT_PATH}/requests`, async (request, reply, format) => {
      const parsed = listQuery.safeParse(request.query);
      if (!parsed.success) {
        throw new Open311Error(
          400,
          parsed.error.issues.map((issue) => issue.message),
        );
      }
      checkJurisdiction(parsed.data.jurisdiction_id);
      const page = await listRequests(parsed.data);
      const context = requestContext(request);
      return sendDocument(
        reply,
        format,
        "service_requests",
        publishReports(page.reports).map((report) => serviceRequest(report, context)),
      );
    });

    app.get(`${GEOREPORT_PATH}/requests/:resource`, async (request, reply) => {
      const { name, format } = splitFormat((request.params as Params).resource ?? "");
      checkJurisdiction((request.query as Params).jurisdiction_id);
      const code = normalizeTrackingCode(name, options.trackingCodePrefix);
      const found = code ? await source.byCode(code) : undefined;
      const report = found ? publishReport(found) : undefined;
      // The id is not repeated: a rahasia report's number never appears in any answer.
      if (!report)
        throw new Open311Error(404, ["no public service request has this service_request_id"]);
      return sendDocument(reply, format, "service_requests", [
        serviceRequest(report, requestContext(request)),
      ]);
    });

    app.get(`${GEOREPORT_PATH}/tokens/:resource`, async (request, reply) => {
      const { name, format } = splitFormat((request.params as Params).resource ?? "");
      checkJurisdiction((request.query as Params).jurisdiction_id);
      const token = tokenSchema.safeParse(name);
      if (!token.success) throw new Open311Error(404, [`token '${name}' was not found`]);
      const found = await source.requestForToken(token.data);
      // A rahasia report's number goes only to a holder of an API key, such as its filer.
      const apiKey = (request.query as Params).api_key;
      const mayKnow =
        found?.public === true ||
        (found !== undefined && apiKey !== undefined && findApiKey(options.apiKeys, apiKey));
      if (!found || !mayKnow) {
        throw new Open311Error(404, [
          `token '${name}' has no public service request yet: a new one is stored within moments and published once the desk verifies it; a confidential one is shown only with api_key`,
        ]);
      }
      return sendDocument(reply, format, "service_requests", [
        { service_request_id: found.code, token: token.data },
      ]);
    });

    withFormats(app, "POST", `${GEOREPORT_PATH}/requests`, async (request, reply, format) => {
      const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const given = form.get("api_key");
      const key = given ? findApiKey(options.apiKeys, given) : undefined;
      if (!key || !options.intake) {
        throw new Open311Error(403, [
          given
            ? "Invalid api_key received -- can't proceed with create_request."
            : "api_key is required to create a request; ask the operator for one",
        ]);
      }
      checkJurisdiction(form.get("jurisdiction_id"));
      form.delete("api_key");
      form.delete("jurisdiction_id");
      const now = clock();
      const submission = parseServiceRequest(form, {
        catalog,
        now,
        today: options.calendar.dateOf(now),
        language: languageOf(request),
        source: key.name,
      });
      await options.intake.submit(submission);
      request.log.info(
        { source: key.name, token: submission.token, serviceCode: submission.report.categoryId },
        "Open311 request queued for intake",
      );
      return sendDocument(reply, format, "service_requests", [{ token: submission.token }]);
    });
  };
}
