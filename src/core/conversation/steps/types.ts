import type { Catalog } from "../../../config/catalog.js";
import type { FlowStep, StepOfType } from "../../flows/schema.js";
import type { MediaStore } from "../../media/media-store.js";
import type { InboundContent, Language } from "../../messages.js";
import type { RichText } from "../../text.js";
import type { CalendarDate } from "../../time/dates.js";
import type { Answer } from "../session-store.js";

export interface StepContext {
  readonly language: Language;
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
  /** The channel affordance the prompt offers, if any. */
  readonly input?: "location";
  /** Acknowledges a skipped step, when the channel needs a message to take its affordance away. */
  skipped?(language: Language): RichText;
}
