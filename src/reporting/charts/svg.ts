/**
 * A very small SVG writer: elements as strings, attribute values and text always escaped, so a
 * name from the catalog can never break out of its tag.
 */
export type Attributes = Readonly<Record<string, string | number>>;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export const escapeXml = (value: string): string =>
  value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

/** Numbers are written with two decimals at most, so the document stays small and stable. */
const attributeValue = (value: string | number) =>
  typeof value === "number" ? String(Math.round(value * 100) / 100) : escapeXml(value);

export function element(name: string, attributes: Attributes, ...children: string[]): string {
  const attributeText = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${attributeValue(value)}"`)
    .join("");
  return children.length === 0
    ? `<${name}${attributeText}/>`
    : `<${name}${attributeText}>${children.join("")}</${name}>`;
}

export const text = (content: string, attributes: Attributes): string =>
  element("text", attributes, escapeXml(content));

export function svgDocument(width: number, height: number, ...children: string[]): string {
  return element(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}` },
    ...children,
  );
}
