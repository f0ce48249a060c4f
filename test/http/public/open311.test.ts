import type { FastifyInstance } from "fastify";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApiKey } from "../../../src/http/public/open311/api-keys.js";
import { ITEM_NAMES, type Open311Value } from "../../../src/http/public/open311/xml.js";
import { CODES, NOW, STORED_REPORTS } from "../../support/public-fixtures.js";
import {
  API_KEY,
  JURISDICTION,
  PUBLIC_BASE_URL,
  publicApp,
  RecordingIntake,
} from "../../support/public-app.js";
import { MemoryPublicReportSource } from "../../support/public-reports.js";

/**
 * GeoReport v2 as http://wiki.open311.org/GeoReport_v2 writes it: each endpoint is called the
 * way the spec's example requests call it, and answers in the shape of the spec's example
 * responses, in XML and in JSON, which must say the same thing.
 */

let app: FastifyInstance;
const intake = new RecordingIntake();

beforeAll(async () => {
  app = await publicApp({ intake });
});

afterAll(async () => {
  await app.close();
});

interface XmlNode {
  readonly name: string;
  readonly children: [string, unknown][];
  text: string;
}

/**
 * Reads an XML document strictly (saxes throws on anything not well-formed) into plain
 * values: an element with children becomes an object, list items (ITEM_NAMES) arrays, and a
 * leaf its text ("" when empty).
 */
function readXml(xml: string): Record<string, unknown> {
  const items = new Set(Object.values(ITEM_NAMES));
  const stack: XmlNode[] = [{ name: "#document", children: [], text: "" }];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => stack.push({ name: tag.name, children: [], text: "" }));
  parser.on("text", (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on("closetag", () => {
    const node = stack.pop();
    const parent = stack.at(-1);
    if (!node || !parent) throw new Error("unbalanced XML");
    let value: unknown = node.text.trim() === "" ? "" : node.text;
    if (node.children.length > 0) {
      const object: Record<string, unknown> = {};
      for (const [name, child] of node.children) {
        if (items.has(name))
          object[name] = [...((object[name] as unknown[] | undefined) ?? []), child];
        else object[name] = child;
      }
      value = object;
    }
    parent.children.push([node.name, value]);
  });
  parser.write(xml).close();
  return Object.fromEntries(stack[0]?.children ?? []);
}

const isList = (value: Open311Value): value is readonly Open311Value[] => Array.isArray(value);

/** The JSON value as the XML of the Spark convention reads back: items under their names. */
function asXmlTree(value: Open311Value, name: string): unknown {
  if (value === null || value === undefined) return "";
  if (isList(value)) {
    const item = ITEM_NAMES[name] ?? "?";
    return value.length === 0 ? "" : { [item]: value.map((child) => asXmlTree(child, item)) };
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, asXmlTree(child, key)]),
    );
  }
  return String(value);
}

interface Answer {
  status: number;
  json: unknown;
  xml: string;
}

/** The same request in both formats; both must carry the same document under `root`. */
async function both(
  method: "GET" | "POST",
  path: string,
  root: string,
  query = "",
  form?: string,
): Promise<Answer> {
  const send = (suffix: string) =>
    app.inject({
      method,
      url: `${path}${suffix}${query ? `?${query}` : ""}`,
      ...(form === undefined
        ? {}
        : {
            payload: form,
            headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          }),
    });
  const json = await send(".json");
  const xml = await send(".xml");
  expect(json.statusCode).toBe(xml.statusCode);
  expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(xml.headers["content-type"]).toBe("text/xml; charset=utf-8");
  expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const parsedJson: unknown = JSON.parse(json.body);
  // What differs between the two calls by design: a new token, the path in a 404's text.
  const mask = (text: string) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "TOKEN").replace(/\.(json|xml)\b/g, ".FORMAT");
  expect(readXml(mask(xml.body))).toEqual({
    [root]: asXmlTree(JSON.parse(mask(json.body)) as Open311Value, root),
  });
  return { status: json.statusCode, json: parsedJson, xml: xml.body };
}

const keysOf = (value: unknown) => Object.keys(value as Record<string, unknown>);

