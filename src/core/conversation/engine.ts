import type { Catalog } from "../../config/catalog.js";
import type { FlowSet } from "../flows/loader.js";
import { formatDateTime, formatDuration, t, type MessageKey } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import type { MediaStore } from "../media/media-store.js";
import {
  flattenChoices,
  traceIdOf,
  type ChannelCapabilities,
  type ChannelName,
  type InboundMessage,
  type Language,
  type OutboundMessage,
} from "../messages.js";
import type { ReportQueries } from "../reports/report-queries.js";
import { systemClock, type Clock } from "../time/clock.js";
import { todayIn } from "../time/dates.js";
import { citizenCommands } from "./citizen-commands.js";
import { CommandHandler } from "./command-handler.js";
import { CommandRegistry, startsCommand, type CommandResult } from "./commands.js";
import { Drafts, type SubmissionSink } from "./drafts.js";
import type { ReporterFeedback } from "./feedback.js";
import { joinPlainReplies } from "./joined-replies.js";
import { LanguageSwitch } from "./languages.js";
import { isWholeLabel, readTypedAnswer, rememberMenu, sameMenu, type StoredMenu } from "./menu.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";
import type {
  Commit,
  ConversationKey,
  LoadedState,
  Session,
  SessionStore,
  TurnOutcome,
} from "./session-store.js";
import type { StepContext } from "./steps/index.js";
import type { UserLimits } from "./user-limits.js";
import type { MeToo } from "./me-too.js";
import type { StaffDesk } from "../desk/desk.js";
import { CitizenPrivacy } from "../privacy/citizen-privacy.js";
import type { PrivacyNotice } from "../privacy/notice.js";
import type { PrivacyStore } from "../privacy/privacy-store.js";
import type { PendingCodes } from "./pending-codes.js";
import type { ConfirmationLog } from "../reports/confirmation.js";

/** One turn's replies, and what to count once the turn is recorded as handled. */
interface TurnResult {
  readonly replies: OutboundMessage[];
  readonly recorded?: () => void;
}

/** What the engine counts: Prometheus metrics in production. */
export interface ConversationMetrics {
  /** A completed flow's report went to the intake queue. */
  reportQueued(channel: ChannelName, flowId: string): void;
  /** A conversation ended without a report, at `stepId` of its flow. */
  flowAbandoned(flowId: string, stepId: string, reason: "cancelled" | "expired"): void;
}

export interface EngineOptions {
  readonly store: SessionStore;
  readonly flows: FlowSet;
  readonly catalog: Catalog;
  readonly media: MediaStore;
  readonly reports: ReportQueries;
  readonly intake: SubmissionSink;
  readonly logger: Logger;
  readonly defaultLanguage: Language;
  readonly timeZone: string;
  readonly trackingCodePrefix: string;
  /** The address of a report's public page (PUBLIC_BASE_URL), told with the tracking code. */
  readonly publicPage?: (trackingCode: string) => string;
  readonly conversationTimeoutMs: number;
  readonly maxAttachments: number;
  /** Flood, reports-per-day and intake limits; none without it. */
  readonly limits?: UserLimits;
  readonly clock?: Clock;
  /** Staff commands, card buttons and replies to cards; without it the bot is citizens-only. */
  readonly desk?: StaffDesk;
  /** Ratings and "not solved" answers to done reports. */
  readonly feedback?: ReporterFeedback;
  readonly metrics?: ConversationMetrics;
  /**
   * The privacy notice accepted before a report, /dataku and /hapusdata; the composition root
   * always passes it (without it, unit tests of flows start reports straight away).
   */
  readonly privacy?: { readonly notice: PrivacyNotice; readonly store: PrivacyStore };
  /** Offers to support a report filed nearby instead of filing it again. */
  readonly meToo?: MeToo;
  /**
   * Codes told at Kirim until their reports are stored, so /status can say so, and their
   * confirmations until sent, so the worker sends those a dead bot never did.
   */
  readonly pendingCodes?: PendingCodes;
  /** Where the confirmation told at Kirim is recorded once sent; none: it is not. */
  readonly confirmations?: ConfirmationLog;
}

/**
 * A draft untouched this long is shown again, with when it was started, before a typed
 * message is taken as its answer: longer than a pause to find a photo or walk to the place,
 * short enough that the person may have forgotten it. A draft last touched before the screen
 * the person sees began (`screenSince`) is shown again at once.
 */
const RESUME_NOTICE_MS = 30 * 60_000;

