import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/config/catalog.js";
import { DataFileError } from "../../src/config/data-file.js";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { temporaryDirectory } from "../support/services.js";

describe("the catalog file", () => {
  it("ships categories that each point at a listed agency", () => {
    const catalog = loadCatalog(join(PROJECT_ROOT, "config", "catalog.yaml"));
    expect(catalog.categories.length).toBeGreaterThan(5);
    for (const category of catalog.categories)
      expect(catalog.agency(category.agency)).toBeDefined();
    expect(catalog.categoryName("kependudukan", "id")).toBe("KTP, KK, akta dan kependudukan");
  });

  it("names the entry and the reason when something is wrong", () => {
    const directory = temporaryDirectory();
    try {
      const path = join(directory.path, "catalog.yaml");
      writeFileSync(
        path,
        [
          "version: 1",
          "agencies:",
          "  - id: dinas-pupr",
          "    name: { id: Dinas PU, en: Public Works }",
          "categories:",
          "  - id: jalan",
          "    name: { id: Jalan, KTP, en: Roads }",
          "    agency: dinas-pu",
        ].join("\n"),
      );
      expect(() => loadCatalog(path)).toThrow(DataFileError);
      try {
        loadCatalog(path);
      } catch (error) {
        expect((error as DataFileError).lines).toEqual([
          expect.stringMatching(
            /catalog\.yaml: categories\[0\] 'jalan'\.name: unknown key\(s\) KTP; only id and en are allowed/,
          ),
          expect.stringMatching(
            /catalog\.yaml: categories\[0\] 'jalan'\.agency: agency 'dinas-pu' is not listed under agencies/,
          ),
        ]);
      }
    } finally {
      directory.remove();
    }
  });
});
