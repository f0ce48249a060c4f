import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Catalog } from "../../../config/catalog.js";
import type { Language } from "../../../core/messages.js";
import { sanitizeUserText, truncate } from "../../../core/text.js";
import { REPORT_KINDS } from "../../../core/words.js";
import type { ServiceRequestSubmission } from "./intake.js";
import { Open311Error } from "./respond.js";
import { ATTRIBUTE_CODES, TITLE_MAX, type AttributeCode } from "./services.js";

/** The spec's limit on `description`. */
const DESCRIPTION_MAX = 4000;
/** A title made from the description is its first line, cut to this. */
const DERIVED_TITLE_MAX = 80;

/** Cleaned like everything a citizen types, then required to hold something. */
const cleanText = (
  name: string,
  max: number,
  options: { oneLine?: boolean; missing?: string } = {},
) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined && options.missing ? options.missing : `${name} must be text`,
    })
    .transform((value) => {
      const clean = sanitizeUserText(value);
      return options.oneLine ? clean.replace(/\s+/g, " ") : clean;
    })
    .pipe(
      z
        .string()
        .min(1, { error: `${name} is empty` })
        .max(max, { error: `${name} is longer than ${max} characters` }),
    );

const yesNo = (code: AttributeCode) =>
  z.enum(["true", "false"], {
    error: `attribute[${code}] is required: true or false`,
  });

const coordinate = (name: string, limit: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(-limit, { error: `${name} must be between -${limit} and ${limit}` })
    .max(limit, { error: `${name} must be between -${limit} and ${limit}` });

function formSchema(today: string) {
  return z.object({
    service_code: z.string({ error: "service_code is required; GET services lists them" }),
    lat: coordinate("lat", 90).optional(),
    long: coordinate("long", 180).optional(),
    address_string: cleanText("address_string", 500).optional(),
    address_id: z.string().optional(),
    email: z.email({ error: "email is not an email address" }).max(254).optional(),
    device_id: cleanText("device_id", 128, { oneLine: true }).optional(),
    account_id: cleanText("account_id", 128, { oneLine: true }).optional(),
    first_name: cleanText("first_name", 100, { oneLine: true }).optional(),
    last_name: cleanText("last_name", 100, { oneLine: true }).optional(),
    phone: z
      .string()
      .transform((value) => value.replace(/[\s().-]/g, ""))
      .pipe(z.string().regex(/^\+?[0-9]{5,20}$/, { error: "phone is not a phone number" }))
      .optional(),
    description: cleanText("description", DESCRIPTION_MAX, {
      missing: "description is required: say what happened, where and since when",
    }),
    media_url: z
      .url({ protocol: /^https?$/, error: "media_url must be an http(s) URL" })
      .max(2000, { error: "media_url is longer than 2000 characters" })
      .optional(),
    attribute: z.object({
      rahasia: yesNo("rahasia"),
      anonim: yesNo("anonim"),
      judul: cleanText("attribute[judul]", TITLE_MAX, { oneLine: true }).optional(),
      jenis: z
        .enum(REPORT_KINDS, {
          error: `attribute[jenis] must be one of ${REPORT_KINDS.join(", ")}`,
        })
        .optional(),
      tanggal_kejadian: z
        .union([z.iso.date(), z.iso.datetime({ offset: true })], {
          error: "attribute[tanggal_kejadian] must be a date such as 2026-11-27",
        })
        .transform((value) => value.slice(0, 10))
        .refine((date) => date <= today, {
          error: "attribute[tanggal_kejadian] is in the future",
        })
        .optional(),
    }),
  });
}

/** lat 0 and long 0: a device without a position fix. */
const noFix = (form: Record<string, unknown>) =>
  form.lat !== undefined && Number(form.lat) === 0 && Number(form.long) === 0;

/** Where the problem is, which the spec requires in one of three ways. */
function locationProblems(form: Record<string, unknown>): string[] {
  const has = (name: string) => form[name] !== undefined;
  if (has("lat") !== has("long")) return ["lat and long must be sent together"];
  // As in the chat: 0, 0 is in the ocean off Africa, what a device without a fix reports
  // (with an address_string, the position is dropped and the address kept).
  if (noFix(form) && !has("address_string")) {
    return [
      "lat 0 and long 0 is no place (a device without a position fix): send the real position, or an address_string",
    ];
  }
  if (has("lat") || has("address_string")) return [];
  return [
    has("address_id")
      ? "address_id is not supported here: send lat and long, or address_string"
      : "a location is required: lat and long, or address_string",
  ];
}

/**
 * The form as named values. Repeated fields are refused (no service here has a multi-value
 * attribute), and so are attributes the service does not define.
 */
function readForm(params: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const attribute: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of params) {
    const code = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (code) {
      const name = code[1] ?? "";
      if (!(ATTRIBUTE_CODES as string[]).includes(name)) {
        problems.push(
          `attribute[${name}] is not an attribute of this service; GET services/<code> lists them`,
        );
      } else if (code[2] !== undefined || name in attribute) {
        problems.push(`attribute[${name}] takes one value`);
      } else {
        attribute[name] = value;
      }
    } else if (key in fields) {
      problems.push(`${key} is given more than once`);
    } else if (value !== "") {
      // "A null parameter should be treated as equivalent to a non-declared parameter."
      fields[key] = value;
    }
  }
  if (problems.length > 0) throw new Open311Error(400, problems);
  return { ...fields, attribute };
}

