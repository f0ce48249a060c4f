import type { Catalog } from "../../../config/catalog.js";
import { formatDate, label } from "../../../core/i18n/index.js";
import { eventLabels, reportKindLabels } from "../../../core/i18n/labels.js";
import { timeElement } from "../format.js";
import { html, lines, type SafeHtml } from "../html.js";
import { layout, type PageContext } from "../layout.js";
import type { PublishedDetail } from "../publish.js";
import type { PublicTimelineEntry } from "../report-source.js";
import { statusBadge } from "./report-list.js";

export interface ReportPageView {
  readonly report: PublishedDetail;
  readonly catalog: Catalog;
  readonly timeZone: string;
}

/** The staff's answers to the reporter: what an agency said, including its closing summary. */
const ANSWER_EVENTS: ReadonlySet<string> = new Set(["replied", "done"]);

type StaffEntry = Extract<PublicTimelineEntry, { actor: "staff" | "system" }>;

const isAnswer = (entry: PublicTimelineEntry): entry is StaffEntry & { text: string } =>
  entry.actor === "staff" && ANSWER_EVENTS.has(entry.type) && Boolean(entry.text);

function fact(term: string, description: SafeHtml | string | null | undefined): SafeHtml {
  if (description === null || description === undefined || description === "") return html``;
  return html`<dt>${term}</dt>
    <dd>${description}</dd>`;
}

function location(context: PageContext, report: PublishedDetail): SafeHtml | undefined {
  if (!report.location) return undefined;
  const { latitude, longitude } = report.location;
  const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  // Coordinates are written with a decimal point in every language, as maps read them.
  return html`${label(context.language, "publicLocationApprox", {
      latitude: String(latitude),
      longitude: String(longitude),
    })}
    <a href="${map}" rel="noopener noreferrer">${label(context.language, "publicLocationMap")}</a>`;
}

function timeline(context: PageContext, view: ReportPageView): SafeHtml {
  const { language } = context;
  return html`<ol class="timeline">
    ${view.report.timeline.map(
      (entry) =>
        html`<li>
          ${timeElement(language, entry.at, view.timeZone)} — ${eventLabels[language][entry.type]}
          ${entry.actor !== "reporter" && entry.text ? html`<div>${lines(entry.text)}</div>` : ""}
        </li>`,
    )}
  </ol>`;
}

/** One public report: its facts, what was reported, the answers, the timeline and photos. */
export function reportPage(context: PageContext, view: ReportPageView): SafeHtml {
  const { language, links } = context;
  const { report, catalog } = view;
  const answers = report.timeline.filter(isAnswer);
  const notAssigned = label(language, "publicNotAssigned");
  return layout(
    context,
    `${report.code} · ${report.title}`,
    html`<p><a href="${links.reports()}">${label(language, "publicBackToList")}</a></p>
      <h1>${report.title}</h1>
      <dl class="facts">
        ${fact(label(language, "publicFieldCode"), report.code)}
        ${fact(label(language, "publicFieldStatus"), statusBadge(language, report.status))}
        ${fact(label(language, "publicFieldKind"), reportKindLabels[language][report.kind])}
        ${fact(
          label(language, "publicFieldCategory"),
          report.categoryId ? catalog.categoryName(report.categoryId, language) : notAssigned,
        )}
        ${fact(
          label(language, "publicFieldAgency"),
          report.agencyId ? catalog.agencyName(report.agencyId, language) : notAssigned,
        )}
        ${fact(label(language, "publicFieldSubmitted"), timeElement(language, report.submittedAt, view.timeZone))}
        ${fact(label(language, "publicFieldUpdated"), timeElement(language, report.updatedAt, view.timeZone))}
        ${fact(
          label(language, "publicFieldAnswerDue"),
          report.answerDueAt ? timeElement(language, report.answerDueAt, view.timeZone) : null,
        )}
        ${fact(
          label(language, "publicFieldEventDate"),
          report.eventDate ? formatDate(language, report.eventDate) : null,
        )}
        ${fact(label(language, "publicFieldLocation"), location(context, report))}
        ${fact(label(language, "publicFieldAddress"), report.address)}
        ${fact(
          label(language, "publicFieldSupporters"),
          report.supporters > 0
            ? label(language, "publicSupporters", { count: report.supporters })
            : null,
        )}
      </dl>
      <h2>${label(language, "publicDescription")}</h2>
      <p>${lines(report.description)}</p>
      <section class="answers" aria-labelledby="answers">
        <h2 id="answers">${label(language, "publicAnswers")}</h2>
        ${
          answers.length === 0
            ? html`<p>${label(language, "publicNoAnswers")}</p>`
            : answers.map(
                (answer) =>
                  html`<blockquote>
                    <p>${lines(answer.text)}</p>
                    <p class="meta">
                      ${eventLabels[language][answer.type]} ·
                      ${timeElement(language, answer.at, view.timeZone)}
                    </p>
                  </blockquote>`,
              )
        }
      </section>
      ${
        report.photoIds.length > 0
          ? html`<section aria-labelledby="photos">
              <h2 id="photos">${label(language, "publicPhotos")}</h2>
              ${report.photoIds.map(
                (photoId, index) =>
                  html`<figure>
                    <img
                      src="${links.photo(report.code, photoId)}"
                      alt="${label(language, "publicPhotoAlt", { number: index + 1, code: report.code })}"
                      loading="lazy"
                    />
                  </figure>`,
              )}
            </section>`
          : ""
      }
      <section aria-labelledby="timeline">
        <h2 id="timeline">${label(language, "publicTimeline")}</h2>
        ${timeline(context, view)}
      </section>`,
  );
}
