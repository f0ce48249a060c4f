import { z } from "zod";
import { label } from "../core/i18n/index.js";
import { LANGUAGES, type ChannelName, type Language } from "../core/messages.js";
import { truncate } from "../core/text.js";
import { readDataFile } from "./data-file.js";

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: "expected a short id of a-z, 0-9 and -" });

export const localizedSchema = z.strictObject(
  {
    id: z
      .string({ error: "the Indonesian text (id) is missing" })
      .trim()
      .min(1, { error: "the Indonesian text (id) is empty" }),
    en: z
      .string({ error: "the English text (en) is missing" })
      .trim()
      .min(1, { error: "the English text (en) is empty" }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key(s) ${issue.keys.join(", ")}; only id and en are allowed (quote texts that contain commas)`
        : "expected texts in both languages: { id: ..., en: ... }",
  },
);
export type Localized = z.infer<typeof localizedSchema>;

const catalogSchema = z
  .strictObject({
    version: z.union([z.string().min(1), z.number()], {
      error: "expected a version, such as 2026-11-28 or 3",
    }),
    agencies: z
      .array(
        z.strictObject({
          id: slug,
          name: localizedSchema,
          /** What the desk's buttons say instead of a long name: Dinas PUPR, Disdukcapil. */
          short: localizedSchema.optional(),
          /**
           * The group of the agency's officers, when it has one: a Telegram group id
           * (-1001234567890), or a WhatsApp group as whatsapp:<id>@g.us.
           */
          chat: z
            .union([z.string(), z.number()])
            .transform(String)
            .pipe(
              z.string().regex(/^(-?\d{1,20}|whatsapp:[0-9-]{5,40}@g\.us)$/, {
                error: "expected a Telegram group id such as -1001234567890, or whatsapp:<id>@g.us",
              }),
            )
            .optional(),
        }),
      )
      .min(1, { error: "list at least one agency" }),
    categories: z
      .array(z.strictObject({ id: slug, name: localizedSchema, agency: slug }))
      .min(1, { error: "list at least one category" }),
  })
  .superRefine((catalog, ctx) => {
    const agencyIds = new Set<string>();
    catalog.agencies.forEach((agency, index) => {
      if (agencyIds.has(agency.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["agencies", index, "id"],
          message: `duplicate agency id '${agency.id}'`,
        });
      }
      agencyIds.add(agency.id);
    });
    // A group is shown its agency's reports only: two agencies cannot share one.
    const chats = new Map<string, string>();
    catalog.agencies.forEach((agency, index) => {
      if (agency.chat === undefined) return;
      const other = chats.get(agency.chat);
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["agencies", index, "chat"],
          message: `is the chat of agency '${other}' too; give each agency a group of its own`,
        });
      }
      chats.set(agency.chat, agency.id);
    });
    for (const language of LANGUAGES) {
      const shownAs = new Map<string, string>();
      catalog.agencies.forEach((agency, index) => {
        const shown = buttonName(agency, language);
        const other = shownAs.get(shown);
        if (other !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["agencies", index, "short"],
            message:
              `reads "${shown}" on the desk's buttons in ${label(language, "languageName")}, like ` +
              `agency '${other}'; give one of them a short name that tells them apart: ` +
              "short: { id: ..., en: ... }",
          });
        }
        shownAs.set(shown, agency.id);
      });
    }
    const categoryIds = new Set<string>();
    catalog.categories.forEach((category, index) => {
      if (categoryIds.has(category.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["categories", index, "id"],
          message: `duplicate category id '${category.id}'`,
        });
      }
      categoryIds.add(category.id);
      if (!agencyIds.has(category.agency)) {
        ctx.addIssue({
          code: "custom",
          path: ["categories", index, "agency"],
          message: `agency '${category.agency}' is not listed under agencies`,
        });
      }
    });
  });

/** How many characters of an agency's name fit on a desk button beside its action. */
const BUTTON_NAME_LENGTH = 28;

function buttonName(
  agency: { readonly name: Localized; readonly short?: Localized | undefined },
  language: Language,
): string {
  return truncate((agency.short ?? agency.name)[language], BUTTON_NAME_LENGTH);
}

export type CatalogData = z.infer<typeof catalogSchema>;
export type CatalogAgency = CatalogData["agencies"][number];
export type CatalogCategory = CatalogData["categories"][number];

/** The categories and agencies the operator maintains in the catalog file. */
export class Catalog {
  private readonly agenciesById: ReadonlyMap<string, CatalogAgency>;
  private readonly categoriesById: ReadonlyMap<string, CatalogCategory>;

  constructor(readonly data: CatalogData) {
    this.agenciesById = new Map(data.agencies.map((agency) => [agency.id, agency]));
    this.categoriesById = new Map(data.categories.map((category) => [category.id, category]));
  }

  get agencies(): readonly CatalogAgency[] {
    return this.data.agencies;
  }

  get categories(): readonly CatalogCategory[] {
    return this.data.categories;
  }

  agency(id: string): CatalogAgency | undefined {
    return this.agenciesById.get(id);
  }

  category(id: string): CatalogCategory | undefined {
    return this.categoriesById.get(id);
  }

  categoryName(id: string, language: Language): string {
    return this.category(id)?.name[language] ?? id;
  }

  agencyName(id: string, language: Language): string {
    return this.agency(id)?.name[language] ?? id;
  }

  /** The agency whose group this chat is, if it is one. */
  agencyIn(chat: { channel: ChannelName; chatId: string }): CatalogAgency | undefined {
    return this.agencies.find((agency) => {
      const group = this.agencyChat(agency.id);
      return group?.channel === chat.channel && group.chatId === chat.chatId;
    });
  }

  /** The agency as a desk button names it: its short name, or its name cut to fit. */
  agencyButtonName(id: string, language: Language): string {
    const agency = this.agency(id);
    return agency ? buttonName(agency, language) : id;
  }

  /** The agency's group, on whichever platform the catalog names. */
  agencyChat(id: string): { channel: ChannelName; chatId: string } | undefined {
    const chat = this.agency(id)?.chat;
    if (!chat) return undefined;
    return chat.startsWith("whatsapp:")
      ? { channel: "whatsapp", chatId: chat.slice("whatsapp:".length) }
      : { channel: "telegram", chatId: chat };
  }
}

export function loadCatalog(path: string): Catalog {
  return new Catalog(
    readDataFile(path, catalogSchema, (issuePath, data) => {
      const [list, index, ...rest] = issuePath;
      const entries = (data as Record<string, unknown> | null)?.[String(list)];
      const entry =
        Array.isArray(entries) && typeof index === "number"
          ? (entries as unknown[])[index]
          : undefined;
      const id = (entry as { id?: unknown } | undefined)?.id;
      const head =
        typeof index === "number"
          ? `${String(list)}[${index}]${typeof id === "string" ? ` '${id}'` : ""}`
          : String(list ?? "");
      return [head, ...rest.map(String)].filter(Boolean).join(".");
    }),
  );
}
