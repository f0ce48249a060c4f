import type { Redis } from "ioredis";
import { t } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import type { PendingOutbox } from "../reports/outbox.js";
import {
  parseRatingChoice,
  saysNotSolved,
  type RatingOutcome,
  type RatingService,
} from "../reports/ratings.js";
import type { ReporterIdentity } from "../reports/report-queries.js";
import { startsCommand, type CommandResult } from "./commands.js";
import type { InboundHandler, Turn } from "./pipeline.js";
import type { RedisCipher } from "../privacy/redis-cipher.js";

export interface FeedbackOptions {
  readonly ratings: RatingService;
  readonly outbox: { enqueue(items: readonly PendingOutbox[]): Promise<void> };
  readonly redis: Redis;
  readonly prefix: string;
  /** The reporter's account id appears in key names only as its pseudonym. */
  readonly cipher: RedisCipher;
  /** The reopen window, in working days, for the messages. */
  readonly windowDays: number;
}

/** How long after a rating the reporter's next message is taken as its comment. */
const COMMENT_WINDOW_SECONDS = 30 * 60;

/**
 * The reporter's answers to a "done" notice: a rating button (or its number 1-5 typed while
 * the request is the menu showing), the words "belum selesai", and a comment right after
 * rating. Words only outside a flow, so a report being written is never mistaken for feedback.
 */
export class ReporterFeedback implements InboundHandler {
  constructor(private readonly options: FeedbackOptions) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { message, language, session } = turn;
    const { content } = message;
    const reporter: ReporterIdentity = { channel: message.channel, externalId: message.user.id };
    if (content.kind === "choice") {
      const choice = parseRatingChoice(content.value);
      return choice ? this.rate(reporter, choice.code, choice.score, language) : undefined;
    }
    if (content.kind !== "text" || session || startsCommand(content.text)) {
      return undefined;
    }
    const text = content.text.trim();
    const pendingComment = await this.options.redis.getdel(this.commentKey(reporter));
    // A typed rating is read only while the rating request is the menu showing (the engine
    // has made it a choice then): a number typed for anything else rates no report.
    if (saysNotSolved(text)) {
      const latest = await this.options.ratings.latestReopenable(reporter);
      if (latest) {
        return this.answer(
          await this.options.ratings.reopen(reporter, latest, text),
          reporter,
          language,
        );
      }
    }
    if (pendingComment && (await this.options.ratings.comment(reporter, pendingComment, text))) {
      return reply({ text: t(language, "ratingCommentSaved", { code: pendingComment }) });
    }
    return undefined;
  }

  private async rate(
    reporter: ReporterIdentity,
    code: string,
    score: number,
    language: Language,
  ): Promise<CommandResult> {
    return this.answer(await this.options.ratings.rate(reporter, code, score), reporter, language);
  }

  private async answer(
    outcome: RatingOutcome,
    reporter: ReporterIdentity,
    language: Language,
  ): Promise<CommandResult> {
    const days = this.options.windowDays;
    switch (outcome.kind) {
      case "rated":
        await this.options.redis.set(
          this.commentKey(reporter),
          outcome.code,
          "EX",
          COMMENT_WINDOW_SECONDS,
        );
        return reply({ text: t(language, "ratingThanks", { ...outcome }) });
      case "reopened":
        await this.options.outbox.enqueue(outcome.pendingOutbox);
        return reply({ text: t(language, "ratingReopened", { code: outcome.code }) });
      case "already":
        return reply({ text: t(language, "ratingAlready", { ...outcome }) });
      case "window-closed":
        return reply({ text: t(language, "ratingWindowClosed", { code: outcome.code, days }) });
      case "not-done":
        return reply({ text: t(language, "ratingNotRatable", { code: outcome.code }) });
      case "not-found":
        return reply({ text: t(language, "staleButton") });
    }
  }

  private commentKey(reporter: ReporterIdentity): string {
    return `${this.options.prefix}:feedback:comment:${reporter.channel}:${this.options.cipher.pseudonym(reporter.externalId)}`;
  }
}

const reply = (...messages: OutboundMessage[]): CommandResult => ({ replies: messages });
