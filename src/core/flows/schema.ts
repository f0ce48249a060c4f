import { z } from "zod";
import { localizedSchema } from "../../config/catalog.js";
import { storedFileSchema } from "../reports/submission.js";
import { REPORT_KINDS } from "../words.js";

/** The report fields a flow can fill, each with the step type that collects it. */
export const FIELD_STEP_TYPES = {
  kind: "choice",
  title: "text",
  description: "text",
  category: "category",
  location: "location",
  eventDate: "date",
  attachments: "attachments",
  anonymous: "yesNo",
  confidential: "yesNo",
  photosPublic: "yesNo",
} as const;
export type ReportField = keyof typeof FIELD_STEP_TYPES;

/** Fields every flow must end up with, by asking or by a preset. */
const REQUIRED_FIELDS: readonly ReportField[] = [
  "kind",
  "title",
  "description",
  "anonymous",
  "confidential",
];

const stepId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,19}$/, { error: "expected a short id of a-z, 0-9 and _ (max 20)" });

/**
 * Holds when an earlier answer is one of the values: an option of a choice step, true or false
 * for a yes/no step, or for an attachments step a kind of file attached (photo, document).
 */
const condition = z.strictObject({
  step: stepId,
  in: z.array(z.union([z.string(), z.boolean()])).min(1),
});

