import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/infra/paths.js";

/**
 * The layers of the architecture, checked on every test run (ESLint's no-restricted-imports
 * says the same while editing): the core knows no platform and no storage, and channels never
 * touch storage.
 */
const SRC = join(PROJECT_ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module a file imports: packages by name, project files relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map(
    (match) => match[1] ?? "",
  );
  return specifiers.map((specifier) =>
    specifier.startsWith(".") ? relative(SRC, resolve(dirname(file), specifier)) : specifier,
  );
}

function violations(layer: string, forbidden: readonly RegExp[]): string[] {
  return sources(join(SRC, layer)).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((pattern) => pattern.test(target)))
      .map((target) => `${relative(SRC, file)} imports ${target}`),
  );
}

describe("architecture boundaries", () => {
  it("keep the core free of channels, storage, queues and the composition root", () => {
    expect(
      violations("core", [
        /^(channels|infra|http|queues|app|generated)\//,
        /^@prisma\//,
        /^(pg|bullmq|grammy|whatsapp-web\.js)$/,
      ]),
    ).toEqual([]);
  });

  it("keep channels away from storage and the queues", () => {
    expect(violations("channels", [/^(generated|infra\/db|queues|app)\//, /^@prisma\//])).toEqual(
      [],
    );
  });

  it("see a violation when there is one", () => {
    // The check itself must be able to fail: the infra layer does import Prisma.
    expect(violations("infra", [/^generated\//]).length).toBeGreaterThan(0);
  });
});
