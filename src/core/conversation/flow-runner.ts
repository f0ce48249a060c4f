import type { Flow, FlowStep } from "../flows/schema.js";
import { label, t } from "../i18n/index.js";
import type { StoredFile } from "../media/media-store.js";
import type { Choice, InboundContent, OutboundMessage } from "../messages.js";
import type { ReportLocation, Submission } from "../reports/submission.js";
import { concat, joinLines, plain, type RichText } from "../text.js";
import { SUMMARY_STEP, type Answer, type Session } from "./session-store.js";
import { stepKind, type StepContext, type StepInput } from "./steps/index.js";

const SKIP = "$skip";
const SUMMARY_SEND = `${SUMMARY_STEP}:send`;
const SUMMARY_CANCEL = `${SUMMARY_STEP}:cancel`;
const SUMMARY_EDIT = `${SUMMARY_STEP}:edit:`;

export type FlowOutcome =
  | { readonly kind: "continue"; readonly session: Session; readonly replies: OutboundMessage[] }
  | { readonly kind: "cancel" }
  | { readonly kind: "submit"; readonly session: Session };

function applies(step: FlowStep, answers: Session["answers"]): boolean {
  if (!step.when) return true;
  const answer = answers[step.when.step];
  return (
    (typeof answer === "string" || typeof answer === "boolean") && step.when.in.includes(answer)
  );
}

/** Letters and digits only, lower case: "✅ Kirim" and "kirim" read the same. */
function loose(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Walks a reporter through a flow: asks each step that applies, checks each answer, shows the
 * summary where any answer can be changed, and says when the report is ready to be sent. Pure
 * with respect to storage: the engine loads and saves sessions around it.
 */
export class FlowRunner {
  /** Finds the step a session waits on; undefined on the summary. */
  private step(flow: Flow, session: Session): FlowStep | undefined {
    return flow.steps.find((step) => step.id === session.stepId);
  }

  start(flow: Flow, session: Session, context: StepContext): OutboundMessage[] {
    const intro = flow.intro ? [{ text: plain(flow.intro[context.language]) }] : [];
    return [...intro, this.prompt(flow, session, context)];
  }

  /** The message that asks for the session's current step (or shows the summary). */
  prompt(flow: Flow, session: Session, context: StepContext, lead?: RichText): OutboundMessage {
    const step = this.step(flow, session);
    const choices = this.choices(flow, session, context);
    if (!step) return { text: this.summaryText(flow, session, context), choices };
    const current = session.answers[step.id];
    const lines: RichText[] = [plain(step.prompt[context.language])];
    if (session.editing && current !== undefined && current !== null) {
      lines.push(
        t(context.language, "currentAnswer", {
          value: stepKind(step).display(step, current, context),
        }),
      );
    }
    const kind = stepKind(step);
    return {
      text: lead ? joinLines([lead, ...lines], "\n\n") : joinLines(lines),
      choices,
      ...(kind.input === "location"
        ? { input: { kind: "location", label: label(context.language, "shareLocation") } }
        : {}),
    };
  }

  /** Options of the current prompt, as opaque values: `<step>:<option>` or summary actions. */
  choices(flow: Flow, session: Session, context: StepContext): Choice[][] {
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
    if (step.optional) rows.push([{ value: `${step.id}:${SKIP}`, label: label(language, "skip") }]);
    return rows;
  }

  /**
   * Reads a typed reply as one of the offered options when it is the option's number (text
   * channels show options numbered) or its label, so "2", "aspirasi" and a pressed button agree.
   */
  private matchTypedChoice(choices: readonly Choice[], text: string): Choice | undefined {
    const typed = text.trim();
    if (/^\d{1,2}$/.test(typed)) return choices[Number(typed) - 1];
    const wanted = loose(typed);
    if (wanted.length === 0) return undefined;
    return choices.find((choice) => {
      const candidate = loose(choice.label);
      return candidate === wanted || (wanted.length >= 4 && candidate.startsWith(wanted));
    });
  }

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
      if (!offered.some((choice) => choice.value === content.value)) {
        return this.again(flow, session, context, t(context.language, "staleButton"));
      }
      chosen = content.value;
    } else if (content.kind === "text" && offered.length > 0) {
      chosen = this.matchTypedChoice(offered, content.text)?.value;
    }

    const step = this.step(flow, session);
    if (!step) return this.onSummary(flow, session, context, chosen, now);

    let input: StepInput;
    if (chosen !== undefined) {
      const value = chosen.slice(step.id.length + 1);
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
      case "stay": {
        const updated = {
          ...session,
          answers: { ...session.answers, [step.id]: outcome.value },
          updatedAt: now,
        };
        return {
          kind: "continue",
          session: updated,
          replies: [{ text: outcome.message, choices: this.choices(flow, updated, context) }],
        };
      }
      case "answer":
        return this.advance(flow, session, step, outcome.value, context, now, outcome.ack);
    }
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
      replies: [{ ...prompt, text: message }],
    };
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
    if (chosen === SUMMARY_CANCEL) return { kind: "cancel" };
    if (chosen?.startsWith(SUMMARY_EDIT)) {
      const updated = {
        ...session,
        stepId: chosen.slice(SUMMARY_EDIT.length),
        editing: true,
        updatedAt: now,
      };
      return { kind: "continue", session: updated, replies: [this.prompt(flow, updated, context)] };
    }
    return this.again(flow, session, context, t(context.language, "chooseOption"));
  }

  private applicableSteps(flow: Flow, session: Session): FlowStep[] {
    return flow.steps.filter((step) => applies(step, session.answers));
  }

  private summaryText(flow: Flow, session: Session, context: StepContext): RichText {
    const { language } = context;
    const lines = this.applicableSteps(flow, session).map((step) => {
      const answer = session.answers[step.id];
      const shown =
        answer === undefined || answer === null
          ? label(language, "notAnswered")
          : stepKind(step).display(step, answer, context);
      return concat([{ text: `${step.label[language]}: `, bold: true }], plain(shown));
    });
    return joinLines(
      [t(language, "summaryHeader"), joinLines(lines), t(language, "summaryFooter")],
      "\n\n",
    );
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
}
