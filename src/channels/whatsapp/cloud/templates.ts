import { z } from "zod";
import { readDataFile } from "../../../config/data-file.js";
import type { Choice, Language, Notice } from "../../../core/messages.js";
import { NOTICE_VALUES } from "../../../core/reports/notices.js";
import { NOTICE_KINDS, type NoticeKind } from "../../../core/words.js";
import type { TemplateContent } from "./message-content.js";

/** A notice as the Cloud API fills a template with it (see src/core/messages.ts). */
export type CloudNotice = Notice;

const templateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, {
    error: "expected the template's name as approved in WhatsApp Manager (a-z, 0-9 and _)",
  }),
  /** Meta's language code of each translation: `id` for Bahasa Indonesia, `en` or `en_US`. */
  languages: z
    .object({
      id: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: "expected a code such as id" }),
      en: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: "expected a code such as en" }),
    })
    .default({ id: "id", en: "en" }),
  /** The notice's values filling {{1}}, {{2}}, … of the body, in that order. */
  parameters: z.array(z.string()).max(10).default([]),
  /** How many quick-reply buttons the approved template has; they carry the message's choices. */
  quickReplies: z.number().int().min(0).max(10).default(0),
});
export type NoticeTemplate = z.infer<typeof templateSchema>;

/** The template asking someone to write, so that what waits for them can go: no values. */
const waitingTemplateSchema = templateSchema.pick({ name: true, languages: true });
export type WaitingTemplate = z.infer<typeof waitingTemplateSchema>;

/** Each notice's template, and the one that says a message without one is waiting. */
export type TemplateBook = Readonly<Partial<Record<NoticeKind, NoticeTemplate>>> & {
  readonly waiting?: WaitingTemplate;
};

/**
 * Notices no longer sent, whose entries files written for an earlier version still hold: read
 * and ignored, so an upgrade does not stop at the start (rating_request was never sent).
 */
const RETIRED_KINDS = ["rating_request"];

const withoutRetired = (templates: unknown): unknown =>
  typeof templates === "object" && templates !== null
    ? Object.fromEntries(
        Object.entries(templates).filter(([kind]) => !RETIRED_KINDS.includes(kind)),
      )
    : templates;

const templatesFileSchema = z
  .object({
    templates: z.preprocess(
      withoutRetired,
      z.partialRecord(z.enum(NOTICE_KINDS), templateSchema).default({}),
    ),
    waiting: waitingTemplateSchema.strict().optional(),
  })
  .superRefine((file, ctx) => {
    for (const kind of NOTICE_KINDS) {
      const known: readonly string[] = NOTICE_VALUES[kind];
      file.templates[kind]?.parameters.forEach((parameter, index) => {
        if (!known.includes(parameter)) {
          ctx.addIssue({
            code: "custom",
            path: ["templates", kind, "parameters", index],
            message: `'${parameter}' is not a value of this notice; use ${known.join(", ")}`,
          });
        }
      });
    }
  });

/** Reads the templates file (WHATSAPP_CLOUD_TEMPLATES_FILE); a bad file stops start-up. */
export function loadTemplates(path: string): TemplateBook {
  const { templates, waiting } = readDataFile(path, templatesFileSchema);
  return waiting ? { ...templates, waiting } : templates;
}

/**
 * Meta refuses a template parameter with a line break, a tab or more than four spaces in a
 * row, and an empty one; the body as a whole is at most 1,024 characters.
 */
const PARAMETER_LIMIT = 700;

function parameterText(value: string | undefined): string {
  const flat = (value ?? "")
    .replace(/\s*\n\s*/g, " · ")
    .replace(/\s+/g, " ")
    .trim();
  if (flat === "") return "—";
  const chars = Array.from(flat);
  return chars.length <= PARAMETER_LIMIT
    ? flat
    : `${chars.slice(0, PARAMETER_LIMIT - 1).join("")}…`;
}

/** The template message of a notice, in the reporter's language. */
export function templateContent(
  template: NoticeTemplate,
  notice: CloudNotice,
  choices: readonly Choice[],
  language: Language = notice.language,
): TemplateContent {
  const body = template.parameters.map((name) => ({
    type: "text" as const,
    text: parameterText(notice.values[name]),
  }));
  const buttons = choices.slice(0, template.quickReplies).map((choice, index) => ({
    type: "button" as const,
    sub_type: "quick_reply" as const,
    index: String(index),
    parameters: [{ type: "payload" as const, payload: choice.value }],
  }));
  return {
    type: "template",
    template: {
      name: template.name,
      language: { code: template.languages[language] },
      components: [
        ...(body.length > 0 ? [{ type: "body" as const, parameters: body }] : []),
        ...buttons,
      ],
    },
  };
}

/** The template saying a message waits until they write, in `language`. */
export function waitingContent(template: WaitingTemplate, language: Language): TemplateContent {
  return {
    type: "template",
    template: {
      name: template.name,
      language: { code: template.languages[language] },
      components: [],
    },
  };
}
