import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, html, lines } from "../../../src/http/public/html.js";

describe("the html template", () => {
  it("shows injected markup as text, in element content and in attribute values", () => {
    const title = `<script>alert(1)</script>`;
    const attribute = `" onmouseover="alert(1)`;
    const single = `' autofocus onfocus='alert(1)`;
    // The single-quoted attribute is the point, so Prettier must not turn it into double quotes.
    // prettier-ignore
    const page = html`<h1 title="${attribute}" data-x='${single}'>${title}</h1>`.value;
    expect(page).toBe(
      `<h1 title="&quot; onmouseover=&quot;alert(1)" data-x='&#39; autofocus onfocus=&#39;alert(1)'>` +
        `&lt;script&gt;alert(1)&lt;/script&gt;</h1>`,
    );
  });

  it("never escapes twice, so a nested template shows exactly once", () => {
    const inner = html`<b>${"Tom & Jerry"}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe("<p><b>Tom &amp; Jerry</b></p>");
    expect(html`<p>${[inner, " & ", inner]}</p>`.value).toBe(
      "<p><b>Tom &amp; Jerry</b> &amp; <b>Tom &amp; Jerry</b></p>",
    );
  });

  it("renders numbers, and nothing for false, null and undefined", () => {
    expect(html`${3}|${0}|${false}|${null}|${undefined}|${true}`.value).toBe("3|0||||true");
  });

  it("leaves no character that could open a tag, an entity or end a quoted attribute", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        // Every & starts one of the entities the escaper writes.
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
        const decoded = escaped
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, "&");
        expect(decoded).toBe(text);
      }),
    );
  });

  it("keeps a text's line breaks, escaping every line", () => {
    expect(lines("Satu <b>\nDua & tiga\r\n").value).toBe(
      "Satu &lt;b&gt;<br />Dua &amp; tiga<br />",
    );
  });
});
