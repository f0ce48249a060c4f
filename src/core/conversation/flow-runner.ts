import type { Flow, FlowStep, StepConditions } from "../flows/schema.js";
import { label, t } from "../i18n/index.js";
import type { StoredFile } from "../media/media-store.js";
import {
  optionsPressable,
  type Choice,
  type InboundContent,
  type OutboundMessage,
} from "../messages.js";
import type { ReportLocation, Submission } from "../reports/submission.js";
import { concat, joinLines, plain, type RichText } from "../text.js";
import { SUMMARY_STEP, type Answer, type Session } from "./session-store.js";
import { stepKind, type StepContext, type StepInput } from "./steps/index.js";
import { chooseOption, KEEP, SKIP } from "./steps/types.js";
const SUMMARY_SEND = `${SUMMARY_STEP}:send`;
const SUMMARY_CANCEL = `${SUMMARY_STEP}:cancel`;
/**
 * The answers to "cancel this report?", which the summary's Batal asks first. Yes names the
 * draft: an old confirmation's button cancels no later draft.
 */
const cancelConfirmed = (session: Session) => `${SUMMARY_STEP}:cancel-yes:${session.submissionId}`;
const CANCEL_DECLINED = `${SUMMARY_STEP}:cancel-no`;
const SUMMARY_EDIT = `${SUMMARY_STEP}:edit:`;

export type FlowOutcome =
  | { readonly kind: "continue"; readonly session: Session; readonly replies: OutboundMessage[] }
  | { readonly kind: "cancel" }
  | { readonly kind: "submit"; readonly session: Session };

/** Every condition holds: the answer is one of its values, or a file of one of its kinds. */
function holds(conditions: StepConditions, answers: Session["answers"]): boolean {
  return conditions.every((condition) => {
    const answer = answers[condition.step];
    if (Array.isArray(answer)) return answer.some((file) => condition.in.includes(file.kind));
    return (
      (typeof answer === "string" || typeof answer === "boolean") && condition.in.includes(answer)
    );
  });
}

/** Changing an answer from the summary, the answer there may stay as it was. */
function keeps(
  session: Session,
  step: FlowStep,
  current: Answer | undefined,
): current is Exclude<Answer, null> {
  return session.editing && current !== undefined && current !== null && !stepKind(step).grows;
}

function applies(step: FlowStep, answers: Session["answers"]): boolean {
  return !step.when || holds(step.when, answers);
}

/** The step's prompt, or the first of its `promptWhen` variants that the answers select. */
function promptOf(step: FlowStep, answers: Session["answers"]): FlowStep["prompt"] {
  return step.promptWhen?.find((variant) => holds(variant.when, answers))?.prompt ?? step.prompt;
}

/**
 * Walks a reporter through a flow: asks each step that applies, checks each answer, shows the
 * summary where any answer can be changed, and says when the report is ready to be sent. Pure
 * with respect to storage: the engine loads and saves sessions around it.
 */
export class FlowRunner {
  /** Each flow's steps by id: looked up several times in every turn. */
  private readonly stepsById = new WeakMap<Flow, ReadonlyMap<string, FlowStep>>();
  /**
   * The options last computed for a draft, and for which turn (its StepContext): a turn asks
   * for them up to four times (to read a typed answer, to check it, to word the prompt, to
   * remember the menu), and a draft is a new object whenever it changes.
   */
  private readonly offered = new WeakMap<
    Session,
    { readonly context: StepContext; readonly rows: readonly (readonly Choice[])[] }
  >();

  /** Finds the step a session waits on; undefined on the summary. */
  private step(flow: Flow, session: Session): FlowStep | undefined {
    let steps = this.stepsById.get(flow);
    if (!steps) {
      steps = new Map(flow.steps.map((step) => [step.id, step]));
      this.stepsById.set(flow, steps);
    }
    return steps.get(session.stepId);
  }

  start(flow: Flow, session: Session, context: StepContext): OutboundMessage[] {
    const intro = flow.intro ? [{ text: plain(flow.intro[context.language]) }] : [];
    return [...intro, this.prompt(flow, session, context)];
  }

