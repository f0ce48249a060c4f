import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/config/catalog.js";
import { DataFileError } from "../../src/config/data-file.js";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { temporaryDirectory } from "../support/services.js";

function writeCatalog(directory: string, agencies: readonly string[]): string {
  const path = join(directory, "catalog.yaml");
  writeFileSync(
    path,
    [
      "version: 1",
      "agencies:",
      ...agencies,
      "categories:",
      "  - id: umum",
      "    name: { id: Umum, en: General }",
      "    agency: dpmd",
    ].join("\n"),
  );
  return path;
}

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

  it("refuses two agencies in one group: each group is shown its own agency's reports", () => {
    const directory = temporaryDirectory();
    try {
      const path = writeCatalog(directory.path, [
        "  - id: dpmd",
        "    name: { id: Dinas PMD, en: Village Empowerment }",
        "    chat: -1005551234",
        "  - id: dinsos",
        "    name: { id: Dinas Sosial, en: Social Affairs }",
        "    chat: -1005551234",
      ]);
      expect(() => loadCatalog(path)).toThrow(
        /agencies\[1\] 'dinsos'\.chat: is the chat of agency 'dpmd' too; give each agency a group of its own/,
      );
    } finally {
      directory.remove();
    }
  });

  it("refuses two agencies that would read alike on the desk's buttons, and says how to fix it", () => {
    const directory = temporaryDirectory();
    const alike = [
      "  - id: dpmd",
      "    name: { id: Dinas Pemberdayaan Masyarakat dan Desa, en: Village Community Empowerment }",
      "  - id: dpmptsp",
      "    name: { id: Dinas Pemberdayaan Masyarakat, en: Community Empowerment Agency }",
    ];
    try {
      expect(() => loadCatalog(writeCatalog(directory.path, alike))).toThrow(
        /agencies\[1\] 'dpmptsp'\.short: reads "Dinas Pemberdayaan Masyarak…" on the desk's buttons in Bahasa Indonesia, like agency 'dpmd'; give one of them a short name/,
      );
      const told = loadCatalog(
        writeCatalog(directory.path, [
          ...alike,
          "    short: { id: DPMPTSP, en: One-stop Service }",
        ]),
      );
      expect(told.agencyButtonName("dpmptsp", "id")).toBe("DPMPTSP");
      expect(told.agencyButtonName("dpmd", "id")).toBe("Dinas Pemberdayaan Masyarak…");
      // Everywhere else (the card's text, notices, the public pages) the name stays whole.
      expect(told.agencyName("dpmptsp", "id")).toBe("Dinas Pemberdayaan Masyarakat");
    } finally {
      directory.remove();
    }
  });
});
