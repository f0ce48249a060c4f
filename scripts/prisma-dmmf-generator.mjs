// A Prisma generator that writes the schema's full DMMF (nullability, native types, enum
// values) next to the generated client. The runtime data model inside the client omits those
// details, and the schema-drift test needs them to compare the schema with the live database.
import generatorHelper from "@prisma/generator-helper";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "DMMF snapshot", defaultOutput: "../src/generated/dmmf.json" }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error("the dmmf generator needs an output path");
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, JSON.stringify(options.dmmf.datamodel, null, 1));
  },
});
