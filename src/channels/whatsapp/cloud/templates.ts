import { z } from "zod";
import { readDataFile } from "../../../config/data-file.js";
import { LANGUAGES, type Choice, type Language } from "../../../core/messages.js";
import type { TemplateContent } from "./message-content.js";

/** The notices a reporter may get after the 24-hour window closed, each with its template. */
export const NOTICE_KINDS = [
  "confirmation",
  "verified",
  "routed",
  "replied",
  "held",
  "rejected",
  "done",
  "reopened",
  "rating_request",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The values each notice carries: a template's parameters are chosen among them. */
export const NOTICE_VALUES = {
  confirmation: ["code"],
  verified: ["code"],
  routed: ["code", "agency"],
  replied: ["code", "agency", "text"],
  held: ["code", "text"],
  rejected: ["code", "text"],
  done: ["code", "text", "days"],
  reopened: ["code"],
  rating_request: ["code", "days"],
} as const satisfies Record<NoticeKind, readonly string[]>;

/**
 * What the outbox keeps beside a notice's text, so that it can still go out as a template:
 * the kind, the reporter's language and the raw values (never the rendered text).
 */
export const cloudNoticeSchema = z.object({
  kind: z.enum(NOTICE_KINDS),
  language: z.enum(LANGUAGES),
  values: z.record(z.string(), z.string()),
});
export type CloudNotice = z.infer<typeof cloudNoticeSchema>;

/** The notice kind of an outbox row's purpose, as the workflow names them today. */
export function noticeKindOfPurpose(purpose: string): NoticeKind | undefined {
  const kinds: Readonly<Record<string, NoticeKind>> = {
    confirmation: "confirmation",
    "update:verify": "verified",
    "update:route": "routed",
    "update:reply": "replied",
    "update:hold": "held",
    "update:not_authority": "held",
    "update:reject": "rejected",
    "update:complete": "done",
    "update:reopen": "reopened",
    rating_request: "rating_request",
  };
  return kinds[purpose];
}

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

export type TemplateBook = Readonly<Partial<Record<NoticeKind, NoticeTemplate>>>;

const templatesFileSchema = z
  .object({ templates: z.partialRecord(z.enum(NOTICE_KINDS), templateSchema).default({}) })
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
  return readDataFile(path, templatesFileSchema).templates;
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
