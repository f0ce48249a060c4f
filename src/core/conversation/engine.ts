import { randomUUID } from "node:crypto";
import type { Catalog } from "../../config/catalog.js";
import { DataFileError } from "../../config/data-file.js";
import type { Logger } from "../../infra/logger.js";
import type { FlowSet } from "../flows/loader.js";
import type { Flow } from "../flows/schema.js";
import { formatDateTime, t } from "../i18n/index.js";
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
import { submissionSchema, type Submission } from "../reports/submission.js";
import { sanitizeUserText, truncate } from "../text.js";
import { todayIn } from "../time/dates.js";
import { citizenCommands } from "./citizen-commands.js";
import {
  CommandRegistry,
  parseCommand,
  type CommandContext,
  type CommandResult,
} from "./commands.js";
import type { ReporterFeedback } from "./feedback.js";
import { FlowRunner } from "./flow-runner.js";
import { readTypedAnswer, rememberMenu, sameMenu, type StoredMenu } from "./menu.js";
import type { StaffDesk } from "./staff-desk.js";
import type { ConversationKey, Session, SessionStore } from "./session-store.js";
import type { StepContext } from "./steps/index.js";
import type { UserLimits } from "./user-limits.js";
import { systemClock, type Clock } from "../time/clock.js";

/** What the engine counts: Prometheus metrics in production. */
export interface ConversationMetrics {
  /** A completed flow's report went to the intake queue. */
  reportQueued(channel: ChannelName, flowId: string): void;
  /** A conversation ended without a report, at `stepId` of its flow. */
  flowAbandoned(flowId: string, stepId: string, reason: "cancelled" | "expired"): void;
}

/** Where completed reports go: the intake queue in production. */
export interface SubmissionSink {
  submit(submission: Submission): Promise<void>;
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
  readonly conversationTimeoutMs: number;
  readonly maxAttachments: number;
  /** Flood and reports-per-day limits; none without it. */
  readonly limits?: UserLimits;
  readonly clock?: Clock;
  /** Staff commands, card buttons and replies to cards; without it the bot is citizens-only. */
  readonly desk?: StaffDesk;
  /** Ratings and "not solved" answers to done reports. */
  readonly feedback?: ReporterFeedback;
  readonly metrics?: ConversationMetrics;
}

const LANGUAGE_CHOICE = "$lang:";

/**
 * A draft untouched this long is shown again, with when it was started, before a typed
 * message is taken as its answer: longer than a pause to find a photo or walk to the place,
 * short enough that the person may have forgotten it (or restarted the chat and cannot see it).
 */