  /** The message that asks for the session's current step (or shows the summary). */
  prompt(flow: Flow, session: Session, context: StepContext, lead?: RichText): OutboundMessage {
    const step = this.step(flow, session);
    const choices = this.choices(flow, session, context);
    const pressable = this.pressable(step, choices.flat().length, context);
    if (!step) {
      const summary = this.summaryText(flow, session, context, pressable);
      return { text: lead ? joinLines([lead, summary], "\n\n") : summary, choices };
    }
    const current = session.answers[step.id];
    const kind = stepKind(step);
    const lines: RichText[] = [plain(promptOf(step, session.answers)[context.language])];
    if (session.editing && current !== undefined && current !== null) {
      const value = kind.display(step, current, context);
      lines.push(t(context.language, "currentAnswer", { value }));
    }
    const keeping = keeps(session, step, current);
    const how =
      this.how(flow, session, context) ??
      (choices.length > (keeping ? 1 : 0) && !pressable
        ? t(context.language, "typeNumber")
        : undefined);
    if (how) lines.push(how);
    if (keeping) {
      const action = this.pick(flow, session, step, context)(KEEP);
      lines.push(t(context.language, "keepHint", { action }));
    }
    return {
      text: lead ? joinLines([lead, joinLines(lines)], "\n\n") : joinLines(lines),
      choices,
      ...(kind.input === "location"
        ? { input: { kind: "location", label: label(context.language, "shareLocation") } }
        : {}),
    };
  }

  /** Options of the current prompt, as opaque values: `<step>:<option>` or summary actions. */
  choices(flow: Flow, session: Session, context: StepContext): readonly (readonly Choice[])[] {
    const known = this.offered.get(session);
    if (known?.context === context) return known.rows;
    const rows = this.options(flow, session, context);
    this.offered.set(session, { context, rows });
    return rows;
  }

  private options(flow: Flow, session: Session, context: StepContext): Choice[][] {
    const { language } = context;
    const step = this.step(flow, session);
    if (!step) {
      const edits = this.applicableSteps(flow, session).map((candidate) => ({
        value: `${SUMMARY_EDIT}${candidate.id}`,
        label: label(language, "edit", { field: candidate.label[language].toLowerCase() }),
      }));
      const editRows: Choice[][] = [];
      for (let index = 0; index < edits.length; index += 2)
        editRows.push(edits.slice(index, index + 2));
      return [
        [{ value: SUMMARY_SEND, label: label(language, "send") }],
        ...editRows,
        [{ value: SUMMARY_CANCEL, label: label(language, "cancel") }],
      ];
    }
    const rows: Choice[][] = stepKind(step)
      .options(step, session.answers[step.id], context)
      .map((row) =>
        row.map((option) => ({ value: `${step.id}:${option.value}`, label: option.label })),
      );
    const kind = stepKind(step);
    const current = session.answers[step.id];
    if (step.optional && (kind.canSkip?.(current) ?? true)) {
      rows.push([{ value: `${step.id}:${SKIP}`, label: label(language, "skip") }]);
    }
    if (keeps(session, step, current)) {
      rows.push([{ value: `${step.id}:${KEEP}`, label: label(language, "keepAnswer") }]);
    }
    return rows;
  }

  /** The step's own "how to answer" line, with its options named as the channel picks them. */
  private how(flow: Flow, session: Session, context: StepContext): RichText | undefined {
    const step = this.step(flow, session);
    const kind = step ? stepKind(step) : undefined;
    if (!step || !kind?.how) return undefined;
    return kind.how(
      step,
      session.answers[step.id],
      context,
      this.pick(flow, session, step, context),
    );
  }

  /**
   * Whether a question's `options` (the summary's, without a step) reach the person as buttons,
   * or as a numbered list.
   */
  private pressable(step: FlowStep | undefined, options: number, context: StepContext): boolean {
    return optionsPressable(
      context.capabilities,
      options,
      step !== undefined && asksLocation(step, context),
    );
  }

  /** Says how to choose one of the step's options in the channel's terms ("Ketik 2 (Lewati)"). */
  private pick(
    flow: Flow,
    session: Session,
    step: FlowStep,
    context: StepContext,
  ): (value: string) => string {
    const offered = this.choices(flow, session, context).flat();
    const pressable = this.pressable(step, offered.length, context);
    return (value) => {
      const index = offered.findIndex((choice) => choice.value === `${step.id}:${value}`);
      const option = offered[index]?.label ?? value;
      if (pressable) return label(context.language, "pressOption", { option });
      // "Ketik 1 (Selesai (1 file))" would nest brackets.
      const key = option.includes("(") ? "typeOptionFor" : "typeOption";
      return label(context.language, key, { number: index + 1, option });
    };
  }

