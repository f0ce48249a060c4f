import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNELS, LANGUAGES } from "../../../src/core/messages.js";
import {
  ACTOR_TYPES,
  ATTACHMENT_KINDS,
  AUDIT_ACTIONS,
  ERASURES,
  EVENT_TYPES,
  OUTBOX_LANES,
  OUTBOX_STATES,
  REPORT_KINDS,
  REPORT_STATUSES,
  STAFF_ROLES,
} from "../../../src/core/words.js";
import { PROJECT_ROOT } from "../../../src/infra/paths.js";
import { createTestDatabase, type TestDatabase } from "../../support/services.js";

/** The parts of Prisma's DMMF the comparison needs (written by scripts/prisma-dmmf-generator.mjs). */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
}
interface Dmmf {
  models: { name: string; dbName: string | null; fields: DmmfField[] }[];
  enums: {
    name: string;
    dbName?: string | null;
    values: { name: string; dbName?: string | null }[];
  }[];
}

const dmmf = JSON.parse(
  readFileSync(join(PROJECT_ROOT, "src", "generated", "dmmf.json"), "utf8"),
) as Dmmf;

/** PostgreSQL types each Prisma scalar may live in; a native type narrows it to one. */
const COMPATIBLE: Record<string, string[]> = {
  String: ["text", "character varying", "uuid"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Float: ["double precision"],
  Decimal: ["numeric"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone", "timestamp without time zone", "date"],
  Json: ["jsonb", "json"],
  Bytes: ["bytea"],
};
const NATIVE: Record<string, string> = {
  Uuid: "uuid",
  Date: "date",
  Timestamptz: "timestamp with time zone",
  Text: "text",
};

/** The element types of array columns (`udt_name` is `_` and the element's). */
const ELEMENT_TYPES: Record<string, string> = {
  text: "text",
  varchar: "character varying",
  uuid: "uuid",
  int4: "integer",
  int8: "bigint",
};

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
}

let db: TestDatabase;
let columns: Map<string, Column>;
let enumValues: Map<string, string[]>;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.database.withSession(async (session) => {
    const rows = await session.query<Column>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const enums = await session.query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
    );
    enumValues = new Map();
    for (const row of enums)
      enumValues.set(row.name, [...(enumValues.get(row.name) ?? []), row.value]);
  });
});
afterAll(async () => {
  await db.drop();
});

describe("the Prisma schema and the SQL migrations", () => {
  it("describe the same tables", () => {
    expect(dmmf.models.length).toBeGreaterThan(0);
    const tables = new Set([...columns.values()].map((column) => column.table_name));
    for (const model of dmmf.models)
      expect(tables, `table of model ${model.name}`).toContain(model.dbName ?? model.name);
  });

  for (const model of dmmf.models) {
    it(`agree on every field of ${model.name}`, () => {
      const table = model.dbName ?? model.name;
      const problems: string[] = [];
      for (const field of model.fields.filter((candidate) => candidate.kind !== "object")) {
        const name = `${table}.${field.dbName ?? field.name}`;
        const column = columns.get(name);
        if (!column) {
          problems.push(`${model.name}.${field.name}: no column ${name}`);
          continue;
        }
        if (field.isList !== (column.data_type === "ARRAY"))
          problems.push(`${name}: list mismatch`);
        if (field.isRequired !== (column.is_nullable === "NO")) {
          problems.push(
            `${name}: schema says ${field.isRequired ? "required" : "optional"}, column is ${column.is_nullable === "NO" ? "NOT NULL" : "nullable"}`,
          );
        }
        if (field.kind === "enum") {
          if (column.udt_name !== field.type)
            problems.push(`${name}: expected enum ${field.type}, got ${column.udt_name}`);
        } else {
          const native = field.nativeType ? NATIVE[field.nativeType[0]] : undefined;
          const allowed = native ? [native] : (COMPATIBLE[field.type] ?? []);
          const type = field.isList
            ? (ELEMENT_TYPES[column.udt_name.replace(/^_/, "")] ?? column.udt_name)
            : column.data_type;
          if (!allowed.includes(type)) {
            problems.push(
              `${name}: ${field.type}${native ? ` @db.${field.nativeType?.[0]}` : ""}${field.isList ? "[]" : ""} cannot live in ${field.isList ? `${type}[]` : type}`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("agree on every enum and its values", () => {
    for (const enumeration of dmmf.enums) {
      expect(
        enumValues.get(enumeration.dbName ?? enumeration.name),
        `enum ${enumeration.name}`,
      ).toEqual(enumeration.values.map((value) => value.dbName ?? value.name));
    }
  });

  it("store exactly the words the core speaks", () => {
    const core: Record<string, readonly string[]> = {
      Channel: CHANNELS,
      Language: LANGUAGES,
      ReportKind: REPORT_KINDS,
      ReportStatus: REPORT_STATUSES,
      ActorType: ACTOR_TYPES,
      EventType: EVENT_TYPES,
      StaffRole: STAFF_ROLES,
      AttachmentKind: ATTACHMENT_KINDS,
      OutboxState: OUTBOX_STATES,
      OutboxLane: OUTBOX_LANES,
      AuditAction: AUDIT_ACTIONS,
      Erasure: ERASURES,
    };
    expect(dmmf.enums.map((enumeration) => enumeration.name).sort()).toEqual(
      Object.keys(core).sort(),
    );
    for (const [name, words] of Object.entries(core)) {
      expect(enumValues.get(name), `enum ${name}`).toEqual([...words]);
    }
  });
});