/** The spec's example form for POST requests, with our service code and attributes. */
function exampleForm(overrides: Record<string, string | undefined> = {}): string {
  const fields: Record<string, string | undefined> = {
    api_key: API_KEY.key,
    jurisdiction_id: JURISDICTION,
    service_code: "jalan-jembatan",
    lat: "-6.2088",
    long: "106.8456",
    address_string: "Jl. Kampung Melayu Kecil",
    email: "smit333@example.go.id",
    device_id: "tt222111",
    account_id: "123456",
    first_name: "john",
    last_name: "smith",
    phone: "111111111",
    description: "A large sinkhole is destroying the street",
    media_url: "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
    "attribute[rahasia]": "false",
    "attribute[anonim]": "true",
    ...overrides,
  };
  return new URLSearchParams(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
}

const errorsOf = (answer: Answer) => answer.json as { code: number; description: string }[];

describe("GET services", () => {
  it("lists the catalog's categories with the spec's fields, in its order", async () => {
    const answer = await both(
      "GET",
      "/open311/v2/services",
      "services",
      `jurisdiction_id=${JURISDICTION}`,
    );
    expect(answer.status).toBe(200);
    const services = answer.json as Record<string, unknown>[];
    expect(services).toHaveLength(12);
    for (const service of services) {
      expect(keysOf(service)).toEqual([
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
      ]);
    }
    expect(services[0]).toEqual({
      service_code: "jalan-jembatan",
      service_name: "Jalan dan jembatan",
      description:
        "Laporan tentang Jalan dan jembatan; ditangani oleh Dinas Pekerjaan Umum dan Penataan Ruang.",
      metadata: true,
      type: "batch",
      keywords: "Roads and bridges, jalan-jembatan",
      group: "Dinas Pekerjaan Umum dan Penataan Ruang",
    });
    expect(answer.xml).toContain(
      "<service>\n    <service_code>jalan-jembatan</service_code>\n    <service_name>Jalan dan jembatan</service_name>",
    );
  });

  it("answers in English when asked", async () => {
    const response = await app.inject({
      url: "/open311/v2/services.json",
      headers: { "accept-language": "en" },
    });
    expect((JSON.parse(response.body) as { service_name: string }[])[0]?.service_name).toBe(
      "Roads and bridges",
    );
    expect(response.headers.vary).toBe("Accept-Language");
  });

  it("serves XML, the spec's required format, without an extension", async () => {
    const response = await app.inject({ url: "/open311/v2/services" });
    expect(response.headers["content-type"]).toBe("text/xml; charset=utf-8");
    expect(response.body).toContain("<services>");
  });

  it("answers 404 for another jurisdiction, in the spec's error format", async () => {
    const answer = await both("GET", "/open311/v2/services", "errors", "jurisdiction_id=sfgov.org");
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual([
      {
        code: 404,
        description: `jurisdiction_id 'sfgov.org' was not found; this endpoint serves ${JURISDICTION}`,
      },
    ]);
    expect(answer.xml).toContain("<errors>\n  <error>\n    <code>404</code>");
  });
});

describe("GET services/<code>", () => {
  it("defines the attributes a filer sends, the privacy switches required", async () => {
    const answer = await both("GET", "/open311/v2/services/jalan-jembatan", "service_definition");
    expect(answer.status).toBe(200);
    const definition = answer.json as {
      service_code: string;
      attributes: Record<string, unknown>[];
    };
    expect(keysOf(definition)).toEqual(["service_code", "attributes"]);
    expect(definition.service_code).toBe("jalan-jembatan");
    expect(definition.attributes.map((attribute) => attribute.code)).toEqual([
      "rahasia",
      "anonim",
      "judul",
      "jenis",
      "tanggal_kejadian",
    ]);
    expect(definition.attributes[0]).toEqual({
      variable: true,
      code: "rahasia",
      datatype: "singlevaluelist",
      required: true,
      datatype_description: null,
      order: 1,
      description: "Rahasia: laporan tidak pernah ditampilkan untuk publik.",
      values: [
        { key: "true", name: "Ya" },
        { key: "false", name: "Tidak" },
      ],
    });
    expect(keysOf(definition.attributes[4])).toEqual([
      "variable",
      "code",
      "datatype",
      "required",
      "datatype_description",
      "order",
      "description",
    ]);
  });

  it("answers 404 for a service the catalog does not have", async () => {
    const answer = await both("GET", "/open311/v2/services/033", "errors");
    expect(answer.status).toBe(404);
    expect(errorsOf(answer)[0]?.description).toBe(
      "service_code '033' was not found; GET services lists them",
    );
  });
});

const REQUEST_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
];

