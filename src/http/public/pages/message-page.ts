import { label, type MessageKey } from "../../../core/i18n/index.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageContext } from "../layout.js";

/**
 * A page that only says something: a report that is not public (a code nobody has and a
 * rahasia report get the very same page, so nothing tells them apart), or a failure.
 */
export function messagePage(
  context: PageContext,
  titleKey: MessageKey,
  textKey: MessageKey,
): SafeHtml {
  const { language, links } = context;
  const title = label(language, titleKey);
  return layout(
    context,
    title,
    html`<h1>${title}</h1>
      <p>${label(language, textKey)}</p>
      <p><a href="${links.reports()}">${label(language, "publicBackToList")}</a></p>`,
  );
}
