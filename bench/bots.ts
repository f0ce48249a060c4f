import { randomBytes } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/infra/paths.js";
import type { BenchBot, Step } from "./telegram.js";

/**
 * The reference bots of `../shared/reference-bot` (or BENCH_REFERENCE_DIR), copied to a
 * temporary directory and installed there from their lock file, since their folder may be
 * read-only. BENCH_REFERENCE_INSTALLED names a copy already installed, to skip `npm ci`.
 */
export function installReference(): string {
  const installed = process.env.BENCH_REFERENCE_INSTALLED;
  if (installed) return installed;
  const source =
    process.env.BENCH_REFERENCE_DIR ?? join(PROJECT_ROOT, "..", "shared", "reference-bot");
  if (!existsSync(join(source, "bot.mjs")))
    throw new Error(`bench: no reference bot at ${source} (set BENCH_REFERENCE_DIR)`);
  const dir = mkdtempSync(join(tmpdir(), "aduan-reference-"));
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !path.includes("node_modules"),
  });
  process.stderr.write(`bench: installing the reference bot in ${dir} (npm ci)\n`);
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return dir;
}

/** The reference form: kind, title, description, category, location, date, photo, privacy. */
const referenceSteps = (index: number): Step[] => [
  { text: "/lapor", reply: "Jenis laporan?" },
  { press: "Pengaduan", reply: "Tulis judul" },
  { text: `Jalan berlubang di depan pasar nomor ${index}`, reply: "Ceritakan" },
  {
    text: "Ada lubang besar di jalan depan pasar yang membahayakan pengendara motor setiap malam.",
    reply: "Pilih kategori",
  },
  { press: "Infrastruktur", reply: "Bagikan lokasi" },
  { location: true, reply: "Tanggal kejadian?" },
  { text: "kemarin", reply: "Kirim foto" },
  { press: "Lewati", reply: "Privasi laporan?" },
  { press: "Biasa", reply: "Ringkasan" },
  // bot.mjs never says "Laporan diterima": its conversation.external() returns BullMQ's Job,
  // which cannot be cloned (DataCloneError, logged), after the job is queued. The code still
  // comes from its worker, so the citizen waits for that; the null bot says both.
  { press: "Kirim", reply: "tercatat dengan nomor" },
];

function referenceBot(name: string, script: string, dir: string): BenchBot {
  return {
    name,
    token: script === "null-bot.mjs" ? "123456:NULL" : "123456:PEER",
    needsDatabase: script !== "null-bot.mjs",
    steps: referenceSteps,
    openingSteps: 5,
    code: /tercatat dengan nomor ADU-/,
    ...(script === "null-bot.mjs"
      ? {}
      : { storedReports: "SELECT count(*)::int AS n FROM peer_reports" }),
    start: (settings) => {
      // bot.mjs logs a DataCloneError with the whole context for every report (see above):
      // some 80 lines each, which would bury the figures, so its output goes to a file that
      // outlives the copy (one per run, every round appended).
      const log = join(tmpdir(), `aduan-bench-${process.pid}-${script}.log`);
      process.stderr.write(`bench: ${name}'s output goes to ${log}\n`);
      const output = openSync(log, "a");
      try {
        return spawn(process.execPath, [...settings.node, script], {
          cwd: dir,
          env: {
            ...process.env,
            ...settings.env,
            BOT_API_ROOT: settings.apiRoot,
            REDIS_URL: settings.redisUrl,
            ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
            PREFIX: "peer",
          },
          stdio: ["ignore", output, output],
        });
      } finally {
        closeSync(output);
      }
    },
  };
}

export const nullBot = (dir: string) => referenceBot("null bot", "null-bot.mjs", dir);
export const reference = (dir: string) => referenceBot("reference", "bot.mjs", dir);

/** Aduan's /lapor, as a citizen presses and types through it. */
const aduanSteps = (index: number): Step[] => [
  // A new citizen reads the privacy notice and agrees before the first report.
  { text: "/lapor", reply: "Pemberitahuan privasi" },
  { press: "Setuju", reply: "Apa jenis laporan" },
  { press: "Pengaduan", reply: "judul singkat" },
  { text: `Jalan berlubang di depan pasar nomor ${index}`, reply: "Ceritakan" },
  {
    text: "Ada lubang besar di jalan depan pasar yang membahayakan pengendara motor setiap malam.",
    reply: "Pilih kategori",
  },
  { press: "Jalan dan jembatan", reply: "Di mana lokasinya?" },
  { location: true, reply: "Kapan kejadiannya?" },
  { press: "Kemarin", reply: "foto atau dokumen pendukung" },
  { press: "Lewati", reply: "Sembunyikan identitas" },
  { press: "Tidak", reply: "rahasia" },
  { press: "Tidak", reply: "Periksa laporan Anda" },
  { press: "Kirim", reply: "tercatat dengan nomor" },
];

/** The service's REDIS_ENCRYPTION_KEY: the outbound figure queues into its queues too. */
export const BENCH_REDIS_ENCRYPTION_KEY = randomBytes(32).toString("base64");

/** The real service (`node dist/src/main.js`, every role, Telegram long polling). */
export const aduan: BenchBot = {
  name: "Aduan",
  needsDatabase: true,
  steps: aduanSteps,
  openingSteps: 5,
  code: /tercatat dengan nomor ADU-/,
  storedReports: "SELECT count(*)::int AS n FROM reports",
  start: (settings) =>
    spawn(process.execPath, [...settings.node, "dist/src/main.js"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        ...settings.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        TELEGRAM_BOT_TOKEN: settings.token,
        TELEGRAM_API_ROOT: settings.apiRoot,
        ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
        REDIS_URL: settings.redisUrl,
        REDIS_ENCRYPTION_KEY: BENCH_REDIS_ENCRYPTION_KEY,
        DATA_DIR: settings.dataDir,
        HTTP_PORT: String(settings.httpPort),
        // The benchmark's citizens write faster than people do; flood control is not measured.
        USER_MESSAGES_PER_WINDOW: "100000",
        REPORTS_PER_DAY: "100000",
        // The deployment's intake ceiling (60 a minute by default) would hold the burst back.
        INTAKE_REPORTS_PER_MINUTE: "100000",
      },
      // Its JSON log (warnings and errors only) goes to the benchmark's stderr.
      stdio: ["ignore", process.stderr, "inherit"],
    }),
};
