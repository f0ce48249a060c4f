import { randomUUID } from "node:crypto";
import type { FlowSet } from "../flows/loader.js";
import type { Flow } from "../flows/schema.js";
import { t } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import {
  optionsPressable,
  traceIdOf,
  type InboundContent,
  type InboundMessage,
  type Language,
  type OutboundMessage,
} from "../messages.js";
import { confirmationMessage } from "../reports/confirmation.js";
import { accountDetails, submissionSchema, type Submission } from "../reports/submission.js";
import { trackingCodeOf } from "../reports/tracking-code.js";
import type { RichText } from "../text.js";
import type { CommandResult } from "./commands.js";
import { FlowRunner } from "./flow-runner.js";
import { rememberMenu, type StoredMenu } from "./menu.js";
import type { InboundHandler, Turn } from "./pipeline.js";
import type { ConversationKey, Session } from "./session-store.js";
import type { StepContext } from "./steps/index.js";
import type { UserLimits } from "./user-limits.js";
import type { MeToo } from "./me-too.js";
import type { PendingCodes } from "./pending-codes.js";
import { chooseOption } from "./steps/types.js";

/** Where completed reports go: the intake queue in production. */
export interface SubmissionSink {
  submit(submission: Submission): Promise<void>;
}

export interface DraftsOptions {
  readonly flows: FlowSet;
  readonly intake: SubmissionSink;
  readonly logger: Logger;
  readonly trackingCodePrefix: string;
  /** The address of a report's public page (PUBLIC_BASE_URL); none: no link is told. */
  readonly publicPage?: (trackingCode: string) => string;
  /** Reports per day and the intake ceiling; none without it. */
  readonly limits?: UserLimits;
  /** Offers to support a report filed nearby instead; none without it. */
  readonly meToo?: MeToo;
  /** Remembers each code told until its report is stored (/status) and its reply sent. */
  readonly pendingCodes?: PendingCodes;
}

/** A draft cancelled: nothing sent, and the flow's own command to start it again. */
export function cancelledDraft(language: Language, flow: Flow | undefined): OutboundMessage {
  return { text: t(language, "cancelled", { command: startingCommand(flow) }) };
}

/**
 * What to say of a message the bot cannot use: an edit cannot be read (say to send it anew; a
 * draft says otherwise, see handle), a kind the channel named is named back, and one nobody can
 * name is not called "this kind".
 */
function unsupportedReply(
  language: Language,
  content: Extract<InboundContent, { kind: "unsupported" }>,
): RichText {
  if (content.edited) return t(language, "unsupportedEdited");
  if (content.what) return t(language, "unsupportedContent", { what: content.what });
  return t(language, "unsupportedUnknown");
}

/** The command that starts `flow` again, for "type /… to start again". */
export function startingCommand(flow: Flow | undefined): string {
  return flow?.commands[0] ?? "lapor";
}

/**
 * The reports citizens are writing: starting a flow, taking each answer (the last handler of
 * the engine, for whatever no command or button claimed), asking the pending question again,
 * and handing a finished report to the intake queue.
 */
export class Drafts implements InboundHandler {
  private readonly runner = new FlowRunner();

  constructor(private readonly options: DraftsOptions) {}

  /** The flow a draft follows; undefined once the flow is no longer loaded. */
  flowOf(session: Session | null): Flow | undefined {
    return session ? this.options.flows.get(session.flowId) : undefined;
  }

  /** The draft's pending question again (or its summary), after `lead` when given. */
  ask(session: Session, steps: StepContext, lead?: RichText): OutboundMessage | undefined {
    const flow = this.flowOf(session);
    if (!flow) return undefined;
    const { meToo } = this.options;
    if (meToo?.showing(session)) return meToo.question(session, steps.language, lead);
    return this.runner.prompt(flow, session, steps, lead);
  }

  /**
   * /batal while an answer is being changed from the summary: the change is dropped and the
   * summary shown again, the draft kept. Undefined when no change can be dropped.
   */
  dropChange(session: Session, steps: StepContext, now: Date): CommandResult | undefined {
    const flow = this.flowOf(session);
    if (!flow || this.options.meToo?.showing(session)) return undefined;
    const lead = t(steps.language, "changeCancelled");
    const outcome = this.runner.keepAnswer(flow, session, steps, now.getTime(), lead);
    return outcome?.kind === "continue"
      ? { replies: outcome.replies, session: outcome.session }
      : undefined;
  }