const idsOf = (answer: Answer) =>
  (answer.json as { service_request_id: string }[]).map((request) => request.service_request_id);

describe("GET requests", () => {
  it("includes a request requested within the second end_date or start_date names", async () => {
    // Stored with milliseconds, shown to the whole second (02:00:00Z).
    const reports = STORED_REPORTS.map((report) =>
      report.code === CODES.road
        ? { ...report, submittedAt: new Date("2026-11-16T02:00:00.534Z") }
        : report,
    );
    const site = await publicApp({ source: new MemoryPublicReportSource(reports, NOW) });
    for (const span of [
      "start_date=2026-11-15T00:00:00Z&end_date=2026-11-16T02:00:00Z",
      "start_date=2026-11-16T02:00:00Z&end_date=2026-11-17T00:00:00Z",
    ]) {
      const answer = await site.inject({ url: `/open311/v2/requests.json?${span}` });
      expect(JSON.parse(answer.body)).toEqual([
        expect.objectContaining({
          service_request_id: CODES.road,
          requested_datetime: "2026-11-16T02:00:00Z",
        }),
      ]);
    }
    await site.close();
  });

  it("answers the spec's sample query with public requests in the spec's shape", async () => {
    const answer = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      `start_date=2026-11-01T00:00:00Z&end_date=2026-11-20T00:00:00Z&status=open&jurisdiction_id=${JURISDICTION}`,
    );
    expect(answer.status).toBe(200);
    expect(idsOf(answer)).toEqual([CODES.flood, CODES.road, CODES.injection]);
    for (const request of answer.json as Record<string, unknown>[]) {
      expect(keysOf(request)).toEqual(REQUEST_FIELDS);
    }
    const road = (answer.json as Record<string, unknown>[])[1];
    expect(road).toEqual({
      service_request_id: CODES.road,
      status: "open",
      status_notes: "Sudah ditindaklanjuti — Terima kasih Bu […], tim survei datang Senin pagi.",
      service_name: "Jalan dan jembatan",
      service_code: "jalan-jembatan",
      description:
        "Jembatan kayu di Kampung Melayu rusak\n\nPapan jembatan banyak yang patah sejak hujan " +
        "deras minggu lalu.\nSaya […], bisa dihubungi di […].",
      agency_responsible: "Dinas Pekerjaan Umum dan Penataan Ruang",
      service_notice: null,
      requested_datetime: "2026-11-16T02:00:00Z",
      updated_datetime: "2026-11-17T03:00:00Z",
      expected_datetime: null,
      address: "Jl. Kampung Melayu Kecil, dekat rumah Bu […]",
      address_id: null,
      zipcode: null,
      lat: -6.20868,
      long: 106.84525,
      media_url: `${PUBLIC_BASE_URL}/laporan/${CODES.road}/foto/1`,
    });
  });

  it("maps our statuses to open and closed, and filters on them", async () => {
    const closed = await both("GET", "/open311/v2/requests", "service_requests", "status=closed");
    expect(idsOf(closed)).toEqual([CODES.waste]);
    expect((closed.json as { status_notes: string }[])[0]?.status_notes).toBe(
      "Selesai — Sampah sudah diangkut pagi ini.",
    );
    const both_ = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      "status=open,closed",
    );
    expect(idsOf(both_)).toEqual([CODES.flood, CODES.road, CODES.waste, CODES.injection]);
    const repeated = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      "status=open&status=closed",
    );
    expect(idsOf(repeated)).toEqual(idsOf(both_));
  });

  it("covers the last 90 days by default, and 90 days from a start_date given alone", async () => {
    const recent = await both("GET", "/open311/v2/requests", "service_requests");
    expect(idsOf(recent)).not.toContain(CODES.old);
    const may = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      "start_date=2026-05-01T00:00:00%2B07:00",
    );
    expect(idsOf(may)).toEqual([CODES.old]);
  });

  it("filters on service codes, comma delimited", async () => {
    const answer = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      "service_code=jalan-jembatan,drainase-banjir",
    );
    expect(idsOf(answer)).toEqual([CODES.flood, CODES.road]);
  });

  it("lets service_request_id override everything else, and never lists rahasia or unverified reports", async () => {
    const answer = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      `service_request_id=${CODES.old},${CODES.secret},${CODES.unverified},adu-samph4&status=open`,
    );
    expect(idsOf(answer)).toEqual([CODES.waste, CODES.old]);
  });

  it("pages through results with page and page_size (the pagination extension)", async () => {
    const second = await both(
      "GET",
      "/open311/v2/requests",
      "service_requests",
      "page_size=2&page=2",
    );
    expect(idsOf(second)).toEqual([CODES.waste, CODES.injection]);
  });

  it("refuses a span over 90 days, reversed dates, dates without a zone and other bad arguments", async () => {
    const cases: [string, string][] = [
      [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z",
        "start_date and end_date may span at most 90 days",
      ],
      [
        "start_date=2026-11-10T00:00:00Z&end_date=2026-11-01T00:00:00Z",
        "start_date must not be after end_date",
      ],
      [
        "start_date=2026-11-01",
        "start_date must be a W3C date-time with its time zone, such as 2010-01-01T00:00:00Z",
      ],
      ["status=pending", "status must be open, closed or both"],
      ["service_code=001", "service_code '001' is not a service; GET services lists them"],
      ["page_size=1001", "page_size must be a whole number from 1 to 1000"],
      [
        "service_request_id=12345",
        "service_request_id '12345' is not a report number such as ADU-7K3F9Q",
      ],
    ];
    for (const [query, description] of cases) {
      const answer = await both("GET", "/open311/v2/requests", "errors", query);
      expect(answer.status, query).toBe(400);
      expect(answer.json, query).toEqual([{ code: 400, description }]);
    }
    const two = await both("GET", "/open311/v2/requests", "errors", "status=x&page=0");
    expect(errorsOf(two).map((error) => error.description)).toEqual([
      "status must be open, closed or both",
      "page must be a whole number from 1 to 1000000",
    ]);
  });
});

