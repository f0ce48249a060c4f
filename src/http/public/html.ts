/**
 * HTML built only from trusted templates: every interpolated value is escaped unless it is
 * itself the result of `html`, so a title such as `<script>` can only ever show as text.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may appear inside `${}` of an `html` template. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  // false and nullish render nothing, so `${condition && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** The tagged template every page is written with. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return new SafeHtml(out);
}

/**
 * Text as people typed it, line breaks kept as `<br>`: no CSS white-space rule needed, and
 * the layout's own indentation never shows.
 */
export function lines(text: string): SafeHtml {
  return html`${text.split(/\r?\n/).map((line, index) => (index === 0 ? line : html`<br />${line}`))}`;
}