  /** The pending question's options, as a menu a typed number or label answers. */
  menu(session: Session | null, steps: StepContext): StoredMenu | null {
    const flow = this.flowOf(session);
    if (!session || !flow) return null;
    const { meToo } = this.options;
    const choices = meToo?.showing(session)
      ? meToo.choices(session, steps.language).flat()
      : this.runner.choices(flow, session, steps).flat();
    return choices.length > 0 ? rememberMenu(choices) : null;
  }

  /** Whether the pending question's options reached the person as buttons (not numbered). */
  optionsPressed(session: Session, steps: StepContext): boolean {
    const flow = this.flowOf(session);
    if (!flow) return false;
    const { meToo } = this.options;
    if (!meToo?.showing(session)) return this.runner.optionsPressed(flow, session, steps);
    const options = meToo.choices(session, steps.language).flat().length;
    return optionsPressable(steps.capabilities, options, false);
  }

  /** True while the draft's question offers things a typed key word may pick (see FlowRunner). */
  picksByWord(session: Session | null): boolean {
    return this.flowQuestion(session, (flow, draft) => this.runner.picksByWord(flow, draft));
  }

  /** True while the draft's question takes a number none of its options has as a day. */
  readsDays(session: Session | null): boolean {
    return this.flowQuestion(session, (flow, draft) => this.runner.readsDays(flow, draft));
  }

  /** What `read` says of the flow's pending question; false while the me-too question shows. */
  private flowQuestion(
    session: Session | null,
    read: (flow: Flow, session: Session) => boolean,
  ): boolean {
    const flow = this.flowOf(session);
    if (!session || !flow || this.options.meToo?.showing(session)) return false;
    return read(flow, session);
  }

  /** True while the draft waits on a step that offers location sharing. */
  wantsLocation(session: Session | null): boolean {
    const flow = this.flowOf(session);
    return flow !== undefined && this.runner.wantsLocation(flow, session);
  }

  /** Starts `flow`, unless a draft is in progress: then its question comes back instead. */
  start(flow: Flow, turn: Pick<Turn, "session" | "steps" | "now">): CommandResult {
    const { steps } = turn;
    const pending = turn.session
      ? this.ask(turn.session, steps, t(steps.language, "flowInProgress"))
      : undefined;
    if (pending) return { replies: [pending] };
    const first = flow.steps[0];
    if (!first) throw new Error(`flow ${flow.id} has no steps`);
    const now = turn.now.getTime();
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
    return { replies: this.runner.start(flow, session, steps), session };
  }

  async handle(turn: Turn): Promise<CommandResult> {
    const { message, session, steps, now } = turn;
    const { content } = message;
    const { language } = steps;
    const flow = this.flowOf(session);
    if (!session || !flow) {
      if (content.kind === "unsupported") {
        return { replies: [{ text: unsupportedReply(language, content) }] };
      }
      // Pointed at the options still waiting (the privacy notice after /lapor), not at /lapor.
      if (content.kind !== "choice" && turn.unansweredMenu) {
        // Buttons only where the menu went as buttons: past the channel's limit it was a list.
        const pressable = optionsPressable(message.capabilities, turn.unansweredMenu, false);
        const text = pressable
          ? t(language, "menuUnansweredButtons")
          : t(language, "menuUnanswered", { max: turn.unansweredMenu });
        return { replies: [{ text }] };
      }
      const lead = content.kind === "choice" ? [{ text: t(language, "staleButton") }] : [];
      return { replies: [...lead, { text: t(language, "idle") }] };
    }
    if (content.kind === "unsupported" && content.edited) {
      // Usually an earlier answer was edited: "send it again" would make the text the answer
      // to this question. Earlier answers change from the summary; this question stays as asked.
      const reply = this.ask(session, steps, t(language, "unsupportedEditedDraft"));
      if (reply) return { replies: [reply] };
    }
    if (content.kind === "unsupported") {
      return this.again(flow, session, steps, unsupportedReply(language, content));
    }
    const { meToo } = this.options;
    if (meToo?.showing(session)) return this.onNearby(meToo, turn, flow, session);
    const outcome = await this.runner.answer(flow, session, content, steps, now.getTime());
    switch (outcome.kind) {
      case "continue": {
        const offered = await meToo?.offer(flow, outcome.session, message, now);
        if (!meToo || !offered) return { replies: outcome.replies, session: outcome.session };
        if (!meToo.showing(offered)) return { replies: outcome.replies, session: offered };
        // The answer's acknowledgement stays (on Telegram it also takes the location keyboard
        // away); the next question waits until the citizen has answered this one.
        const question = meToo.question(offered, language);
        return { replies: [...outcome.replies.slice(0, -1), question], session: offered };
      }
      case "cancel":
        return { replies: [cancelledDraft(language, flow)], session: null, ended: "cancelled" };
      case "submit":
        return this.submit(message, flow, outcome.session, steps, now);
    }
  }

