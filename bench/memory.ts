import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PROJECT_ROOT } from "../src/infra/paths.js";
import { ServiceProcess } from "../test/support/process.js";
import { rssMb } from "./machine.js";

export interface ChatMemory {
  readonly idleMb: number;
  readonly peakMb: number;
  readonly reports: number;
}

/** The answers a person types in `npm run chat` to file one complaint. */
const typed: readonly (readonly [string, string])[] = [
  ["/lapor", "Apa jenis laporan"],
  ["1", "judul singkat"],
  ["Jalan berlubang di depan Pasar Baru", "Ceritakan"],
  [
    "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    "Pilih kategori",
  ],
  ["1", "Di mana lokasinya?"],
  ["-6.2088, 106.8456", "Kapan kejadiannya?"],
  ["kemarin", "foto atau dokumen"],
  ["lewati", "Sembunyikan identitas"],
  ["tidak", "rahasia"],
  ["tidak", "Periksa laporan Anda"],
  ["1", "tercatat dengan nomor"],
];

/** The node arguments of `npm run chat` (package.json), so what is measured is what runs. */
function chatArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (scripts.chat ?? "").split(" ");
  if (command !== "node") throw new Error(`npm run chat is not a node command: ${scripts.chat}`);
  return args;
}

/**
 * `npm run chat` as a newcomer runs it: no DATABASE_URL (embedded PGlite), no REDIS_URL (the
 * Redis on the default port, or a private redis-server). RSS of the service process at rest, then its peak while `reports`
 * complaints are filed one after another, each until its tracking code is told.
 */
export async function measureChat(reports: number): Promise<ChatMemory> {
  const dataDir = mkdtempSync(join(tmpdir(), "aduan-bench-chat-"));
  const env: Record<string, string> = {
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    TERMINAL_USER: "bench",
    DATABASE_URL: "",
    REDIS_URL: "",
    // One person filing report after report at typing speed: flood control is not measured.
    USER_MESSAGES_PER_WINDOW: "100000",
    REPORTS_PER_DAY: "100000",
    INTAKE_REPORTS_PER_MINUTE: "100000",
  };
  const chat = new ServiceProcess(process.execPath, chatArguments(), env);
  const pid = chat.child.pid ?? 0;
  try {
    await chat.waitFor("Ketik /lapor", 120_000);
    await sleep(3000);
    const idleMb = rssMb(pid);
    let peakMb = idleMb;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 100);
    for (let report = 0; report < reports; report++) {
      // The first /lapor shows the privacy notice; "1" agrees to it and the report begins.
      const steps: readonly (readonly [string, string])[] =
        report === 0
          ? [["/lapor", "Pemberitahuan privasi"], ["1", "Apa jenis laporan"], ...typed.slice(1)]
          : typed;
      // The last reply is the tracking code; the worker stores the report meanwhile.
      for (const [line, reply] of steps) await chat.say(line, reply);
    }
    await sleep(1000);
    clearInterval(sampler);
    return { idleMb, peakMb, reports };
  } finally {
    chat.endInput();
    await Promise.race([chat.exited(), sleep(15_000)]);
    chat.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What each part of the service costs at rest: a fresh node process imports the parts one after
 * another (as the service loads them) and reports its RSS after each, after a full GC.
 */
export function moduleCosts(postgresUrl: string): readonly (readonly [string, number])[] {
  const script = `
    const parts = ${JSON.stringify(PARTS)};
    const rss = () => { globalThis.gc(); return process.memoryUsage().rss / 1048576; };
    const out = [["node itself", rss()]];
    for (const [label, specifier] of parts) {
      await import(specifier);
      out.push([label, rss()]);
    }
    const { openDatabase } = await import("./dist/src/infra/db/database.js");
    const { createLogger } = await import("./dist/src/infra/logger.js");
    const logger = createLogger({ level: "warn" });
    const postgres = await openDatabase({ url: process.argv.at(-2), dataDir: "/tmp", logger });
    await postgres.prisma.$queryRaw\`SELECT 1\`;
    out.push(["Prisma's query compiler (WebAssembly, compiled at the first query)", rss()]);
    await postgres.close();
    {
      const database = await openDatabase({ dataDir: process.argv.at(-1), logger });
      await database.prisma.$queryRaw\`SELECT 1\`;
      out.push(["the embedded database (PGlite) open, as npm run chat opens it", rss()]);
      await database.close();
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const dir = mkdtempSync(join(tmpdir(), "aduan-bench-parts-"));
  try {
    const output = execFileSync(
      process.execPath,
      // As the service runs: WebAssembly on the baseline compiler (see src/main.ts).
      [
        "--expose-gc",
        "--liftoff-only",
        "--input-type=module",
        "-e",
        script,
        "--",
        postgresUrl,
        dir,
      ],
      { cwd: PROJECT_ROOT, encoding: "utf8" },
    );
    const marks = JSON.parse(output) as [string, number][];
    return marks.map(([label, mb], index) => [
      label,
      index === 0 ? mb : mb - (marks[index - 1]?.[1] ?? 0),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the order `dist/src/main.js` loads them; each line costs what it adds to the ones above. */
const PARTS: readonly (readonly [string, string])[] = [
  ["zod, pino, yaml, date-fns (config and logging)", "./dist/src/config/env.js"],
  ["ioredis", "ioredis"],
  ["BullMQ", "bullmq"],
  ["node-postgres and Prisma's client", "./dist/src/infra/db/database.js"],
  ["grammY and its runner", "./dist/src/channels/telegram/telegram-channel.js"],
  ["Fastify and prom-client (HTTP role)", "./dist/src/http/server.js"],
  ["the rest of the service (composition root, core, queues)", "./dist/src/app/index.js"],
];