const RESUME_NOTICE_MS = 30 * 60_000;

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
  private readonly runner = new FlowRunner();
  private readonly clock: Clock;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.commands.register(
      ...citizenCommands({
        flows: options.flows,
        catalog: options.catalog,
        reports: options.reports,
        timeZone: options.timeZone,
        trackingCodePrefix: options.trackingCodePrefix,
        languageChoicePrefix: LANGUAGE_CHOICE,
        startFlow: (flow, context) => this.startFlow(flow, context),
        switchLanguage: (language, context) =>
          this.switchLanguage(
            language,
            context.session,
            this.stepContext(language, context.now, context.message.capabilities),
          ),
      }),
    );
    if (options.desk) this.commands.register(...options.desk.commands);
    const clashes = options.flows.commands.filter((command) => this.commands.get(command));
    if (clashes.length > 0) {
      throw new DataFileError(
        clashes.map((command) => `flows: /${command} is a built-in command; pick another name`),
      );
    }
    if (!options.flows.forCommand("lapor")) {
      throw new DataFileError([
        "flows: no flow declares the command 'lapor', which starts a new report",
      ]);
    }
  }

  /**
   * Handles one message and returns the immediate replies. A message delivered twice is
   * answered once. Never throws: when the service itself fails, the user is asked to retry and
   * the message is not marked as handled, so a redelivery is processed again.
   */
  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const key: ConversationKey = { channel: message.channel, userId: message.user.id };
    try {
      return await this.options.store.withLock(key, () => this.process(key, message));
    } catch (error) {
      this.options.logger.error(
        { err: error, traceId: traceIdOf(message) },
        "could not handle an inbound message; the user was asked to retry",
      );
      return [{ text: t(this.options.defaultLanguage, "busy") }];
    }
  }

  /** A reply awaiting an answer was sent: the desk binds its question to that message. */
  async shown(message: InboundMessage, platformMessageId: string): Promise<void> {
    try {
      await this.options.desk?.shown(message, platformMessageId);
    } catch (error) {
      this.options.logger.warn(
        { err: error, traceId: traceIdOf(message) },
        "could not record which message asks for an answer; a reply to it will not count",
      );
    }
  }

  private async process(key: ConversationKey, message: InboundMessage): Promise<OutboundMessage[]> {
    const state = await this.options.store.load(key, message.messageId);
    if (state.seen) {
      this.options.logger.debug({ traceId: traceIdOf(message) }, "duplicate delivery ignored");
      return [];
    }
    const now = this.clock();
    // Staff chats hear staff only: others are ignored before they can count or be answered.
    if (message.group && !(await this.options.desk?.hears(message))) {
      await this.options.store.commit(key, { messageId: message.messageId });
      return [];
    }
    const fromDatabase = state.language === undefined;
    const own = fromDatabase ? await this.storedLanguage(key) : state.language;
    const language = own ?? this.options.defaultLanguage;
    // Remembered in Redis even when the person has none, so the database is asked only once.
    const remember = fromDatabase && own !== undefined ? { language: own } : {};
    const limits = this.options.limits;
    const admission = limits ? await limits.admit(message, now) : "accept";
    if (admission !== "accept") {
      await this.options.store.commit(key, { messageId: message.messageId, ...remember });
      if (admission === "drop") return [];
      this.options.logger.warn({ channel: key.channel }, "a user is flooding; messages dropped");
      const seconds = Math.round((limits?.options.windowMs ?? 0) / 1000);
      return [{ text: t(language, "tooManyMessages", { seconds }) }];
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
      const hours = Math.round(this.options.conversationTimeoutMs / 3_600_000);
      notices.push({ text: t(language, "expired", { hours }) });
      expired = session;
      session = null;
      ended = true;
    }

    const context = this.stepContext(language, now, message.capabilities);
    const turn = await this.take(message, session, state.menu, context, now);
    const { result } = turn;
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
      : this.menuAfter(result, after, { ...context, language: result.language ?? language });
    const { username, displayName } = message.user;
    await this.options.store.commit(key, {
      messageId: message.messageId,
      ...(nextSession !== undefined ? { session: nextSession } : {}),
      ...remember,
      ...(result.language ? { language: result.language } : {}),
      ...menuChange(state.menu, menu, turn.answeredMenu || nextSession !== undefined),
      ...(username ? { seenAs: { username, ...(displayName ? { displayName } : {}) } } : {}),
    });
    // Counted once the message is recorded as handled, so a redelivery does not count twice.
    const metrics = this.options.metrics;
    if (expired) metrics?.flowAbandoned(expired.flowId, expired.stepId, "expired");
    if (session && result.ended === "cancelled") {
      metrics?.flowAbandoned(session.flowId, session.stepId, "cancelled");
    }
    if (session && result.ended === "submitted") metrics?.reportQueued(key.channel, session.flowId);

    const replies = [...notices, ...result.replies];
    if (this.wantsLocation(state.session) && !this.wantsLocation(after)) {
      // Telegram cannot combine this with buttons, so it goes on the first plain message.
      const index = replies.findIndex((reply) => !reply.input && !reply.choices?.length);
      const plainReply = replies[index];
      if (plainReply) replies[index] = { ...plainReply, input: { kind: "dismiss" } };
    }
    return replies;
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
   * its answer; a typed number or label answers the menu showing; the rest goes to dispatch.
   */
  private async take(
    message: InboundMessage,
    session: Session | null,
    stored: StoredMenu | null,
    context: StepContext,
    now: Date,
  ): Promise<{ result: CommandResult; answeredMenu: boolean }> {
    const { content } = message;
    const { language } = context;
    const flow = session ? this.options.flows.get(session.flowId) : undefined;
    const typed = content.kind === "text" && !content.text.trim().startsWith("/");
    if (session && flow && typed && now.getTime() - session.updatedAt > RESUME_NOTICE_MS) {
      const date = formatDateTime(language, new Date(session.startedAt), this.options.timeZone);
      const lead = t(language, "draftWaiting", { date });
      return {
        result: {
          replies: [this.runner.prompt(flow, session, context, lead)],
          session: { ...session, updatedAt: now.getTime() },
        },
        answeredMenu: false,
      };
    }
    // Groups have no menu of their own, and a reply says itself what it answers.
    const menu =
      message.group || message.replyTo
        ? null
        : (stored ?? (session && flow ? this.flowMenu(flow, session, context) : null));
    let inbound = message;
    if (menu && typed) {
      const answer = readTypedAnswer(menu, content.text);
      if (answer?.kind === "out-of-range") {
        const text = t(language, "noSuchOption", {
          number: content.text.trim(),
          max: answer.options,
        });
        const prompt = !stored && session && flow ? this.runner.prompt(flow, session, context) : {};
        return { result: { replies: [{ ...prompt, text }] }, answeredMenu: false };
      }
      if (answer) inbound = { ...message, content: { kind: "choice", value: answer.value } };
    }
    const chosen = inbound.content.kind === "choice" ? inbound.content.value : undefined;
    return {
      result: await this.dispatch(inbound, session, context, now),
      answeredMenu: chosen !== undefined && stored?.some(([value]) => value === chosen) === true,
    };
  }

  private flowMenu(flow: Flow, session: Session, context: StepContext): StoredMenu | null {
    const choices = this.runner.choices(flow, session, context).flat();
    return choices.length > 0 ? rememberMenu(choices) : null;
  }

  /**
   * The menu the replies leave showing: the choices of the last reply that has some. Null when
   * those are the pending flow question's own (regenerated from the draft, so nothing is
   * stored); undefined when no reply has choices (what showed before stays, unless answered).
   */
  private menuAfter(
    result: CommandResult,
    session: Session | null,
    context: StepContext,
  ): StoredMenu | null | undefined {
    const last = result.replies.findLast((reply) => flattenChoices(reply).length > 0);
    if (!last) return undefined;
    const shown = rememberMenu(flattenChoices(last));
    const flow = session ? this.options.flows.get(session.flowId) : undefined;
    const pending = session && flow ? this.flowMenu(flow, session, context) : null;
    return pending && sameMenu(shown, pending) ? null : shown;
  }

  private wantsLocation(session: Session | null): boolean {
    const flow = session ? this.options.flows.get(session.flowId) : undefined;
    return flow !== undefined && this.runner.wantsLocation(flow, session);
  }

  private async dispatch(
    message: InboundMessage,
    session: Session | null,
    stepContext: StepContext,
    now: Date,
  ): Promise<CommandResult> {
    const { language } = stepContext;
    const desk = await this.options.desk?.intercept({ message, language, session, now });
    if (desk && "replies" in desk) return desk;
    const result = await this.dispatchUsual(message, session, stepContext, now);
    return desk ? { ...result, replies: [...desk.notices, ...result.replies] } : result;
  }

  private async dispatchUsual(
    message: InboundMessage,
    session: Session | null,
    stepContext: StepContext,
    now: Date,
  ): Promise<CommandResult> {
    const { content } = message;
    const { language } = stepContext;
    const feedback = await this.options.feedback?.intercept({ message, language, session });
    if (feedback) return feedback;
    if (content.kind === "text") {
      const command = parseCommand(content.text);
      if (command) {
        const context: CommandContext = {
          message,
          language,
          args: command.args,
          session,
          now,
        };
        const handler = this.commands.get(command.name);
        if (handler) return handler.run(context);
        const flow = this.options.flows.forCommand(command.name);
        if (flow) return this.startFlow(flow, context);
        return { replies: [{ text: t(language, "unknownCommand", { command: command.name }) }] };
      }
    }
    if (content.kind === "choice" && content.value.startsWith(LANGUAGE_CHOICE)) {
      const picked = content.value.slice(LANGUAGE_CHOICE.length) === "en" ? "en" : "id";
      return this.switchLanguage(picked, session, { ...stepContext, language: picked });
    }

    const flow = session ? this.options.flows.get(session.flowId) : undefined;
    if (!session || !flow) {
      if (content.kind === "unsupported") {
        return { replies: [{ text: t(language, "unsupportedContent", { what: content.what }) }] };
      }
      const lead = content.kind === "choice" ? [{ text: t(language, "staleButton") }] : [];
      return { replies: [...lead, { text: t(language, "idle") }] };
    }
    if (content.kind === "unsupported") {
      const prompt = this.runner.prompt(flow, session, stepContext);
      return {
        replies: [{ ...prompt, text: t(language, "unsupportedContent", { what: content.what }) }],
      };
    }

    const outcome = await this.runner.answer(flow, session, content, stepContext, now.getTime());
    switch (outcome.kind) {
      case "continue":
        return { replies: outcome.replies, session: outcome.session };
      case "cancel":
        return { replies: [{ text: t(language, "cancelled") }], session: null, ended: "cancelled" };
      case "submit":
        return this.submit(message, flow, outcome.session, language, now, stepContext);
    }
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

  private startFlow(flow: Flow, context: CommandContext): CommandResult {
    const stepContext = this.stepContext(
      context.language,
      context.now,
      context.message.capabilities,
    );
    const current = context.session ? this.options.flows.get(context.session.flowId) : undefined;
    if (context.session && current) {
      const prompt = this.runner.prompt(
        current,
        context.session,
        stepContext,
        t(context.language, "flowInProgress"),
      );
      return { replies: [prompt] };
    }
    const first = flow.steps[0];
    if (!first) throw new Error(`flow ${flow.id} has no steps`);
    const now = context.now.getTime();
    const session: Session = {
      v: 1,
      flowId: flow.id,
      stepId: first.id,
      answers: {},
      editing: false,
      submissionId: randomUUID(),
      startedAt: now,
      updatedAt: now,
    };
    return { replies: this.runner.start(flow, session, stepContext), session };
  }

  /** Switches, then asks the pending flow question again in the new language. */
  private switchLanguage(
    language: Language,
    session: Session | null,
    context: StepContext,
  ): CommandResult {
    const replies: OutboundMessage[] = [{ text: t(language, "languageSwitched") }];
    const flow = session ? this.options.flows.get(session.flowId) : undefined;
    if (session && flow) replies.push(this.runner.prompt(flow, session, context));
    return { replies, language };
  }

  private async submit(
    message: InboundMessage,
    flow: Flow,
    session: Session,
    language: Language,
    now: Date,
    stepContext: StepContext,
  ): Promise<CommandResult> {
    const { user } = message;
    const phone = user.phone?.replace(/[^\d+]/g, "");
    const displayName = user.displayName ? truncate(sanitizeUserText(user.displayName), 256) : "";
    const username = user.username ? truncate(sanitizeUserText(user.username), 64) : "";
    const submission: Submission = submissionSchema.parse({
      submissionId: session.submissionId,
      flowId: flow.id,
      channel: message.channel,
      chatId: message.chatId,
      traceId: traceIdOf(message),
      submittedAt: now.toISOString(),
      reporter: {
        externalId: user.id,
        ...(displayName ? { displayName } : {}),
        ...(username ? { username } : {}),
        ...(phone && /^\+?\d{5,20}$/.test(phone) ? { phone } : {}),
        language,
      },
      ...this.runner.report(flow, session),
    });
    const key: ConversationKey = { channel: message.channel, userId: user.id };
    const limits = this.options.limits;
    if (limits && !(await limits.mayReport(key, now))) {
      // The draft is kept: it can be sent tomorrow with the same button.
      const prompt = this.runner.prompt(flow, session, stepContext);
      const max = limits.options.reportsPerDay;
      return { replies: [{ ...prompt, text: t(language, "reportLimit", { max }) }] };
    }
    const intake = limits ? await limits.admitIntake(now) : { admitted: true as const };
    if (!intake.admitted) {
      this.options.logger.warn("the intake rate ceiling is reached; a report was held back");
      const prompt = this.runner.prompt(flow, session, stepContext);
      const seconds = intake.waitSeconds;
      return { replies: [{ ...prompt, text: t(language, "intakeBusy", { seconds }) }] };
    }
    try {
      await this.options.intake.submit(submission);
    } catch (error) {
      this.options.logger.error(
        { err: error, submissionId: submission.submissionId },
        "could not queue a completed report; the reporter was asked to send it again",
      );
      const prompt = this.runner.prompt(flow, session, stepContext);
      return { replies: [{ ...prompt, text: t(language, "submitFailed") }] };
    }
    await limits?.countReport(key, now);
    this.options.logger.info(
      { submissionId: submission.submissionId, traceId: submission.traceId, flow: flow.id },
      "report queued for intake",
    );
    return { replies: [{ text: t(language, "submitted") }], session: null, ended: "submitted" };
  }
}
