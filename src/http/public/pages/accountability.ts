import type { Catalog } from "../../../config/catalog.js";
import { label } from "../../../core/i18n/index.js";
import {
  FOLLOW_UP_TARGET,
  type Accountability,
  type AccountabilityFigures,
} from "../../../core/reports/accountability.js";
import { formatNumber, formatPercent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageContext } from "../layout.js";
import { PERIOD_CHOICES } from "./report-list.js";

export interface AccountabilityView {
  /** Absent when the query could not be read. */
  readonly accountability?: Accountability;
  readonly period: { readonly input: string; readonly label: string };
  readonly catalog: Catalog;
  /** Set when the query could not be read. */
  readonly problem?: string;
}

/**
 * The rows of the table: agencies as /statistik ranks them (lowest follow-up rate first), then
 * the reports still at the desk, for which no agency answers.
 */
function rows(
  accountability: Accountability,
): { agencyId: string | null; figures: AccountabilityFigures }[] {
  const desk = accountability.byAgency.get(null);
  return [...accountability.ranking, ...(desk ? [{ agencyId: null, figures: desk }] : [])];
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

function rateCell(language: PageContext["language"], figures: AccountabilityFigures): SafeHtml {
  if (figures.followUpRate === null) return html`${label(language, "publicNothingDue")}`;
  const meets = figures.followUpRate >= FOLLOW_UP_TARGET;
  return html`${formatPercent(language, figures.followUpRate)}
    <span class="${meets ? "meets" : "below"}">
      ${label(language, meets ? "publicMeetsTarget" : "publicBelowTarget")}
    </span>`;
}

function table(
  context: PageContext,
  view: AccountabilityView,
  accountability: Accountability,
): SafeHtml {
  const { language } = context;
  const columns = {
    received: label(language, "publicColumnReceived"),
    followedUp: label(language, "publicColumnFollowedUp"),
    overdue: label(language, "publicColumnOverdue"),
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
      ${rows(accountability).map(({ agencyId, figures }) => {
        const agency = agencyId
          ? view.catalog.agencyName(agencyId, language)
          : label(language, "publicNotRouted");
        return html`<tr role="row">
          <th role="rowheader" scope="row">${agency}</th>
          ${cell("received", formatNumber(language, figures.received))}
          ${cell("followedUp", formatNumber(language, figures.followedUp))}
          ${cell("overdue", formatNumber(language, figures.overdue))}
          ${cell("resolved", formatNumber(language, figures.resolved))}
          ${cell("rate", rateCell(language, figures))}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** The /statistik figures per agency against the national 90% target, as a public page. */
export function accountabilityPage(context: PageContext, view: AccountabilityView): SafeHtml {
  const { language } = context;
  const title = label(language, "publicAccountabilityTitle");
  const target = formatPercent(language, FOLLOW_UP_TARGET, 0);
  const { accountability } = view;
  let body: SafeHtml;
  if (view.problem || !accountability) {
    body = html`<p class="error" role="alert">
      ${label(language, "publicBadQuery", { problem: view.problem ?? "" })}
    </p>`;
  } else if (accountability.overall.received === 0) {
    body = html`${periodForm(context, view)}
      <p>${label(language, "publicAccountabilityNone", { period: view.period.label })}</p>`;
  } else {
    const { overall } = accountability;
    body = html`${periodForm(context, view)}
      <p>
        ${
          overall.followUpRate === null
            ? label(language, "publicAccountabilityNothingDue", {
                received: formatNumber(language, overall.received),
              })
            : label(language, "publicAccountabilityOverall", {
                followedUp: formatNumber(language, overall.followedUp),
                due: formatNumber(language, overall.followedUp + overall.overdue),
                rate: formatPercent(language, overall.followUpRate),
              })
        }
      </p>
      ${table(context, view, accountability)}`;
  }
  return layout(
    { ...context, section: "accountability" },
    title,
    html`<h1>${title}</h1>
      <p>${label(language, "publicAccountabilityIntro", { target })}</p>
      ${body}`,
  );
}
