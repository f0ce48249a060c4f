import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROJECT_ROOT } from "../../src/infra/paths.js";

/**
 * The README promises the Node.js version Aduan runs on. `npm install` warns (EBADENGINE)
 * about every installed package whose package.json asks for more; the README must name each
 * one and say why the warning is harmless, so a newcomer on that version is not left guessing.
 */
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), "utf8");

const packageJson = z
  .object({ engines: z.object({ node: z.string() }) })
  .parse(JSON.parse(read("package.json")));
const lock = z
  .object({
    packages: z.record(
      z.string(),
      z
        .object({ engines: z.union([z.record(z.string(), z.string()), z.array(z.string())]) })
        .partial(),
    ),
  })
  .parse(JSON.parse(read("package-lock.json")));
const readme = read("README.md");

describe("the Node.js version", () => {
  const minimum = semver.minVersion(packageJson.engines.node)?.version ?? "";

  it("that package.json requires is the one the README promises", () => {
    expect(minimum).toBe("20.19.0");
    expect(readme).toContain("Node.js ≥ 20.19");
  });

  it("is enough for every installed package, or the README names the package and why", () => {
    const stricter = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!range || semver.satisfies(minimum, range)) return [];
      return [path.replace(/^.*node_modules\//, "")];
    });
    const section = readme.slice(readme.indexOf("EBADENGINE"));
    for (const name of stricter) expect(section, `README on ${name}`).toContain(`\`${name}\``);
  });
});