describe("GET requests/<id>", () => {
  it("answers one public request as a one-element list", async () => {
    const answer = await both("GET", `/open311/v2/requests/${CODES.waste}`, "service_requests");
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject([
      { service_request_id: CODES.waste, status: "closed", service_code: "sampah-lingkungan" },
    ]);
  });

  it("answers 404 alike for a rahasia report, an unverified one and one that does not exist", async () => {
    for (const id of [CODES.secret, CODES.unverified, "ADU-2222ZZ", "638344"]) {
      const answer = await both("GET", `/open311/v2/requests/${id}`, "errors");
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual([
        { code: 404, description: "no public service request has this service_request_id" },
      ]);
    }
  });
});

describe("POST requests", () => {
  it("takes the spec's example request and hands it to the intake queue, answering a token", async () => {
    const before = intake.submitted.length;
    const answer = await both(
      "POST",
      "/open311/v2/requests",
      "service_requests",
      "",
      exampleForm(),
    );
    expect(answer.status).toBe(200);
    const tokens = (answer.json as { token: string }[]).map((request) => request.token);
    expect(answer.json).toEqual([{ token: expect.stringMatching(/^[0-9a-f-]{36}$/) as string }]);
    // One submission per POST: the JSON and the XML call each filed one.
    expect(intake.submitted.slice(before).map((submission) => submission.token)).toEqual([
      tokens[0],
      expect.any(String),
    ]);
    expect(intake.submitted[before]).toEqual({
      token: tokens[0],
      source: "kiosk",
      submittedAt: NOW.toISOString(),
      language: "id",
      report: {
        kind: "pengaduan",
        title: "A large sinkhole is destroying the street",
        description: "A large sinkhole is destroying the street",
        categoryId: "jalan-jembatan",
        // The words for the place are kept with the position (the spec sends both).
        location: { latitude: -6.2088, longitude: 106.8456, address: "Jl. Kampung Melayu Kecil" },
        anonymous: true,
        confidential: false,
      },
      reporter: {
        accountId: "123456",
        deviceId: "tt222111",
        email: "smit333@example.go.id",
        firstName: "john",
        lastName: "smith",
        phone: "111111111",
      },
      mediaUrl: "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
    });
  });

  it("reads the optional attributes: title, type and date of the event", async () => {
    const before = intake.submitted.length;
    const response = await app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      // 0, 0 is a device without a fix: the address alone is kept.
      payload: exampleForm({
        lat: "0",
        long: "0",
        "attribute[rahasia]": "true",
        "attribute[judul]": "Lubang besar",
        "attribute[jenis]": "aspirasi",
        "attribute[tanggal_kejadian]": "2026-11-18",
      }),
    });
    expect(response.statusCode).toBe(200);
    expect(intake.submitted[before]?.report).toMatchObject({
      kind: "aspirasi",
      title: "Lubang besar",
      location: { address: "Jl. Kampung Melayu Kecil" },
      eventDate: "2026-11-18",
      confidential: true,
    });
  });

  it("refuses a missing or wrong api_key with 403, before reading anything else", async () => {
    const before = intake.submitted.length;
    const wrong = await both(
      "POST",
      "/open311/v2/requests",
      "errors",
      "",
      exampleForm({ api_key: "xyz", service_code: undefined }),
    );
    expect(wrong.status).toBe(403);
    expect(wrong.json).toEqual([
      { code: 403, description: "Invalid api_key received -- can't proceed with create_request." },
    ]);
    const missing = await both(
      "POST",
      "/open311/v2/requests",
      "errors",
      "",
      exampleForm({ api_key: undefined }),
    );
    expect(missing.status).toBe(403);
    expect(intake.submitted.length).toBe(before);
  });

  it("lists every problem of a form at once, with 400", async () => {
    const answer = await both(
      "POST",
      "/open311/v2/requests",
      "errors",
      "",
      exampleForm({
        lat: "-6.2",
        long: undefined,
        description: undefined,
        email: "not-an-email",
        "attribute[rahasia]": undefined,
        "attribute[anonim]": "maybe",
        "attribute[tanggal_kejadian]": "2026-12-01",
      }),
    );
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(
      [
        "email is not an email address",
        "description is required: say what happened, where and since when",
        "attribute[rahasia] is required: true or false",
        "attribute[anonim] is required: true or false",
        "attribute[tanggal_kejadian] is in the future",
        "lat and long must be sent together",
      ].map((description) => ({ code: 400, description })),
    );
  });

  it("refuses what the service does not define, repeated fields and a missing location", async () => {
    const cases: [string, string][] = [
      [
        exampleForm({ "attribute[WHISPAWN]": "123456" }),
        "attribute[WHISPAWN] is not an attribute of this service; GET services/<code> lists them",
      ],
      [`${exampleForm()}&description=again`, "description is given more than once"],
      [
        exampleForm({
          lat: undefined,
          long: undefined,
          address_string: undefined,
          address_id: "545483",
        }),
        "address_id is not supported here: send lat and long, or address_string",
      ],
      [
        exampleForm({ service_code: undefined }),
        "service_code is required; GET services lists them",
      ],
      [exampleForm({ lat: "91" }), "lat must be between -90 and 90"],
      [
        exampleForm({ lat: "0", long: "0.0", address_string: undefined }),
        "lat 0 and long 0 is no place (a device without a position fix): send the real position, or an address_string",
      ],
      [exampleForm({ media_url: "javascript:alert(1)" }), "media_url must be an http(s) URL"],
    ];
    for (const [form, description] of cases) {
      const answer = await both("POST", "/open311/v2/requests", "errors", "", form);
      expect(answer.status, description).toBe(400);
      expect(errorsOf(answer), description).toContainEqual({ code: 400, description });
    }
  });

  it("answers 404 for a service_code or jurisdiction_id that is not there", async () => {
    const service = await both(
      "POST",
      "/open311/v2/requests",
      "errors",
      "",
      exampleForm({ service_code: "001" }),
    );
    expect(service.status).toBe(404);
    expect(service.json).toEqual([
      { code: 404, description: "service_code '001' was not found; GET services lists them" },
    ]);
    const jurisdiction = await both(
      "POST",
      "/open311/v2/requests",
      "errors",
      "",
      exampleForm({ jurisdiction_id: "city.gov" }),
    );
    expect(jurisdiction.status).toBe(404);
  });

  it("asks for a form, not JSON", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ api_key: API_KEY.key }),
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual([
      {
        code: 400,
        description: "send the request as application/x-www-form-urlencoded, as the spec says",
      },
    ]);
  });
});