  /** The answer to "is this the same problem?": support a nearby report, or file anew. */
  private async onNearby(
    meToo: MeToo,
    turn: Turn,
    flow: Flow,
    session: Session,
  ): Promise<CommandResult> {
    const { message, steps, now } = turn;
    const { language } = steps;
    const pick = meToo.pick(session, message.content);
    const searched = session.nearby?.searched ?? "";
    const goOn: Session = { ...session, nearby: { searched }, updatedAt: now.getTime() };
    const onward = (text: RichText): CommandResult => ({
      replies: [{ text }, this.runner.prompt(flow, goOn, steps)],
      session: goOn,
    });
    if (pick.kind === "other") {
      const pressable = this.optionsPressed(session, steps);
      return { replies: [meToo.question(session, language, chooseOption(language, pressable))] };
    }
    if (pick.kind === "new") return onward(t(language, "nearbyFileNewAck"));
    const outcome = await meToo.support(message, language, pick.trackingCode);
    const code = outcome.trackingCode;
    switch (outcome.kind) {
      case "supported": {
        const text = t(language, "supportDone", { code, count: outcome.supporters });
        return { replies: [{ text }], session: null, ended: "supported" };
      }
      case "own":
        return {
          replies: [{ text: t(language, "supportOwn", { code }) }],
          session: null,
          ended: "supported",
        };
      case "unavailable":
        return onward(t(language, "supportUnavailable", { code }));
    }
  }

  /** The pending question with `text` in its place: the draft stays as it is. */
  private again(flow: Flow, session: Session, steps: StepContext, text: RichText): CommandResult {
    return { replies: [{ ...this.runner.prompt(flow, session, steps), text }] };
  }

  private async submit(
    message: InboundMessage,
    flow: Flow,
    session: Session,
    steps: StepContext,
    now: Date,
  ): Promise<CommandResult> {
    const { language } = steps;
    const { user } = message;
    // The number is told now, with the reply to Kirim: the worker stores the report under it.
    const trackingCode = trackingCodeOf(session.submissionId, this.options.trackingCodePrefix);
    const submission: Submission = submissionSchema.parse({
      submissionId: session.submissionId,
      flowId: flow.id,
      channel: message.channel,
      chatId: message.chatId,
      traceId: traceIdOf(message),
      submittedAt: now.toISOString(),
      trackingCode,
      reporter: { externalId: user.id, ...accountDetails(user), language },
      ...this.runner.report(flow, session),
    });
    const key: ConversationKey = { channel: message.channel, userId: user.id };
    const { limits, logger } = this.options;
    // A refused draft is kept: it can be sent later with the same button.
    const admission = limits ? await limits.admitReport(key, now) : { kind: "admitted" as const };
    if (admission.kind === "daily-limit") {
      const max = limits?.options.reportsPerDay ?? 0;
      return this.again(flow, session, steps, t(language, "reportLimit", { max }));
    }
    if (admission.kind === "intake-busy") {
      logger.warn("the intake rate ceiling is reached; a report was held back");
      const seconds = admission.waitSeconds;
      return this.again(flow, session, steps, t(language, "intakeBusy", { seconds }));
    }
    try {
      // Owed before it is queued: should this process die before the reply goes out, the
      // worker sends the confirmation of the report it stores.
      await this.options.pendingCodes?.told(
        message.channel,
        user.id,
        trackingCode,
        submission.submissionId,
        now,
      );
      await this.options.intake.submit(submission);
    } catch (error) {
      logger.error(
        { err: error, submissionId: submission.submissionId },
        "could not queue a completed report; the reporter was asked to send it again",
      );
      return this.again(flow, session, steps, t(language, "submitFailed"));
    }
    await limits?.countReport(key, now);
    logger.info(
      {
        submissionId: submission.submissionId,
        traceId: submission.traceId,
        flow: flow.id,
        trackingCode,
      },
      "report queued for intake",
    );
    const confirmation = confirmationMessage(language, trackingCode, {
      confidential: submission.report.confidential,
      publicPage: this.options.publicPage,
      submissionId: submission.submissionId,
    });
    return { replies: [confirmation], session: null, ended: "submitted" };
  }
}