/** One condition, or several that must all hold. */
const conditions = z
  .union([condition, z.array(condition).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const ATTACHMENT_KINDS = storedFileSchema.shape.kind.options;

/** A prompt used instead of the step's own when an earlier answer is one of the values. */
const promptVariant = z.strictObject({ when: conditions, prompt: localizedSchema });

const base = {
  id: stepId,
  field: z.enum(Object.keys(FIELD_STEP_TYPES) as [ReportField, ...ReportField[]], {
    error: `expected one of ${Object.keys(FIELD_STEP_TYPES).join(", ")}`,
  }),
  label: localizedSchema,
  prompt: localizedSchema,
  /** Reporters may skip an optional step. */
  optional: z.boolean().default(false),
  /** The step is asked only when the earlier answers hold every condition. */
  when: conditions.optional(),
  /** Prompts for particular earlier answers; the first that applies replaces `prompt`. */
  promptWhen: z.array(promptVariant).min(1).optional(),
};

const choiceStep = z.strictObject({
  ...base,
  type: z.literal("choice"),
  options: z
    .array(
      z.strictObject({
        value: z.string().regex(/^[a-z0-9_-]{1,40}$/, { error: "expected a-z, 0-9, - or _" }),
        label: localizedSchema,
      }),
    )
    .min(2, { error: "a choice needs at least two options" }),
});

const textStep = z.strictObject({
  ...base,
  type: z.literal("text"),
  /** Letters and digits the answer needs at least: emoji, spaces and punctuation do not count. */
  minLetters: z.number().int().min(1).default(1),
  /** Words the answer needs at least. */
  minWords: z.number().int().min(1).default(1),
  /** Characters the answer may have at most, everything included. */
  maxLength: z.number().int().min(1).max(4000).default(4000),
  minLength: z
    .never({
      error:
        "minLength counted emoji and spaces; use minLetters (letters and digits) and minWords instead",
    })
    .optional(),
});

const categoryStep = z.strictObject({ ...base, type: z.literal("category") });

const locationStep = z.strictObject({
  ...base,
  type: z.literal("location"),
  minAddressLength: z.number().int().min(1).default(10),
});

const dateStep = z.strictObject({
  ...base,
  type: z.literal("date"),
  maxAgeYears: z.number().int().min(1).max(100).default(10),
});

const attachmentsStep = z.strictObject({
  ...base,
  type: z.literal("attachments"),
  max: z.number().int().min(1).max(20).default(5),
});

const yesNoStep = z.strictObject({ ...base, type: z.literal("yesNo") });

const stepSchema = z.discriminatedUnion(
  "type",
  [choiceStep, textStep, categoryStep, locationStep, dateStep, attachmentsStep, yesNoStep],
  { error: "expected type: choice, text, category, location, date, attachments or yesNo" },
);

export const flowSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: "expected a short id of a-z, 0-9 and -" }),
    /** Commands that start this flow, without the slash. */
    commands: z.array(z.string().regex(/^[a-z0-9_]{1,32}$/)).default([]),
    title: localizedSchema,
    intro: localizedSchema.optional(),
    /** Report fields this flow sets without asking. */
    preset: z
      .strictObject({
        kind: z.enum(REPORT_KINDS).optional(),
        anonymous: z.boolean().optional(),
        confidential: z.boolean().optional(),
      })
      .default({}),
    steps: z.array(stepSchema).min(1, { error: "a flow needs at least one step" }),
  })
  .superRefine((flow, ctx) => {
    const seen = new Map<string, FlowStep>();
    const fields = new Set<ReportField>(
      (Object.keys(flow.preset) as ReportField[]).filter(
        (key) => flow.preset[key as keyof typeof flow.preset] !== undefined,
      ),
    );
    flow.steps.forEach((step, index) => {
      const issue = (message: string, ...path: string[]) =>
        ctx.addIssue({ code: "custom", path: ["steps", index, ...path], message });
      if (seen.has(step.id)) issue(`duplicate step id '${step.id}'`, "id");
      if (fields.has(step.field)) issue(`field '${step.field}' is already filled earlier`, "field");
      if (FIELD_STEP_TYPES[step.field] !== step.type) {
        issue(`field '${step.field}' needs a step of type ${FIELD_STEP_TYPES[step.field]}`, "type");
      }
      if (step.type === "choice" && step.field === "kind") {
        for (const option of step.options) {
          if (!(REPORT_KINDS as readonly string[]).includes(option.value)) {
            issue(`'${option.value}' is not a report kind (${REPORT_KINDS.join(", ")})`, "options");
          }
        }
      }
      if (step.type === "text" && step.minLetters > step.maxLength) {
        issue("minLetters is larger than maxLength", "minLetters");
      }
      if (REQUIRED_FIELDS.includes(step.field) && (step.optional || step.when)) {
        issue(`field '${step.field}' is required, so its step cannot be optional or conditional`);
      }
      const checkConditions = (when: StepCondition[], ...path: (string | number)[]) =>
        when.forEach((each) => checkCondition(each, ...path));
      const checkCondition = (when: StepCondition, ...path: (string | number)[]) => {
        const at = (message: string) =>
          ctx.addIssue({ code: "custom", path: ["steps", index, ...path], message });
        const target = seen.get(when.step);
        if (!target) at(`'when' refers to '${when.step}', which is not an earlier step`);
        else if (target.type === "choice") {
          const values = new Set(target.options.map((option) => option.value));
          for (const value of when.in) {
            if (typeof value !== "string" || !values.has(value)) {
              at(`'${String(value)}' is not an option of step '${target.id}'`);
            }
          }
        } else if (target.type === "yesNo") {
          if (when.in.some((value) => typeof value !== "boolean")) {
            at(`step '${target.id}' is yes/no, so 'when.in' takes true or false`);
          }
        } else if (target.type === "attachments") {
          for (const value of when.in) {
            if (!(ATTACHMENT_KINDS as readonly unknown[]).includes(value)) {
              at(
                `step '${target.id}' takes files, so 'when.in' takes ${ATTACHMENT_KINDS.join(" or ")}`,
              );
            }
          }
        } else at(`'when' can only test a choice, yes/no or attachments step`);
      };
      if (step.when) checkConditions(step.when, "when");
      step.promptWhen?.forEach((variant, position) =>
        checkConditions(variant.when, "promptWhen", position, "when"),
      );
      seen.set(step.id, step);
      fields.add(step.field);
    });
    for (const field of REQUIRED_FIELDS) {
      if (!fields.has(field)) {
        ctx.addIssue({
          code: "custom",
          path: ["steps"],
          message: `no step or preset fills the required field '${field}'`,
        });
      }
    }
  });

export type Flow = z.infer<typeof flowSchema>;
export type FlowStep = Flow["steps"][number];
export type StepOfType<Type extends FlowStep["type"]> = Extract<FlowStep, { type: Type }>;
export type StepCondition = z.infer<typeof condition>;
export type StepConditions = z.infer<typeof conditions>;