/**
 * The replies with the last one taking away what the chat offered before (its keyboard): the
 * plain replies before it are joined to it, so the whole turn arrives as one message.
 */
function dismissing(replies: readonly OutboundMessage[]): OutboundMessage[] {
  const last = replies.at(-1);
  return last ? [...replies.slice(0, -1), { ...last, input: { kind: "dismiss" } }] : [...replies];
}

/**
 * What to store of the menu showing: a menu the replies show, or none when they ask the
 * pending flow question; otherwise the stored menu ends once answered or once the flow moved
 * on, and stays while the bot only said something else (a status, an error).
 */
function menuChange(
  stored: StoredMenu | null,
  shown: StoredMenu | null | undefined,
  over: boolean,
): { menu?: StoredMenu | null } {
  if (shown) return { menu: shown };
  if (stored && (shown === null || over)) return { menu: null };
  return {};
}

/**
 * The conversation engine: turns each inbound message of any channel into the replies to send
 * back right away, running commands and flows. Everything later (confirmations, answers from
 * staff) travels through the outbound queue instead.
 */
export class ConversationEngine {
  readonly commands = new CommandRegistry();
  private readonly drafts: Drafts;
  /** Who handles a message, in order: the first to return a result wins. */
  private readonly handlers: readonly InboundHandler[];
  private readonly clock: Clock;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    const { flows, desk, feedback } = options;
    this.drafts = new Drafts({
      flows,
      intake: options.intake,
      logger: options.logger,
      trackingCodePrefix: options.trackingCodePrefix,
      ...(options.publicPage ? { publicPage: options.publicPage } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.meToo ? { meToo: options.meToo } : {}),
      ...(options.pendingCodes ? { pendingCodes: options.pendingCodes } : {}),
    });
    const drafts = this.drafts;
    const privacy = options.privacy
      ? new CitizenPrivacy({
          ...options.privacy,
          flows,
          drafts,
          media: options.media,
          timeZone: options.timeZone,
          logger: options.logger,
          defaultLanguage: options.defaultLanguage,
        })
      : undefined;
    const startFlow: FlowStarter = (flow, turn) =>
      privacy ? privacy.start(flow, turn) : Promise.resolve(drafts.start(flow, turn));
    const languages = new LanguageSwitch(drafts, privacy);
    const forCitizens = [
      ...citizenCommands({
        flows,
        catalog: options.catalog,
        reports: options.reports,
        timeZone: options.timeZone,
        trackingCodePrefix: options.trackingCodePrefix,
        startFlow,
        languages,
        drafts,
        ...(options.pendingCodes ? { pendingCodes: options.pendingCodes } : {}),
      }),
      ...(privacy?.commands() ?? []),
    ];
    this.commands.register(...forCitizens, ...(desk?.commands ?? []));
    this.handlers = [
      ...(desk ? [desk] : []),
      ...(feedback ? [feedback] : []),
      ...(privacy ? [privacy] : []),
      new CommandHandler(this.commands, flows, startFlow, {
        drafts,
        names: new Set([
          ...forCitizens.flatMap((command) => command.names),
          ...(desk?.reporterCommandNames ?? []),
        ]),
        trackingCodePrefix: options.trackingCodePrefix,
      }),
      languages,
      this.drafts,
    ];
  }

  /**
   * Handles one message and returns the immediate replies. A message delivered twice is
   * answered once. Never throws: when the service itself fails, the user is asked to retry and
   * the message is not marked as handled, so a redelivery is processed again.
   */
  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const key: ConversationKey = { channel: message.channel, userId: message.user.id };
    const now = this.clock();
    // A private message counts against the flood limit as its turn takes the lock; a group's
    // only once the desk hears it (process).
    const count = message.group ? undefined : this.options.limits?.counter(message, now);
    try {
      const { replies, recorded } = await this.options.store.turn(
        key,
        message.messageId,
        (state) => this.process(key, message, state, now),
        count,
      );
      // Counted once the message is recorded as handled, so a redelivery does not count twice.
      recorded?.();
      return joinPlainReplies(replies);
    } catch (error) {
      this.options.logger.error(
        { err: error, traceId: traceIdOf(message) },
        "could not handle an inbound message; the user was asked to retry",
      );
      return [{ text: t(this.options.defaultLanguage, "busy") }];
    }
  }

  /**
   * A tracked reply was sent: a question awaiting an answer is bound to that message, and the
   * tracking code told at Kirim is recorded with the report's other messages.
   */
  async shown(
    message: InboundMessage,
    platformMessageId: string,
    reply: OutboundMessage,
  ): Promise<void> {
    const { notice } = reply;
    try {
      if (reply.awaitsReply) await this.options.desk?.shown(message, platformMessageId);
      const submissionId = notice?.kind === "confirmation" ? notice.submissionId : undefined;
      if (submissionId) {
        // Side by side: a database that is down must not leave the confirmation owed (and
        // sent a second time by the worker).
        await Promise.all([
          this.options.pendingCodes?.settle([submissionId]),
          this.options.confirmations?.record({
            channel: message.channel,
            chatId: message.chatId,
            submissionId,
            message: reply,
            platformMessageId,
            sentAt: this.clock(),
          }),
        ]);
      }
    } catch (error) {
      this.options.logger.warn(
        { err: error, traceId: traceIdOf(message) },
        reply.awaitsReply
          ? "could not record which message asks for an answer; a reply to it will not count"
          : "could not record the confirmation sent; the desk will not see it delivered",
      );
    }
  }

  private async process(
    key: ConversationKey,
    message: InboundMessage,
    state: LoadedState,
    now: Date,
  ): Promise<TurnOutcome<TurnResult>> {
    if (state.seen) {
      this.options.logger.debug({ traceId: traceIdOf(message) }, "duplicate delivery ignored");
      return { value: { replies: [] } };
    }
    // Staff chats hear staff only: others are ignored before they can count or be answered.
    if (message.group && !(await this.options.desk?.hears(message))) {
      return { value: { replies: [] }, commit: { messageId: message.messageId } };
    }
    const fromDatabase = state.language === undefined;
    const own = fromDatabase ? await this.storedLanguage(key) : state.language;
    const language = own ?? this.options.defaultLanguage;
    // Remembered in Redis even when the person has none, so the database is asked only once.
    const remember = fromDatabase && own !== undefined ? { language: own } : {};
    const limits = this.options.limits;
    const admission = !limits
      ? "accept"
      : state.counted === undefined
        ? await limits.admit(message, now)
        : limits.judge(state.counted);
    if (admission !== "accept") {
      const commit = { messageId: message.messageId, ...remember };
      if (admission === "drop") return { value: { replies: [] }, commit };
      this.options.logger.warn({ channel: key.channel }, "a user is flooding; messages dropped");
      const seconds = Math.round((limits?.options.windowMs ?? 0) / 1000);
      return {
        value: { replies: [{ text: t(language, "tooManyMessages", { seconds }) }] },
        commit,
      };
    }
    const notices: OutboundMessage[] = [];
    let session = state.session;
    let ended = false;
    let expired: Session | undefined;
    if (state.unreadable) {
      await this.options.store.setAside(key);
      this.options.logger.warn(
        { channel: key.channel, problems: state.unreadable },
        "a stored draft failed validation; it was set aside and the person was told",
      );
      notices.push({ text: t(language, "draftUnreadable") });
      ended = true;
    }
    if (session && !this.options.flows.get(session.flowId)) {
      session = null;
      ended = true;
    }
    if (session && now.getTime() - session.updatedAt > this.options.conversationTimeoutMs) {
      const duration = formatDuration(language, this.options.conversationTimeoutMs);
      notices.push({ text: t(language, "expired", { duration }) });
      expired = session;
      session = null;
      ended = true;
    }

    const steps = this.stepContext(language, now, message.capabilities);
    const turn: Turn = {
      message,
      language,
      session,
      now,
      steps,
      notices,
      menu: message.group ? null : state.menu,
    };
    // A staff group without buttons (WhatsApp) answers its cards by number: the group's menu.
    const chatKey: ConversationKey | undefined =
      message.group && !message.capabilities.buttons
        ? { channel: message.channel, userId: message.chatId }
        : undefined;
    const { result, answeredMenu } = await this.take(
      turn,
      chatKey ? await this.options.store.chatMenu(chatKey) : message.group ? null : state.menu,
    );
    if (chatKey) await this.updateChatMenu(chatKey, result, answeredMenu);
    // Later messages (confirmations, answers from staff) are written in the reporter's language.
    if (result.language) {
      await this.options.reports.setLanguage(
        { channel: key.channel, externalId: key.userId },
        result.language,
        message.group ? undefined : message.chatId,
      );
    }
    const nextSession = result.session !== undefined ? result.session : ended ? null : undefined;
    const after = nextSession === undefined ? session : nextSession;
    const menu = message.group
      ? undefined
      : this.menuAfter(result, after, { ...steps, language: result.language ?? language });
    const menuCommit = menuChange(state.menu, menu, answeredMenu || nextSession !== undefined);
    const { username, displayName } = message.user;
    if (result.forget) {
      // The person's identity was erased: nothing of them stays in Redis, not even this turn.
      const forget: Commit = {
        messageId: message.messageId,
        forget: username ? { username } : {},
      };
      // Nothing is offered once they are forgotten: a keyboard still on screen goes.
      const replies = [...notices, ...result.replies];
      return { value: { replies: message.group ? replies : dismissing(replies) }, commit: forget };
    }
    const commit: Commit = {
      messageId: message.messageId,
      ...(nextSession !== undefined ? { session: nextSession } : {}),
      ...remember,
      ...(result.language ? { language: result.language } : {}),
      ...(chatKey ? {} : menuCommit),
      ...(username ? { seenAs: { username, ...(displayName ? { displayName } : {}) } } : {}),
    };
    const metrics = this.options.metrics;
    const recorded = () => {
      if (expired) metrics?.flowAbandoned(expired.flowId, expired.stepId, "expired");
      if (session && result.ended === "cancelled") {
        metrics?.flowAbandoned(session.flowId, session.stepId, "cancelled");
      }
      if (session && result.ended === "submitted") {
        metrics?.reportQueued(key.channel, session.flowId);
      }
    };

    let replies = [...notices, ...result.replies];
    const showingAfter = "menu" in menuCommit ? (menuCommit.menu ?? null) : state.menu;
    if (
      !message.group &&
      !replies.some((reply) => reply.input || reply.choices?.length) &&
      !this.offersInput(showingAfter, after, steps) &&
      this.offersInput(state.menu, state.session, steps)
    ) {
      // Options offered before are no answer now: a keyboard that stays on screen (Telegram's
      // reply keyboard) must go, or a press would be read as the next question's answer.
      replies = dismissing(replies);
    }
    return { value: { replies, recorded }, commit };
  }

  /**
   * The language kept with the reporter in the database, for someone Redis knows nothing
   * about (Redis was emptied, or they never wrote before): null when they have none. While the
   * database is unreachable the default is used and nothing is remembered.
   */
  private async storedLanguage(key: ConversationKey): Promise<Language | null | undefined> {
    try {
      return await this.options.reports.languageOf({
        channel: key.channel,
        externalId: key.userId,
      });
    } catch (error) {
      this.options.logger.warn(
        { err: error, channel: key.channel },
        "could not read a reporter's language from the database; using the default",
      );
      return undefined;
    }
  }

  /**
   * One message's turn: a draft left for a while is shown again before anything is taken as
   * its answer; a typed number or label answers the menu showing; then the handlers, in order.
   */
  private async take(
    turn: Turn,
    shown: StoredMenu | null,
  ): Promise<{ result: CommandResult; answeredMenu: boolean }> {
    const { message, session, steps, now } = turn;
    const { content } = message;
    const { language } = steps;
    const typed = content.kind === "text" && !startsCommand(content.text);
    // A menu the person cannot see (the chat restarted on an empty screen) is no key to what
    // they type, and ends: the last /hapusdata confirmation, for one, cannot be undone.
    const forgotten = message.menuOutOfView === true && typed && shown !== null;
    const stored = forgotten ? null : shown;
    // A reply says itself what it answers; a group has no draft, only the menu it was shown.
    const question = message.replyTo || message.group ? null : this.drafts.menu(session, steps);
    const menu = message.replyTo ? null : message.group ? stored : (stored ?? question);
    // Where a key sends its label, the question's keys stay on screen under a later message's
    // inline menu (a rating request, stored): a whole label of either is a press.
    const pressed =
      typed && message.capabilities.labelKeys
        ? [menu, question].find((shown) => shown && isWholeLabel(shown, content.text))
        : undefined;
    const answer =
      menu && typed
        ? readTypedAnswer(pressed ?? menu, content.text, {
            words: (pressed ?? menu) === question && this.drafts.picksByWord(session),
            // Ya and tidak are words of a staff group's talk, not presses of a card's action.
            yesNo: message.group !== true,
          })
        : undefined;
    const answersStored = stored !== null && menu === stored && answer?.kind === "option";
    // A menu shown since the draft (/bahasa's, a rating request) is what a typed option
    // answers on a new screen; after a long pause the draft comes first all the same: a "1"
    // meant for it must not rate and reopen another report.
    const outOfView = session !== null && session.updatedAt < (message.screenSince?.getTime() ?? 0);
    const leftAWhile = session !== null && now.getTime() - session.updatedAt > RESUME_NOTICE_MS;
    if (session && typed && !pressed && ((outOfView && !answersStored) || leftAWhile)) {
      const date = formatDateTime(language, new Date(session.startedAt), this.options.timeZone);
      const pending = this.drafts.ask(session, steps, t(language, "draftWaiting", { date }));
      if (pending) {
        return {
          result: { replies: [pending], session: { ...session, updatedAt: now.getTime() } },
          answeredMenu: forgotten,
        };
      }
    }
    let inbound = forgotten ? { ...turn, menu: null } : turn;
    if (menu && typed) {
      // "12" at a date question is the 12th, not an option it lacks.
      const aDay = menu === question && this.drafts.readsDays(session);
      if (answer?.kind === "out-of-range" && !aDay) {
        const pending = !stored && session ? this.drafts.ask(session, steps) : undefined;
        const text = t(language, this.outOfRangeReply(turn, menu === question), {
          number: answer.number,
          max: answer.options,
        });
        return { result: { replies: [{ ...pending, text }] }, answeredMenu: false };
      }
      if (answer?.kind === "option") {
        const choice = { kind: "choice" as const, value: answer.value };
        inbound = {
          ...inbound,
          message: { ...message, content: choice },
          typedChoice: content.text,
        };
      } else if (menu === stored && !message.group) {
        inbound = { ...inbound, unansweredMenu: menu.length };
      }
    }
    const chosen = inbound.message.content;
    return {
      result: await this.dispatch(inbound),
      answeredMenu:
        forgotten ||
        (chosen.kind === "choice" && stored?.some(([value]) => value === chosen.value) === true),
    };
  }

  /**
   * Beside buttons nobody sees a number. How a stored menu went is not kept (Cloud sends a long
   * notice's options as a numbered list), so where it may have been either, the reply names
   * neither.
   */
  private outOfRangeReply(turn: Turn, toQuestion: boolean): MessageKey {
    const { message, session, steps } = turn;
    if (toQuestion && session) {
      return this.drafts.optionsPressed(session, steps) ? "noSuchOptionButtons" : "noSuchOption";
    }
    return message.capabilities.buttons ? "noSuchOptionOfLast" : "noSuchOption";
  }

  /** The replies' choices become the group's menu; an answered menu ends. */
  private async updateChatMenu(
    key: ConversationKey,
    result: CommandResult,
    answered: boolean,
  ): Promise<void> {
    const shown = result.replies.findLast((reply) => flattenChoices(reply).length > 0);
    if (shown) await this.options.store.showMenu(key, flattenChoices(shown));
    else if (answered) await this.options.store.endChatMenu(key);
  }

  /** The first handler's result; none claims a message only if the draft handler is missing. */
  private async dispatch(turn: Turn): Promise<CommandResult> {
    for (const handler of this.handlers) {
      const result = await handler.handle(turn);
      if (result) return result;
    }
    throw new Error("no handler took the message");
  }

  /**
   * The menu the replies leave showing: the choices of the last reply that has some. Null when
   * those are the pending flow question's own (regenerated from the draft, so nothing is
   * stored); undefined when no reply has choices (what showed before stays, unless answered).
   */
  private menuAfter(
    result: CommandResult,
    session: Session | null,
    steps: StepContext,
  ): StoredMenu | null | undefined {
    const last = result.replies.findLast((reply) => flattenChoices(reply).length > 0);
    if (!last) return undefined;
    const shown = rememberMenu(flattenChoices(last));
    const pending = this.drafts.menu(session, steps);
    return pending && sameMenu(shown, pending) ? null : shown;
  }

  /** True while the chat offers options or location sharing: a stored menu or the draft's. */
  private offersInput(
    menu: StoredMenu | null,
    session: Session | null,
    steps: StepContext,
  ): boolean {
    return (
      menu !== null ||
      this.drafts.wantsLocation(session) ||
      this.drafts.menu(session, steps) !== null
    );
  }

  private stepContext(
    language: Language,
    now: Date,
    capabilities: ChannelCapabilities,
  ): StepContext {
    return {
      language,
      capabilities,
      today: todayIn(this.options.timeZone, now),
      catalog: this.options.catalog,
      media: this.options.media,
      maxAttachments: this.options.maxAttachments,
    };
  }
}