describe("GET tokens/<token>", () => {
  const tokenOf = (code: string) =>
    STORED_REPORTS.find((report) => report.code === code)?.token ?? "";

  it("gives the request id of a stored public report", async () => {
    const token = tokenOf(CODES.road);
    const answer = await both("GET", `/open311/v2/tokens/${token}`, "service_requests");
    expect(answer.json).toEqual([{ service_request_id: CODES.road, token }]);
  });

  it("gives a rahasia or unverified report's number only with an API key", async () => {
    for (const code of [CODES.secret, CODES.unverified]) {
      const token = tokenOf(code);
      const anonymous = await both("GET", `/open311/v2/tokens/${token}`, "errors");
      expect(anonymous.status).toBe(404);
      expect(anonymous.xml).not.toContain(code);
      const filer = await both(
        "GET",
        `/open311/v2/tokens/${token}`,
        "service_requests",
        `api_key=${API_KEY.key}`,
      );
      expect(filer.json).toEqual([{ service_request_id: code, token }]);
    }
  });

  it("answers 404 while a token's report waits in the queue, or for a token never given", async () => {
    for (const token of ["0199a000-0000-7000-8000-0000000000ff", "12345"]) {
      const answer = await both("GET", `/open311/v2/tokens/${token}`, "errors");
      expect(answer.status).toBe(404);
    }
  });
});

