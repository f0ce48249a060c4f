/**
 * GeoReport v2's XML, written from the same values as its JSON by the spec's "Spark"
 * convention: an object is an element per key, an array is an element whose children are
 * named by ITEM_NAMES, null is an empty element, undefined is left out.
 */
export type Open311Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Open311Value[]
  | { readonly [key: string]: Open311Value };

/** The element name of each array's items, as the spec's XML examples name them. */
export const ITEM_NAMES: Readonly<Record<string, string>> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
};

/* eslint-disable no-control-regex -- XML 1.0 cannot carry these characters at all */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

const isList = (value: Open311Value): value is readonly Open311Value[] => Array.isArray(value);

function element(name: string, value: Open311Value, indent: string): string {
  if (value === undefined) return "";
  if (value === null) return `${indent}<${name}/>\n`;
  if (isList(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no XML item name for the array '${name}'`);
    const children = value.map((child) => element(item, child, `${indent}  `)).join("");
    return `${indent}<${name}>\n${children}${indent}</${name}>\n`;
  }
  if (typeof value === "object") {
    const children = Object.entries(value)
      .map(([key, child]) => element(key, child, `${indent}  `))
      .join("");
    return `${indent}<${name}>\n${children}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/** A whole XML document with its declaration, `root` holding `value`. */
export function toXml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, "")}`;
}
