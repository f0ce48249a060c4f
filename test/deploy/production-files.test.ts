import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { ROLES } from "../../src/app/index.js";
import { loadConfig } from "../../src/config/env.js";
import { PROJECT_ROOT } from "../../src/infra/paths.js";

/**
 * No Docker engine runs where the suite runs, so the production files are checked for what an
 * operator relies on: the settings the reliability guarantees need, roles that exist,
 * variables that are documented, images that run as an unprivileged user without a
 * downloaded browser.
 */
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), "utf8");

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.union([z.string(), z.object({ context: z.string(), target: z.string().optional() })]),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  deploy: z.object({ replicas: z.number() }).optional(),
  profiles: z.array(z.string()).optional(),
});
const composeSchema = z.object({
  services: z.record(z.string(), z.object({ command: z.array(z.string()).optional() }).loose()),
});

const compose = composeSchema.parse(parse(read("docker-compose.yml"), { merge: true }));
const aduanServices = Object.entries(compose.services).flatMap(([name, service]) =>
  "build" in service ? [[name, serviceSchema.parse(service)] as const] : [],
);
const documented = new Set(
  read(".env.example")
    .split("\n")
    .flatMap((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []),
);

/** The Dockerfile's stages by name, each with its instructions. */
function stages(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  const joined = read("Dockerfile").replace(/\\\n\s*/g, " ");
  for (const line of joined.split("\n")) {
    const instruction = line.trim();
    if (!instruction || instruction.startsWith("#")) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction);
    if (from) {
      current = [...(result.get(from[1] ?? "") ?? [])];
      result.set(from[2] ?? from[1] ?? "", current);
    }
    current.push(instruction);
  }
  return result;
}

describe("docker-compose.yml", () => {
  it("runs Redis with append-only persistence and without eviction", () => {
    const command = compose.services.redis?.command?.join(" ") ?? "";
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
  });

  it("starts every Aduan service with roles the service knows, two workers among them", () => {
    expect(aduanServices.map(([name]) => name)).toEqual(
      expect.arrayContaining(["bot", "worker", "whatsapp"]),
    );
    for (const [, service] of aduanServices) {
      const roles = service.command?.[service.command.indexOf("--role") + 1] ?? "";
      for (const role of roles.split(","))
        expect(ROLES as readonly string[], `role ${role}`).toContain(role);
    }
    const worker = aduanServices.find(([name]) => name === "worker")?.[1];
    expect(worker?.deploy?.replicas).toBe(2);
  });

  it("gives the services a configuration the service accepts, with documented variables", () => {
    for (const [name, service] of aduanServices) {
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [
          key,
          value.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, "s3cret"),
        ]),
      );
      for (const key of Object.keys(environment))
        expect(documented, `${name}: ${key}`).toContain(key);
      const config = loadConfig(environment);
      expect(config.DATABASE_URL).toBe("postgresql://aduan:s3cret@postgres:5432/aduan");
      expect(config.REDIS_URL).toBe("redis://redis:6379");
    }
    for (const variable of read("docker-compose.yml").matchAll(/\$\{([A-Z_]+)/g))
      expect(documented).toContain(variable[1]);
  });

  it("listens on every interface in the containers, even with the .env copied from .env.example", () => {
    const example = Object.fromEntries(
      read(".env.example")
        .split("\n")
        .flatMap((line) => {
          const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
          return match ? [[match[1] ?? "", match[2] ?? ""]] : [];
        }),
    );
    expect(loadConfig(example).HTTP_HOST).toBe("127.0.0.1");
    for (const [name, service] of aduanServices) {
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [
          key,
          value.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, "s3cret"),
        ]),
      );
      // env_file comes first; the service's environment wins over it.
      expect(loadConfig({ ...example, ...environment }).HTTP_HOST, name).toBe("0.0.0.0");
    }
  });
});

describe("Dockerfile", () => {
  const byStage = stages();

  it("listens on every interface, since 127.0.0.1 in a container is unreachable from outside", () => {
    expect((byStage.get("base") ?? []).join("\n")).toMatch(/ENV .*HTTP_HOST=0\.0\.0\.0/);
  });

  it("runs every image as an unprivileged user, the default one without a browser", () => {
    const targets = ["telegram", "whatsapp"];
    const last = [...byStage.keys()].at(-1);
    expect(last).toBe("telegram");
    for (const target of targets) {
      const users = (byStage.get(target) ?? []).filter((line) => /^USER\s/i.test(line));
      expect(users.at(-1), target).toMatch(/^USER\s+node$/i);
    }
    expect((byStage.get("telegram") ?? []).join("\n")).not.toMatch(/chromium/i);
    expect((byStage.get("whatsapp") ?? []).join("\n")).toMatch(/apt-get install .*chromium/);
  });

  it("installs without install scripts, so no browser or engine is downloaded", () => {
    const build = (byStage.get("build") ?? []).join("\n");
    expect(build).toMatch(/npm ci --ignore-scripts/);
    expect(build).toMatch(/node scripts\/prisma-generate\.mjs/);
  });

  it("copies only what exists and what .dockerignore lets through", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
    const sources = [...byStage.values()]
      .flat()
      .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of new Set(sources)) {
      expect(existsSync(join(PROJECT_ROOT, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source.replace(/\/$/, ""));
    }
  });
});