describe("discovery and unknown resources", () => {
  it("publishes the discovery document pointing at the v2 endpoint", async () => {
    const answer = await both("GET", "/open311/discovery", "discovery");
    expect(answer.json).toEqual({
      changeset: "1",
      contact: "Meja pengaduan: aduan@example.go.id",
      key_service: "Meja pengaduan: aduan@example.go.id",
      endpoints: [
        {
          specification: "http://wiki.open311.org/GeoReport_v2",
          url: `${PUBLIC_BASE_URL}/open311/v2`,
          changeset: "1",
          type: "production",
          formats: ["text/xml", "application/json"],
        },
      ],
    });
  });

  it("answers 404 in the spec's format for a resource it does not have", async () => {
    const answer = await both("GET", "/open311/v2/areas", "errors");
    expect(answer.status).toBe(404);
    expect(errorsOf(answer)[0]?.description).toMatch(
      /^GET \/open311\/v2\/areas\.(json|xml) is not a resource/,
    );
  });
});

describe("API keys", () => {
  it("match exactly one configured key, never a prefix or a near miss", () => {
    const keys = [
      { name: "a", key: "aaaaaaaaaaaaaaaaaaaaaaaa" },
      { name: "b", key: "bbbbbbbbbbbbbbbbbbbbbbbb" },
    ];
    expect(findApiKey(keys, "bbbbbbbbbbbbbbbbbbbbbbbb")?.name).toBe("b");
    expect(findApiKey(keys, "bbbbbbbbbbbbbbbbbbbbbbb")).toBeUndefined();
    expect(findApiKey(keys, "bbbbbbbbbbbbbbbbbbbbbbbbb")).toBeUndefined();
    expect(findApiKey(keys, "")).toBeUndefined();
    expect(findApiKey([], "bbbbbbbbbbbbbbbbbbbbbbbb")).toBeUndefined();
  });
});
