import type { FastifyReply } from "fastify";
import { toXml, type Open311Value } from "./xml.js";

/** The spec's two formats, chosen by the resource's extension; XML, the required one, without. */
export type Open311Format = "json" | "xml";

/** `services.json` → `services`, json; `ADU-7K3F9Q` → as is, xml. */
export function splitFormat(resource: string): { name: string; format: Open311Format } {
  const match = /^(.*)\.(json|xml)$/.exec(resource);
  return match?.[1] !== undefined
    ? { name: match[1], format: match[2] as Open311Format }
    : { name: resource, format: "xml" };
}

/** The format a request path asks for, for answers sent before any route ran (404s, errors). */
export function formatOfPath(url: string): Open311Format {
  const path = url.split("?")[0] ?? "";
  return splitFormat(path.slice(path.lastIndexOf("/") + 1)).format;
}

/** Sends one document, `root` naming it in XML (its JSON is the value itself). */
export function sendDocument(
  reply: FastifyReply,
  format: Open311Format,
  root: string,
  value: Open311Value,
  status = 200,
): FastifyReply {
  // Names and notes follow Accept-Language, so caches must keep one copy per language.
  reply.code(status).header("x-content-type-options", "nosniff").header("vary", "Accept-Language");
  return format === "json"
    ? reply.type("application/json; charset=utf-8").send(JSON.stringify(value))
    : reply.type("text/xml; charset=utf-8").send(toXml(root, value));
}

/** An Open311 failure: the HTTP status and the errors its body lists. */
export class Open311Error extends Error {
  override name = "Open311Error";

  constructor(
    /** 400 for a request that cannot be fulfilled, 403 for the API key, 404 for what is not there. */
    readonly status: 400 | 403 | 404 | 500,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions.join("; "));
  }
}

/** The spec's error format: a list of `{code, description}`, code matching the HTTP status. */
export function sendErrors(
  reply: FastifyReply,
  format: Open311Format,
  error: Open311Error,
): FastifyReply {
  return sendDocument(
    reply,
    format,
    "errors",
    error.descriptions.map((description) => ({ code: error.status, description })),
    error.status,
  );
}
