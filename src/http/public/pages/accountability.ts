import type { Catalog } from "../../../config/catalog.js";
import { label } from "../../../core/i18n/index.js";
import { RESOLUTION_TARGET } from "../../../core/reports/statistics.js";
import { formatNumber, formatPercent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageContext } from "../layout.js";
import type { AgencyFigures } from "../report-source.js";
import { PERIOD_CHOICES } from "./report-list.js";

export interface AccountabilityView {
  readonly figures: readonly AgencyFigures[];
  readonly period: { readonly input: string; readonly label: string };
  readonly catalog: Catalog;
  /** Set when the query could not be read. */
  readonly problem?: string;
}

/** The share /statistik holds against the 90% target: resolved of received. */
export const resolutionRate = (figures: AgencyFigures): number =>
  figures.received === 0 ? 0 : figures.resolved / figures.received;

/**
 * Agencies lowest rate first, so the ones that need attention lead; reports not routed to an
 * agency yet come last, since no agency answers for them.
 */
export function rankAgencies(figures: readonly AgencyFigures[]): AgencyFigures[] {
  return [...figures].sort((a, b) => {
    if ((a.agencyId === null) !== (b.agencyId === null)) return a.agencyId === null ? 1 : -1;
    return resolutionRate(a) - resolutionRate(b) || b.received - a.received;
  });
}

function periodForm(context: PageContext, view: AccountabilityView): SafeHtml {
  const { language } = context;
  const choices = PERIOD_CHOICES.filter((choice) => choice.value !== "").map((choice) => ({
    value: choice.value,
    text: label(language, choice.key),
  }));
  if (!choices.some((choice) => choice.value === view.period.input)) {
    choices.push({ value: view.period.input, text: view.period.label });
  }
  return html`<form class="filters" method="get" action="">
    <div>
      <label for="filter-periode">${label(language, "publicFilterPeriod")}</label>
      <select id="filter-periode" name="periode">
        ${choices.map(
          (choice) =>
            html`<option
              value="${choice.value}"
              ${choice.value === view.period.input ? html`selected` : ""}
            >
              ${choice.text}
            </option>`,
        )}
      </select>
    </div>
    ${context.links.pickedLanguage ? html`<input type="hidden" name="lang" value="${context.links.pickedLanguage}" />` : ""}
    <button type="submit">${label(language, "publicFilterApply")}</button>
  </form>`;
}

function table(context: PageContext, view: AccountabilityView): SafeHtml {
  const { language } = context;
  const columns = {
    received: label(language, "publicColumnReceived"),
    followedUp: label(language, "publicColumnFollowedUp"),
    resolved: label(language, "publicColumnResolved"),
    rate: label(language, "publicColumnRate"),
  };
  // On a phone each row becomes a small card (see the stylesheet): the roles keep it a table
  // for screen readers, and data-label names each figure where the header row is not shown.
  const cell = (column: keyof typeof columns, value: SafeHtml | string) =>
    html`<td role="cell" class="number" data-label="${columns[column]}"><span>${value}</span></td>`;
  return html`<table class="figures" role="table">
    <caption>
      ${label(language, "publicAccountabilityCaption", { period: view.period.label })}
    </caption>
    <thead role="rowgroup">
      <tr role="row">
        <th role="columnheader" scope="col">${label(language, "publicColumnAgency")}</th>
        ${Object.values(columns).map(
          (name) => html`<th role="columnheader" scope="col" class="number">${name}</th>`,
        )}
      </tr>
    </thead>
    <tbody role="rowgroup">
      ${rankAgencies(view.figures).map((figures) => {
        const rate = resolutionRate(figures);
        const meets = rate >= RESOLUTION_TARGET;
        const agency = figures.agencyId
          ? view.catalog.agencyName(figures.agencyId, language)
          : label(language, "publicNotRouted");
        return html`<tr role="row">
          <th role="rowheader" scope="row">${agency}</th>
          ${cell("received", formatNumber(language, figures.received))}
          ${cell("followedUp", formatNumber(language, figures.followedUp))}
          ${cell("resolved", formatNumber(language, figures.resolved))}
          ${cell(
            "rate",
            html`${formatPercent(language, rate)}
              <span class="${meets ? "meets" : "below"}">
                ${label(language, meets ? "publicMeetsTarget" : "publicBelowTarget")}
              </span>`,
          )}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** The /statistik figures per agency against the national 90% target, as a public page. */
export function accountabilityPage(context: PageContext, view: AccountabilityView): SafeHtml {
  const { language } = context;
  const title = label(language, "publicAccountabilityTitle");
  const target = formatPercent(language, RESOLUTION_TARGET, 0);
  const received = view.figures.reduce((sum, figures) => sum + figures.received, 0);
  const resolved = view.figures.reduce((sum, figures) => sum + figures.resolved, 0);
  let body: SafeHtml;
  if (view.problem) {
    body = html`<p class="error" role="alert">
      ${label(language, "publicBadQuery", { problem: view.problem })}
    </p>`;
  } else if (received === 0) {
    body = html`${periodForm(context, view)}
      <p>${label(language, "publicAccountabilityNone", { period: view.period.label })}</p>`;
  } else {
    body = html`${periodForm(context, view)}
      <p>
        ${label(language, "publicAccountabilityOverall", {
          resolved: formatNumber(language, resolved),
          received: formatNumber(language, received),
          rate: formatPercent(language, resolved / received),
        })}
      </p>
      ${table(context, view)}`;
  }
  return layout(
    { ...context, section: "accountability" },
    title,
    html`<h1>${title}</h1>
      <p>${label(language, "publicAccountabilityIntro", { target })}</p>
      ${body}`,
  );
}
