import type { Catalog } from "../../../config/catalog.js";
import { label, type MessageKey } from "../../../core/i18n/index.js";
import { reportStatusLabels } from "../../../core/i18n/labels.js";
import { isOpen } from "../../../core/reports/lifecycle.js";
import type { ReportStatus } from "../../../core/words.js";
import { timeElement } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageContext } from "../layout.js";
import type { PublishedSummary } from "../publish.js";

/** Statuses a public report can have: the desk has verified it, so never "submitted". */
export const PUBLIC_STATUSES: readonly ReportStatus[] = [
  "verified",
  "routed",
  "followed_up",
  "on_hold",
  "not_authority",
  "reopened",
  "done",
  "rejected",
];

/** The periods offered in the filter, as /statistik reads them; "" is all time. */
export const PERIOD_CHOICES: readonly { value: string; key: MessageKey }[] = [
  { value: "", key: "publicPeriodAllTime" },
  { value: "30h", key: "publicPeriodLast30" },
  { value: "bulan-ini", key: "publicPeriodThisMonth" },
  { value: "bulan-lalu", key: "publicPeriodLastMonth" },
  { value: "tahun-ini", key: "publicPeriodThisYear" },
];

export interface ReportListFilters {
  readonly status?: ReportStatus;
  readonly kategori?: string;
  readonly instansi?: string;
  /** As typed, and the label of the span it names (for a period that is not a choice). */
  readonly periode?: { readonly input: string; readonly label: string };
}

export interface ReportListView {
  readonly filters: ReportListFilters;
  readonly reports: readonly PublishedSummary[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly catalog: Catalog;
  readonly timeZone: string;
  /** Set when the query could not be read: the page says why instead of listing. */
  readonly problem?: string;
}

export function statusBadge(language: PageContext["language"], status: ReportStatus): SafeHtml {
  return html`<span class="status${isOpen(status) ? "" : " closed"}"
    >${reportStatusLabels[language][status]}</span
  >`;
}

function select(
  name: string,
  text: string,
  allText: string,
  options: readonly { value: string; text: string }[],
  chosen: string | undefined,
): SafeHtml {
  const id = `filter-${name}`;
  return html`<div>
    <label for="${id}">${text}</label>
    <select id="${id}" name="${name}">
      <option value="">${allText}</option>
      ${options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === chosen ? html`selected` : ""}>
            ${option.text}
          </option>`,
      )}
    </select>
  </div>`;
}

function filterForm(context: PageContext, view: ReportListView): SafeHtml {
  const { language } = context;
  const { catalog, filters } = view;
  const periods = PERIOD_CHOICES.filter((choice) => choice.value !== "").map((choice) => ({
    value: choice.value,
    text: label(language, choice.key),
  }));
  const typedPeriod = filters.periode;
  if (typedPeriod && !periods.some((period) => period.value === typedPeriod.input)) {
    periods.push({ value: typedPeriod.input, text: typedPeriod.label });
  }
  return html`<form class="filters" method="get" action="">
    <fieldset>
      <legend>${label(language, "publicFilterLegend")}</legend>
      ${select(
        "status",
        label(language, "publicFilterStatus"),
        label(language, "publicFilterAll"),
        PUBLIC_STATUSES.map((status) => ({
          value: status,
          text: reportStatusLabels[language][status],
        })),
        filters.status,
      )}
      ${select(
        "kategori",
        label(language, "publicFilterCategory"),
        label(language, "publicFilterAll"),
        catalog.categories.map((category) => ({
          value: category.id,
          text: category.name[language],
        })),
        filters.kategori,
      )}
      ${select(
        "instansi",
        label(language, "publicFilterAgency"),
        label(language, "publicFilterAll"),
        catalog.agencies.map((agency) => ({ value: agency.id, text: agency.name[language] })),
        filters.instansi,
      )}
      ${select(
        "periode",
        label(language, "publicFilterPeriod"),
        label(language, "publicPeriodAllTime"),
        periods,
        filters.periode?.input,
      )}
    </fieldset>
    ${context.links.pickedLanguage ? html`<input type="hidden" name="lang" value="${context.links.pickedLanguage}" />` : ""}
    <button type="submit">${label(language, "publicFilterApply")}</button>
  </form>`;
}

function reportItem(context: PageContext, view: ReportListView, report: PublishedSummary) {
  const { language, links } = context;
  const category = report.categoryId
    ? view.catalog.categoryName(report.categoryId, language)
    : undefined;
  const agency = report.agencyId ? view.catalog.agencyName(report.agencyId, language) : undefined;
  return html`<li>
    <article>
      <h2><a href="${links.report(report.code)}">${report.title}</a></h2>
      <p class="meta">
        ${statusBadge(language, report.status)} · ${report.code} ·
        ${timeElement(language, report.submittedAt, view.timeZone)}
      </p>
      <p class="meta">${[category, agency].filter(Boolean).join(" · ")}</p>
    </article>
  </li>`;
}

function pagination(context: PageContext, view: ReportListView): SafeHtml {
  if (view.pages <= 1) return html``;
  const { language, links } = context;
  const query = {
    status: view.filters.status,
    kategori: view.filters.kategori,
    instansi: view.filters.instansi,
    periode: view.filters.periode?.input,
  };
  const pageLink = (page: number, key: MessageKey, rel: string) =>
    html`<a
      href="${links.reports({ ...query, halaman: page === 1 ? undefined : String(page) })}"
      rel="${rel}"
      >${label(language, key)}</a
    >`;
  return html`<nav class="pages" aria-label="${label(language, "publicPagination")}">
    <span>${view.page > 1 ? pageLink(view.page - 1, "publicPagePrevious", "prev") : ""}</span>
    <span aria-current="page"
      >${label(language, "publicPageOf", { page: view.page, pages: view.pages })}</span
    >
    <span>${view.page < view.pages ? pageLink(view.page + 1, "publicPageNext", "next") : ""}</span>
  </nav>`;
}

/** The public reports, newest first, with their filters and pages. */
export function reportListPage(context: PageContext, view: ReportListView): SafeHtml {
  const { language, links } = context;
  const title = label(language, "publicListTitle");
  const body = view.problem
    ? html`<p class="error" role="alert">
          ${label(language, "publicBadQuery", { problem: view.problem })}
        </p>
        <p><a href="${links.reports()}">${label(language, "publicFilterReset")}</a></p>`
    : html`${filterForm(context, view)}
        <p role="status">${label(language, "publicListCount", { count: view.total })}</p>
        ${
          view.reports.length === 0
            ? html`<p>${label(language, "publicListNone")}</p>`
            : html`<ol class="reports">
                ${view.reports.map((report) => reportItem(context, view, report))}
              </ol>`
        }
        ${pagination(context, view)}`;
  return layout(
    context,
    title,
    html`<h1>${title}</h1>
      <p>${label(language, "publicListIntro")}</p>
      ${body}`,
  );
}
