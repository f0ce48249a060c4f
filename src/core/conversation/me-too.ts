import type { Flow } from "../flows/schema.js";
import { label, t } from "../i18n/index.js";
import { reportStatusLabels } from "../i18n/labels.js";
import type { Logger } from "../logger.js";
import type {
  Choice,
  InboundContent,
  InboundMessage,
  Language,
  OutboundMessage,
} from "../messages.js";
import { enqueueCommitted, type OutboxQueue } from "../reports/outbox.js";
import { accountDetails, type ReportLocation } from "../reports/submission.js";
import {
  coarseDistance,
  type NearbyReport,
  type NearbyReports,
  type SupportOutcome,
} from "../reports/supporters.js";
import type { ReportWorkflow } from "../reports/workflow.js";
import { joinLines, truncate } from "../text.js";
import { loose, saidYesOrNo } from "./menu.js";
import type { Session } from "./session-store.js";

/** Choice values of the "me too" question; the drafts read them back. */
const NEARBY_CHOICE = "$nearby:";
const SUPPORT = `${NEARBY_CHOICE}support:`;
const FILE_NEW = `${NEARBY_CHOICE}new`;

/** How many nearby reports the question shows at most: the closest. */
const SHOWN = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MeTooOptions {
  readonly nearby: NearbyReports;
  readonly workflow: Pick<ReportWorkflow, "support">;
  readonly outbox: OutboxQueue;
  readonly logger: Logger;
  /** NEARBY_RADIUS_METRES: how close a report must be to be offered. */
  readonly radiusMetres: number;
  /** NEARBY_DAYS: how recently it must have been filed. */
  readonly days: number;
}

/** What the citizen picked on the question. */
export type NearbyPick =
  | { readonly kind: "support"; readonly trackingCode: string }
  | { readonly kind: "new" }
  | { readonly kind: "other" };

/** A typed yes that can only mean "the same problem". */
const SAME = new Set(["ya", "iya", "iyaa", "yes", "sama", "betul", "benar"]);

/**
 * "Me too" during a flow: once a draft knows its category and a pinned location, the open
 * public reports of that category filed nearby recently are shown ("Apakah ini masalah yang
 * sama?"), and the citizen may support one of them instead of filing the same problem again.
 */
export class MeToo {
  constructor(readonly options: MeTooOptions) {}

  /**
   * The search this draft calls for: its category and pinned spot, unless they were searched
   * already (a draft is asked once per category and spot, even when it is edited later).
   */
  private searchOf(
    flow: Flow,
    session: Session,
  ): { key: string; categoryId: string; latitude: number; longitude: number } | undefined {
    const answerOf = (field: "category" | "location") => {
      const step = flow.steps.find((candidate) => candidate.field === field);
      return step ? session.answers[step.id] : undefined;
    };
    const categoryId = answerOf("category");
    const location = answerOf("location") as ReportLocation | null | undefined;
    if (typeof categoryId !== "string" || !location || !("latitude" in location)) return undefined;
    const { latitude, longitude } = location;
    const key = `${categoryId}@${latitude.toFixed(5)},${longitude.toFixed(5)}`;
    return session.nearby?.searched === key ? undefined : { key, categoryId, latitude, longitude };
  }

  /**
   * The draft with the nearby reports to offer, or undefined when there is nothing to ask. A
   * failed search is logged and the draft goes on: the question is a help, not a gate.
   */
  async offer(
    flow: Flow,
    session: Session,
    message: InboundMessage,
    now: Date,
  ): Promise<Session | undefined> {
    const search = this.searchOf(flow, session);
    if (!search) return undefined;
    let found: NearbyReport[];
    try {
      found = await this.options.nearby.near({
        categoryId: search.categoryId,
        latitude: search.latitude,
        longitude: search.longitude,
        radiusMetres: this.options.radiusMetres,
        since: new Date(now.getTime() - this.options.days * DAY_MS),
        limit: SHOWN,
        excludeReporter: { channel: message.channel, externalId: message.user.id },
      });
    } catch (error) {
      this.options.logger.error(
        { err: error },
        "the nearby-reports search failed; the draft goes on",
      );
      return undefined;
    }
    const offered = found.map((report) => ({ ...report, title: truncate(report.title, 200) }));
    return {
      ...session,
      nearby: { searched: search.key, ...(offered.length > 0 ? { offered } : {}) },
    };
  }

  /** Whether the draft shows the question now. */
  showing(session: Session | null): boolean {
    return (session?.nearby?.offered?.length ?? 0) > 0;
  }

  choices(session: Session, language: Language): Choice[][] {
    const offered = session.nearby?.offered ?? [];
    return [
      ...offered.map((report) => [
        {
          value: `${SUPPORT}${report.trackingCode}`,
          label: label(language, "nearbySupport", { code: report.trackingCode }),
        },
      ]),
      [{ value: FILE_NEW, label: label(language, "nearbyFileNew") }],
    ];
  }

  /** The question: each report's code, title, status and coarse distance; never who filed it. */
  question(session: Session, language: Language, lead?: OutboundMessage["text"]): OutboundMessage {
    const offered = session.nearby?.offered ?? [];
    const lines = offered.map((report) =>
      t(language, "nearbyLine", {
        code: report.trackingCode,
        title: report.title,
        status: reportStatusLabels[language][report.status],
        distance: coarseDistance(report.distanceMetres),
      }),
    );
    return {
      text: joinLines(
        [
          ...(lead ? [lead] : []),
          t(language, "nearbyQuestion"),
          joinLines(lines),
          t(language, "nearbyExplain"),
        ],
        "\n\n",
      ),
      choices: this.choices(session, language),
    };
  }

  /**
   * Reads the citizen's answer to the question: an option, or a typed yes or no ("iya" is the
   * same problem when one report is offered, "tidak" files anew).
   */
  pick(session: Session, content: InboundContent): NearbyPick {
    const offered = session.nearby?.offered ?? [];
    const typed = content.kind === "text" ? content.text : undefined;
    if (typed !== undefined && saidYesOrNo(typed) === false) return { kind: "new" };
    const [only, another] = offered;
    // Supporting ends the draft: "ok" or "boleh", often typed for "noted", is not enough.
    if (typed !== undefined && SAME.has(loose(typed)) && only && !another)
      return { kind: "support", trackingCode: only.trackingCode };
    const value = content.kind === "choice" ? content.value : undefined;
    if (value === FILE_NEW) return { kind: "new" };
    const code = value?.startsWith(SUPPORT) ? value.slice(SUPPORT.length) : undefined;
    if (code && offered.some((report) => report.trackingCode === code))
      return { kind: "support", trackingCode: code };
    return { kind: "other" };
  }

  /** Makes the sender a supporter of the report and queues the card redraws. */
  async support(
    message: InboundMessage,
    language: Language,
    trackingCode: string,
  ): Promise<SupportOutcome> {
    const result = await this.options.workflow.support({
      trackingCode,
      account: {
        channel: message.channel,
        externalId: message.user.id,
        chatId: message.chatId,
        ...accountDetails(message.user),
        language,
      },
    });
    await enqueueCommitted(this.options.outbox, this.options.logger, result.pendingOutbox);
    this.options.logger.info(
      { trackingCode, outcome: result.outcome.kind },
      "a citizen answered the me-too question",
    );
    return result.outcome;
  }
}
