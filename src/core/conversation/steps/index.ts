import type { FlowStep } from "../../flows/schema.js";
import { attachmentsStep } from "./attachments.js";
import { categoryStep } from "./category.js";
import { choiceStep } from "./choice.js";
import { dateStep } from "./date.js";
import { locationStep } from "./location.js";
import { textStep } from "./text.js";
import type { StepKind } from "./types.js";
import { yesNoStep } from "./yes-no.js";

export type { StepContext, StepInput, StepOutcome, StepOption } from "./types.js";

const kinds: { [Type in FlowStep["type"]]: StepKind<Type> } = {
  choice: choiceStep,
  text: textStep,
  category: categoryStep,
  location: locationStep,
  date: dateStep,
  attachments: attachmentsStep,
  yesNo: yesNoStep,
};

/** The behaviour of a step's type. */
export function stepKind<Step extends FlowStep>(step: Step): StepKind<Step["type"]> {
  return kinds[step.type] as StepKind<Step["type"]>;
}
