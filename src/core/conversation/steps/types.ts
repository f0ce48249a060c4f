import type { Catalog } from "../../../config/catalog.js";
import type { FlowStep, StepOfType } from "../../flows/schema.js";
import type { MediaStore } from "../../media/media-store.js";
import type { ChannelCapabilities, InboundContent, Language } from "../../messages.js";
import { t } from "../../i18n/index.js";
import type { RichText } from "../../text.js";
import type { CalendarDate } from "../../time/dates.js";
import type { Answer } from "../session-store.js";

/** The value of the option that skips an optional step. */
export const SKIP = "$skip";
/** The value of the option that leaves an answer as it was, when it is changed from the summary. */
export const KEEP = "$keep";

export interface StepContext {
  readonly language: Language;
  /** What the person's channel can do, for the wording of prompts. */
  readonly capabilities: ChannelCapabilities;
  readonly today: CalendarDate;
  readonly catalog: Catalog;
  readonly media: MediaStore;
  /** The deployment's cap on attachments per report; a flow may ask for fewer. */
  readonly maxAttachments: number;
}

/** What a step receives: the user's message, or one of the step's own options. */
export type StepInput =
  Exclude<InboundContent, { kind: "choice" }> | { kind: "option"; value: string };

export type StepOutcome =
  /** The step is answered; the flow moves on. */
  | { readonly kind: "answer"; readonly value: Answer; readonly ack?: RichText }
  /** The input cannot be used; the step is asked again with this explanation. */
  | { readonly kind: "invalid"; readonly message: RichText }
  /**
   * The input is none of the step's options: the step is asked again saying how to pick one,
   * as its options reached the person (the runner knows whether they went as buttons).
   */
  | { readonly kind: "unchosen" }
  /** The answer grew but the step stays open (another attachment may follow). */
  | { readonly kind: "stay"; readonly value: Answer; readonly message: RichText };

export interface StepOption {
  readonly value: string;
  readonly label: string;
}

/** How one type of step asks, reads and shows its answer. */
export interface StepKind<Type extends FlowStep["type"]> {
  /** Options offered with the prompt, in rows; `current` is the answer so far. */
  options(
    step: StepOfType<Type>,
    current: Answer | undefined,
    context: StepContext,
  ): StepOption[][];
  accept(
    step: StepOfType<Type>,
    input: StepInput,
    current: Answer | undefined,
    context: StepContext,
  ): Promise<StepOutcome>;
  /** The answer as one line of the summary. */
  display(step: StepOfType<Type>, answer: Answer, context: StepContext): string;
  /**
   * How to answer, in the channel's terms, shown under the prompt and under an invalid answer;
   * `pick(value)` says how to choose one of the prompt's options ("Press Done", "Type 1 (Done)").
   */
  how?(
    step: StepOfType<Type>,
    current: Answer | undefined,
    context: StepContext,
    pick: (value: string) => string,
  ): RichText | undefined;
  /** Whether an optional step offers to skip it now; always, without this. */
  canSkip?(current: Answer | undefined): boolean;
  /**
   * The answer grows over several messages and the step's own option ends it (attachments'
   * Done): changed from the summary, it needs no option to keep the answer as it was.
   */
  readonly grows?: true;
  /** The channel affordance the prompt offers, if any. */
  readonly input?: "location";
  /** Acknowledges a skipped step, when the channel needs a message to take its affordance away. */
  skipped?(language: Language): RichText;
}

/**
 * Asks again for one of the options as they reached the person: buttons to press, or a
 * numbered list to type from (a text-only channel, or more options than it shows as buttons).
 */
export function chooseOption(language: Language, pressable: boolean): RichText {
  return t(language, pressable ? "chooseOption" : "chooseOptionTyped");
}