  /**
   * Takes the reporter's answer to the pending step. A typed number or label has already been
   * read as the option it names (see ./menu.ts), so options arrive as `choice` content.
   */
  async answer(
    flow: Flow,
    session: Session,
    content: InboundContent,
    context: StepContext,
    now: number,
  ): Promise<FlowOutcome> {
    const offered = this.choices(flow, session, context).flat();
    let chosen: string | undefined;
    if (content.kind === "choice") {
      const confirming =
        !this.step(flow, session) &&
        (content.value === cancelConfirmed(session) || content.value === CANCEL_DECLINED);
      if (!confirming && !offered.some((choice) => choice.value === content.value)) {
        return this.again(flow, session, context, t(context.language, "staleButton"));
      }
      chosen = content.value;
    }

    const step = this.step(flow, session);
    if (!step) return this.onSummary(flow, session, context, chosen, now);

    let input: StepInput;
    if (chosen !== undefined) {
      const value = chosen.slice(step.id.length + 1);
      const current = session.answers[step.id];
      if (value === KEEP && keeps(session, step, current)) {
        return this.advance(flow, session, step, current, context, now);
      }
      if (value === SKIP) {
        const ack = stepKind(step).skipped?.(context.language);
        return this.advance(flow, session, step, null, context, now, ack);
      }
      input = { kind: "option", value };
    } else if (content.kind === "choice") {
      return this.again(flow, session, context, t(context.language, "staleButton"));
    } else {
      input = content;
    }

    const current = session.answers[step.id];
    const outcome = await stepKind(step).accept(step, input, current, context);
    switch (outcome.kind) {
      case "invalid":
        return this.again(flow, session, context, outcome.message);
      case "unchosen":
        return this.again(flow, session, context, this.askToChoose(flow, session, context));
      case "stay": {
        const updated = {
          ...session,
          answers: { ...session.answers, [step.id]: outcome.value },
          updatedAt: now,
        };
        return {
          kind: "continue",
          session: updated,
          replies: [
            {
              text: this.withHow(outcome.message, flow, updated, context),
              choices: this.choices(flow, updated, context),
            },
          ],
        };
      }
      case "answer":
        return this.advance(flow, session, step, outcome.value, context, now, outcome.ack);
    }
  }

  /**
   * Changing an answer from the summary: the answer stays as it was and the summary comes back
   * after `lead`. Undefined when there is none to keep (the change already led to a new question).
   */
  keepAnswer(
    flow: Flow,
    session: Session,
    context: StepContext,
    now: number,
    lead: RichText,
  ): FlowOutcome | undefined {
    const step = this.step(flow, session);
    if (!step || !session.editing) return undefined;
    // A growing answer (files) changed with each message: it goes back to what it was. A
    // skipped answer (null) stays skipped.
    const kept = stepKind(step).grows ? session.changedFrom : session.answers[step.id];
    if (kept === undefined) return undefined;
    return this.advance(flow, session, step, kept, context, now, lead);
  }

  private again(
    flow: Flow,
    session: Session,
    context: StepContext,
    message: RichText,
  ): FlowOutcome {
    const prompt = this.prompt(flow, session, context);
    return {
      kind: "continue",
      session,
      replies: [{ ...prompt, text: this.withHow(message, flow, session, context) }],
    };
  }

  /** Asks again for one of the current question's options, as they reached the person. */
  private askToChoose(flow: Flow, session: Session, context: StepContext): RichText {
    return chooseOption(context.language, this.optionsPressed(flow, session, context));
  }

  /** Whether the pending question's options reached the person as buttons (not numbered). */
  optionsPressed(flow: Flow, session: Session, context: StepContext): boolean {
    const options = this.choices(flow, session, context).flat().length;
    return this.pressable(this.step(flow, session), options, context);
  }

  private withHow(message: RichText, flow: Flow, session: Session, context: StepContext): RichText {
    const how = this.how(flow, session, context);
    return how ? joinLines([message, how], " ") : message;
  }

  private advance(
    flow: Flow,
    session: Session,
    step: FlowStep,
    value: Answer,
    context: StepContext,
    now: number,
    ack?: RichText,
  ): FlowOutcome {
    const answers = { ...session.answers, [step.id]: value };
    const index = flow.steps.indexOf(step);
    const next = session.editing
      ? flow.steps.find(
          (candidate) => applies(candidate, answers) && answers[candidate.id] === undefined,
        )
      : flow.steps.slice(index + 1).find((candidate) => applies(candidate, answers));
    const updated: Session = {
      ...session,
      answers,
      stepId: next?.id ?? SUMMARY_STEP,
      editing: next !== undefined && session.editing,
      // The answer is given: there is nothing left to put back.
      changedFrom: undefined,
      updatedAt: now,
    };
    const replies: OutboundMessage[] = ack ? [{ text: ack }] : [];
    replies.push(this.prompt(flow, updated, context));
    return { kind: "continue", session: updated, replies };
  }

