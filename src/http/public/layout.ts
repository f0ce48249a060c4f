import { label } from "../../core/i18n/index.js";
import { LANGUAGES, type Language } from "../../core/messages.js";
import { html, SafeHtml } from "./html.js";
import { PageLinks, type Query } from "./links.js";
import { STYLESHEET } from "./style.js";

/** What every page knows about the request it answers. */
export interface PageContext {
  readonly language: Language;
  readonly links: PageLinks;
  /** The page's own query, to switch language without losing the filters. */
  readonly query: Query;
  /** The menu entry of this page, marked as the current one. */
  readonly section?: "reports" | "accountability";
}

// A constant of this package, inserted as is: <style> is raw text, where escaping would break
// it. Built outside the html template so formatting cannot add whitespace the CSP hash lacks.
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLESHEET}</style>`);

function languageSwitch(context: PageContext): SafeHtml {
  const others = LANGUAGES.filter((language) => language !== context.language);
  return html`<p class="languages">
    <span class="visually-hidden">${label(context.language, "publicLanguageLabel")}:</span>
    ${others.map(
      (language) =>
        html`<a
          href="${PageLinks.switchLanguage(context.query, language)}"
          hreflang="${language}"
          lang="${language}"
          >${label(language, "languageName")}</a
        >`,
    )}
  </p>`;
}

/** The page around its content: language, title, menu, language switch and footer. */
export function layout(context: PageContext, title: string, content: SafeHtml): SafeHtml {
  const { language, links, section } = context;
  const entry = (key: "reports" | "accountability", href: string, text: string) =>
    html`<li>
      <a href="${href}" ${section === key ? html`aria-current="page"` : ""}>${text}</a>
    </li>`;
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${label(language, "publicSiteName")}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <a class="skip" href="#main">${label(language, "publicSkipToContent")}</a>
        <header>
          <a class="site" href="${links.reports()}">${label(language, "publicSiteName")}</a>
          <nav aria-label="${label(language, "publicNavLabel")}">
            <ul>
              ${entry("reports", links.reports(), label(language, "publicNavReports"))}
              ${entry("accountability", links.accountability(), label(language, "publicNavAccountability"))}
            </ul>
          </nav>
          ${languageSwitch(context)}
        </header>
        <main id="main">${content}</main>
        <footer><p>${label(language, "publicFooter")}</p></footer>
      </body>
    </html> `;
}
