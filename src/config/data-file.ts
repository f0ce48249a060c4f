import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parse, YAMLParseError } from "yaml";
import type { z } from "zod";

/** A data file (flow, catalog, holidays) that cannot be used, with every reason found. */
export class DataFileError extends Error {
  /** One line per problem, each starting with the file it is in. */
  constructor(readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "DataFileError";
  }

  static in(file: string, problems: readonly string[]): DataFileError {
    return new DataFileError(problems.map((problem) => `${file}: ${problem}`));
  }
}

/**
 * Reads a YAML file and validates it. `describe` turns a zod issue path into words an
 * operator recognises, such as "step 'title'" instead of "steps.1".
 */
export function readDataFile<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  describe: (path: readonly PropertyKey[], data: unknown) => string = (issuePath) =>
    issuePath.map(String).join("."),
): z.infer<Schema> {
  const shown = relative(process.cwd(), path) || path;
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0];
      const at = where ? `line ${where.line}, column ${where.col}: ` : "";
      throw DataFileError.in(shown, [`${at}${error.message.split("\n")[0] ?? ""}`]);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw DataFileError.in(shown, [`cannot be read: ${reason}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw DataFileError.in(
      shown,
      result.error.issues.map((issue) => {
        const where = describe(issue.path, data);
        return where ? `${where}: ${issue.message}` : issue.message;
      }),
    );
  }
  return result.data;
}