  private onSummary(
    flow: Flow,
    session: Session,
    context: StepContext,
    chosen: string | undefined,
    now: number,
  ): FlowOutcome {
    if (chosen === SUMMARY_SEND) return { kind: "submit", session };
    // Every answer goes with a cancel, and the summary's numbers move as its options change
    // (a report kind without a location has fewer): one mistyped number must not lose it all.
    if (chosen === SUMMARY_CANCEL) {
      const { language } = context;
      const confirm: OutboundMessage = {
        text: t(language, "cancelConfirm"),
        // Going back first: "1" typed out of habit (Kirim's number) loses nothing.
        choices: [
          [{ value: CANCEL_DECLINED, label: label(language, "cancelNo") }],
          [{ value: cancelConfirmed(session), label: label(language, "cancelYes") }],
        ],
      };
      return { kind: "continue", session: { ...session, updatedAt: now }, replies: [confirm] };
    }
    if (chosen === cancelConfirmed(session)) return { kind: "cancel" };
    if (chosen === CANCEL_DECLINED) {
      return { kind: "continue", session, replies: [this.prompt(flow, session, context)] };
    }
    if (chosen?.startsWith(SUMMARY_EDIT)) {
      const changing = {
        ...session,
        stepId: chosen.slice(SUMMARY_EDIT.length),
        editing: true,
        updatedAt: now,
      };
      const step = this.step(flow, changing);
      const current = step && session.answers[step.id];
      // Files come and go while they are changed: /batal needs them as they were (keepAnswer).
      const updated =
        step && stepKind(step).grows && current !== undefined
          ? { ...changing, changedFrom: current }
          : changing;
      return { kind: "continue", session: updated, replies: [this.prompt(flow, updated, context)] };
    }
    return this.again(flow, session, context, this.askToChoose(flow, session, context));
  }

  private applicableSteps(flow: Flow, session: Session): FlowStep[] {
    return flow.steps.filter((step) => applies(step, session.answers));
  }

  private summaryText(
    flow: Flow,
    session: Session,
    context: StepContext,
    pressable: boolean,
  ): RichText {
    const { language } = context;
    const lines = this.applicableSteps(flow, session).map((step) => {
      const answer = session.answers[step.id];
      const shown =
        answer === undefined || answer === null
          ? label(language, "notAnswered")
          : stepKind(step).display(step, answer, context);
      return concat([{ text: `${step.label[language]}: `, bold: true }], plain(shown));
    });
    const footer = pressable ? "summaryFooter" : "summaryFooterTyped";
    return joinLines([t(language, "summaryHeader"), joinLines(lines), t(language, footer)], "\n\n");
  }

  /** The report as the intake worker receives it, from the answers of the steps that apply. */
  report(flow: Flow, session: Session): Pick<Submission, "report" | "attachments"> {
    const values: Partial<Record<FlowStep["field"], Answer>> = {};
    for (const step of this.applicableSteps(flow, session)) {
      const answer = session.answers[step.id];
      if (answer !== undefined && answer !== null) values[step.field] = answer;
    }
    const preset = flow.preset;
    return {
      report: {
        kind: (preset.kind ?? values.kind) as Submission["report"]["kind"],
        title: values.title as string,
        description: values.description as string,
        ...(values.category ? { categoryId: values.category as string } : {}),
        ...(values.location ? { location: values.location as ReportLocation } : {}),
        ...(values.eventDate ? { eventDate: values.eventDate as string } : {}),
        anonymous: (preset.anonymous ?? values.anonymous) === true,
        confidential: (preset.confidential ?? values.confidential) === true,
        photosPublic: values.photosPublic === true,
      },
      attachments: (values.attachments as StoredFile[] | undefined) ?? [],
    };
  }

  /** True while the session waits on a step that offers location sharing. */
  wantsLocation(flow: Flow, session: Session | null): boolean {
    if (!session) return false;
    const step = this.step(flow, session);
    return step !== undefined && stepKind(step).input === "location";
  }

  /**
   * Whether the pending question's options name things (a kind of report, a category), which
   * a typed key word may pick; never actions such as "Hapus semua lampiran".
   */
  picksByWord(flow: Flow, session: Session): boolean {
    const type = this.step(flow, session)?.type;
    return type === "choice" || type === "category";
  }

  /** Whether a number typed that none of the pending question's options has is a day ("12"). */
  readsDays(flow: Flow, session: Session): boolean {
    return this.step(flow, session)?.type === "date";
  }
}

/** The step's prompt carries the app's location request (a location step where pins exist). */
const asksLocation = (step: FlowStep, context: StepContext): boolean =>
  stepKind(step).input === "location" && context.capabilities.locationSharing;