export interface PostContext {
  readonly catalog: Catalog;
  readonly now: Date;
  /** Today's date in the deployment's time zone, to refuse events in the future. */
  readonly today: string;
  readonly language: Language;
  /** The API key's name. */
  readonly source: string;
}

const issueText = (issue: z.core.$ZodIssue) => {
  const name = issue.path
    .map((part, index) => (index === 0 ? String(part) : `[${String(part)}]`))
    .join("");
  return !name || issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
};

/**
 * POST requests' form as a submission for the intake queue, or an Open311Error naming every
 * problem at once (404 for a service_code the catalog does not have).
 */
export function parseServiceRequest(
  params: URLSearchParams,
  context: PostContext,
): ServiceRequestSubmission {
  const raw = readForm(params);
  const parsed = formSchema(context.today).safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map(issueText)),
    ...locationProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new Open311Error(400, problems);
  const form = parsed.data;
  const category = context.catalog.category(form.service_code);
  if (!category) {
    throw new Open311Error(404, [
      `service_code '${form.service_code}' was not found; GET services lists them`,
    ]);
  }
  const { description } = form;
  const title =
    form.attribute.judul ?? truncate((description.split("\n")[0] ?? "").trim(), DERIVED_TITLE_MAX);
  // A position and the words for it, when the client sends both, as the spec lets it.
  const location =
    form.lat !== undefined && form.long !== undefined && !noFix(raw)
      ? {
          latitude: form.lat,
          longitude: form.long,
          ...(form.address_string ? { address: form.address_string } : {}),
        }
      : { address: form.address_string ?? "" };
  const optional = <Value>(key: string, value: Value | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    token: randomUUID(),
    source: context.source,
    submittedAt: context.now.toISOString(),
    language: context.language,
    report: {
      kind: form.attribute.jenis ?? "pengaduan",
      title,
      description,
      categoryId: category.id,
      location,
      ...optional("eventDate", form.attribute.tanggal_kejadian),
      anonymous: form.attribute.anonim === "true",
      confidential: form.attribute.rahasia === "true",
    },
    reporter: {
      ...optional("accountId", form.account_id),
      ...optional("deviceId", form.device_id),
      ...optional("email", form.email),
      ...optional("firstName", form.first_name),
      ...optional("lastName", form.last_name),
      ...optional("phone", form.phone),
    },
    ...optional("mediaUrl", form.media_url),
  };
}
