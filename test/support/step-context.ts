import { tmpdir } from "node:os";
import type { StepContext } from "../../src/core/conversation/steps/index.js";
import {
  flowSchema,
  type Flow,
  type FlowStep,
  type StepOfType,
} from "../../src/core/flows/schema.js";
import { MediaStore } from "../../src/core/media/media-store.js";
import type { Choice } from "../../src/core/messages.js";
import { toPlainText, type RichText } from "../../src/core/text.js";
import { BUTTONS, catalog, flows } from "./engine-harness.js";

/** The day the unit tests of dates live on: Saturday 28 November 2026. */
export const TODAY = "2026-11-28";

/** Takes no file: it accepts no type, so it never writes anywhere. */
const noAttachments = new MediaStore({ dir: tmpdir(), maxBytes: 1024, allowedTypes: [] });

/** What a step knows of the person and the deployment: the real catalog, in Bahasa Indonesia. */
export function stepContext(overrides: Partial<StepContext> = {}): StepContext {
  return {
    language: "id",
    capabilities: BUTTONS,
    today: TODAY,
    catalog,
    media: noAttachments,
    maxAttachments: 5,
    ...overrides,
  };
}

/** A flow of flows/*.yaml, as the service loads it. */
export function realFlow(id: string): Flow {
  const flow = flows.get(id);
  if (!flow) throw new Error(`no flow '${id}' in flows/`);
  return flow;
}

/** A step of a flow in flows/*.yaml, checked to be of the type the test expects. */
export function realStep<Type extends FlowStep["type"]>(
  flowId: string,
  stepId: string,
  type: Type,
): StepOfType<Type> {
  const step = realFlow(flowId).steps.find((candidate) => candidate.id === stepId);
  if (step?.type !== type) throw new Error(`no ${type} step '${stepId}' in flow '${flowId}'`);
  return step as StepOfType<Type>;
}

const localized = (text: string) => ({ id: text, en: text });

/**
 * A small flow checked by the real flow schema: the given steps, plus the title and
 * description steps every flow needs when the test brings none, and the other required
 * fields preset unless a step asks for them.
 */
export function inlineFlow(steps: readonly object[], preset: object = {}): Flow {
  const fields = new Set(steps.map((step) => (step as { field?: string }).field));
  const required = [
    {
      id: "title",
      field: "title",
      type: "text",
      label: localized("Judul"),
      prompt: localized("Judul?"),
    },
    {
      id: "description",
      field: "description",
      type: "text",
      label: localized("Isi"),
      prompt: localized("Isi?"),
    },
  ].filter((step) => !fields.has(step.field));
  const presets = Object.fromEntries(
    (["kind", "anonymous", "confidential"] as const)
      .filter((field) => !fields.has(field))
      .map((field) => [field, field === "kind" ? "pengaduan" : false]),
  );
  return flowSchema.parse({
    id: "uji",
    title: localized("Uji"),
    preset: { ...presets, ...preset },
    steps: [...steps, ...required],
  });
}

/** One step, parsed with its defaults by the real flow schema. */
export function inlineStep<Type extends FlowStep["type"]>(
  step: { readonly type: Type; readonly field: string } & Record<string, unknown>,
): StepOfType<Type> {
  const parsed = inlineFlow([
    { id: "uji", label: localized("Uji"), prompt: localized("Uji?"), ...step },
  ]).steps[0];
  if (parsed?.type !== step.type) throw new Error("the step did not parse as itself");
  return parsed as StepOfType<Type>;
}

/** Text as a person reads it, without formatting. */
export const read = (text: RichText): string => toPlainText(text);

/** The labels of options in rows, as a person sees them. */
export const labelsOf = (rows: readonly (readonly Pick<Choice, "label">[])[]): string[][] =>
  rows.map((row) => row.map((option) => option.label));
