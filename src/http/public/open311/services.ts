import type { Catalog } from "../../../config/catalog.js";
import { label } from "../../../core/i18n/index.js";
import { reportKindLabels } from "../../../core/i18n/labels.js";
import type { Language } from "../../../core/messages.js";
import { REPORT_KINDS } from "../../../core/words.js";
import type { Open311Value } from "./xml.js";

/** The longest title a POST may give in `attribute[judul]`. */
export const TITLE_MAX = 200;

/**
 * The attributes every service asks for besides the spec's own fields: the two privacy
 * switches, which the filer must set explicitly, as a citizen does in the chat flow, and the
 * report's title, type and date, which have sensible defaults.
 */
export const ATTRIBUTES = {
  rahasia: { datatype: "singlevaluelist", required: true },
  anonim: { datatype: "singlevaluelist", required: true },
  judul: { datatype: "string", required: false },
  jenis: { datatype: "singlevaluelist", required: false },
  tanggal_kejadian: { datatype: "datetime", required: false },
} as const;
export type AttributeCode = keyof typeof ATTRIBUTES;
export const ATTRIBUTE_CODES = Object.keys(ATTRIBUTES) as AttributeCode[];

/** Every service is submitted in batches: the report is stored by the intake worker. */
export const SERVICE_TYPE = "batch";

/** GET services: each category of config/catalog.yaml, grouped by its agency. */
export function serviceList(catalog: Catalog, language: Language): Open311Value {
  const other: Language = language === "id" ? "en" : "id";
  return catalog.categories.map((category) => ({
    service_code: category.id,
    service_name: category.name[language],
    description: label(language, "open311ServiceDescription", {
      category: category.name[language],
      agency: catalog.agencyName(category.agency, language),
    }),
    metadata: true,
    type: SERVICE_TYPE,
    keywords: [category.name[other], category.id].join(", "),
    group: catalog.agencyName(category.agency, language),
  }));
}

function yesNo(language: Language) {
  return [
    { key: "true", name: label(language, "yes") },
    { key: "false", name: label(language, "no") },
  ];
}

/** GET services/<code>: the attributes of one service; undefined for a code not in the catalog. */
export function serviceDefinition(
  catalog: Catalog,
  code: string,
  language: Language,
): Open311Value | undefined {
  if (!catalog.category(code)) return undefined;
  const attribute = (
    code: AttributeCode,
    order: number,
    description: string,
    datatypeDescription: string | null,
    values?: readonly { key: string; name: string }[],
  ) => ({
    variable: true,
    code,
    datatype: ATTRIBUTES[code].datatype,
    required: ATTRIBUTES[code].required,
    datatype_description: datatypeDescription,
    order,
    description,
    ...(values ? { values } : {}),
  });
  return {
    service_code: code,
    attributes: [
      attribute(
        "rahasia",
        1,
        label(language, "open311AttributeConfidential"),
        null,
        yesNo(language),
      ),
      attribute("anonim", 2, label(language, "open311AttributeAnonymous"), null, yesNo(language)),
      attribute(
        "judul",
        3,
        label(language, "open311AttributeTitle"),
        label(language, "open311DatatypeTitle", { max: TITLE_MAX }),
      ),
      attribute(
        "jenis",
        4,
        label(language, "open311AttributeKind"),
        null,
        REPORT_KINDS.map((kind) => ({
          key: kind,
          name: reportKindLabels[language][kind],
        })),
      ),
      attribute(
        "tanggal_kejadian",
        5,
        label(language, "open311AttributeEventDate"),
        label(language, "open311DatatypeDate"),
      ),
    ],
  };
}
