// Generates the Prisma client offline. The Prisma CLI would otherwise download a schema-engine
// binary from outside the npm registry; generation never runs it, so a stub the repository
// ships stands in for it. Skips the work when the schema has not changed since the last run.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const schemaPath = `${root}prisma/schema.prisma`;
const stampPath = `${root}src/generated/.schema-hash`;
const hash = createHash("sha256")
  .update(readFileSync(schemaPath))
  .update(readFileSync(`${root}scripts/prisma-dmmf-generator.mjs`))
  .digest("hex");

if (
  existsSync(stampPath) &&
  readFileSync(stampPath, "utf8") === hash &&
  !process.argv.includes("--force")
) {
  process.exit(0);
}

let cli;
try {
  cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
} catch {
  console.error(
    "prisma-generate: the prisma CLI is not installed (run npm install with dev dependencies)",
  );
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [cli, "generate", "--no-hints", `--schema=${schemaPath}`],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: `${root}prisma/engine-stub/schema-engine`,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampPath, hash);
