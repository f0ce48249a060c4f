import { rmSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/infra/paths.js";
import { aduan, installReference, nullBot, reference } from "./bots.js";
import { benchIntake } from "./intake.js";
import { measureChat, moduleCosts } from "./memory.js";
import { measureOutbound, type OutboundFigures } from "./outbound.js";
import { measureBurst, type BenchBot, type BurstFigures } from "./telegram.js";

/**
 * `npm run bench`: Aduan side by side with the reference bot (and the rig's ceiling, the null
 * bot), one at a time, over the same fake Bot API and the same simulated citizens, then memory.
 * Nothing here is asserted; compare runs on the same machine. Needs the PostgreSQL the tests
 * use and a `redis-server` on the PATH (each bot gets its own, so its CPU and memory are its).
 */
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const citizens = number("BENCH_CITIZENS", 1000);
const bots = (process.env.BENCH_BOTS ?? "null,reference,aduan").split(",");
const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const fixed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : "—";

function table(title: string, header: readonly string[], rows: readonly (readonly string[])[]) {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ")}\n`;
  process.stdout.write(`\n${title}\n${line(header)}`);
  for (const row of rows) process.stdout.write(line(row));
}

process.stdout.write(
  `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average before: ${loadAverage()}\n`,
);
const probe = pathToFileURL(join(PROJECT_ROOT, "dist", "bench", "probe.js")).toString();
const referenceDir = bots.some((bot) => bot !== "aduan") ? installReference() : "";
const chosen: BenchBot[] = [
  ...(bots.includes("null") ? [nullBot(referenceDir)] : []),
  ...(bots.includes("reference") ? [reference(referenceDir)] : []),
  ...(bots.includes("aduan") ? [aduan] : []),
];
const burst = {
  adminUrl,
  citizens,
  openConversations: number("BENCH_OPEN", 500),
  probe,
};
const results: BurstFigures[] = [];
let outbound: OutboundFigures | undefined;
for (const bot of chosen) {
  process.stderr.write(`bench: ${bot.name}, ${citizens} citizens at once\n`);
  const figures = await measureBurst(
    bot,
    burst,
    bot === aduan
      ? ({ fake, redis, databaseUrl, settings }) =>
          measureOutbound({
            fake,
            redisUrl: redis.url,
            databaseUrl: databaseUrl ?? "",
            dataDir: settings.dataDir,
            messages: number("BENCH_OUTBOUND", 300),
          })
      : undefined,
  );
  if (figures.more) outbound = figures.more;
  results.push(figures);
}

const byName = (name: string) => results.find((figures) => figures.name === name);
const ref = byName("reference");
const mine = byName("Aduan");
const ratio = (pick: (figures: BurstFigures) => number) =>
  ref && mine ? `${fixed(pick(mine) / pick(ref), 2)}×` : "—";
const verdict = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "MISSED");
const compare = (
  pick: (figures: BurstFigures) => number,
  target: string,
  met?: (mine: number, reference: number) => boolean,
) =>
  [
    ratio(pick),
    target,
    verdict(ref && mine && met ? met(pick(mine), pick(ref)) : undefined),
  ] as const;

const row = (
  label: string,
  pick: (figures: BurstFigures) => number,
  digits: number,
  target = "",
  met?: (mine: number, reference: number) => boolean,
) => [
  label,
  ...results.map((figures) => fixed(pick(figures), digits)),
  ...compare(pick, target, met),
];

table(
  `${citizens} citizens filing the same complaint at once (each bot alone, its own Redis and database)`,
  ["figure", ...results.map((figures) => figures.name), "Aduan / ref", "target", ""],
  [
    row(
      "reports/s (until every code told and report stored)",
      (f) => f.reportsPerSecond,
      1,
      "≥ 1.5×",
      (a, b) => a >= 1.5 * b,
    ),
    row("codes delivered", (f) => f.codesDelivered, 0),
    row("reports stored", (f) => f.reportsStored, 0),
    row(
      "CPU per report, bot + Redis + PostgreSQL (ms)",
      (f) => f.cpuPerReportMs,
      1,
      "≤ 1×",
      (a, b) => a <= b,
    ),
    row("  of which the bot process (ms)", (f) => f.botCpuPerReportMs, 1),
    row("  of which Redis (ms)", (f) => f.redisCpuPerReportMs, 1),
    row("p50 reply latency (ms)", (f) => f.reply.p50, 0),
    row(
      "p99 reply latency (ms)",
      (f) => f.reply.p99,
      0,
      "≤ 1×",
      (a, b) => a <= b,
    ),
    row("Kirim → tracking code p50 (ms)", (f) => f.kirimToCode.p50, 0),
    row(
      "Kirim → tracking code p99 (ms)",
      (f) => f.kirimToCode.p99,
      0,
      "≤ 2,000 ms",
      (a) => a <= 2000,
    ),
    row("bot messages per report (sent + edited, citizen's chat)", (f) => f.messagesPerReport, 1),
    row("Bot API calls per report (all but getUpdates)", (f) => sum(f.callsPerReport), 1),
    ...[...new Set(results.flatMap((figures) => Object.keys(figures.callsPerReport)))].map(
      (method) => row(`  ${method}`, (f) => f.callsPerReport[method] ?? 0, 1),
    ),
    row("Redis round trips per report", (f) => f.redisRoundTripsPerReport, 1),
    row("SQL statements per report", (f) => f.sqlStatementsPerReport, 1),
    row("RSS at rest (MB)", (f) => f.rssRestMb, 0),
    row(
      "peak RSS (MB)",
      (f) => f.rssPeakMb,
      0,
      "≤ 1.25×",
      (a, b) => a <= 1.25 * b,
    ),
    row(
      `Redis per open conversation (B, ${burst.openConversations} open)`,
      (f) => f.redisBytesPerConversation,
      0,
      "≤ 0.25×",
      (a, b) => a <= 0.25 * b,
    ),
  ],
);

function sum(values: Readonly<Record<string, number>>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

if (outbound) {
  table(
    "Bulk notices under Telegram's limits (Aduan's outbound worker, 30/s enforced)",
    ["figure", "measured", "target"],
    [
      [
        `${outbound.messages} notices to as many chats`,
        `${fixed(outbound.perSecond, 1)} msg/s`,
        "TELEGRAM_SEND_PER_SECOND (25)",
      ],
      ["429 answers", String(outbound.tooManyRequests), "0"],
    ],
  );
}

if (bots.includes("aduan")) {
  const chatReports = number("BENCH_CHAT_REPORTS", 20);
  process.stderr.write(`bench: npm run chat (PGlite), ${chatReports} reports\n`);
  const chat = await measureChat(chatReports);
  table(
    "Memory (#13.7): RSS of the service process",
    ["figure", "measured", "target", ""],
    [
      [
        "npm run chat (embedded PGlite) at rest",
        `${fixed(chat.idleMb)} MB`,
        "≤ 250 MB",
        verdict(chat.idleMb <= 250),
      ],
      [
        `npm run chat, peak while filing ${chat.reports} reports`,
        `${fixed(chat.peakMb)} MB`,
        "≤ 350 MB",
        verdict(chat.peakMb <= 350),
      ],
      [
        "npm start with PostgreSQL at rest",
        `${fixed(mine?.rssRestMb ?? Number.NaN)} MB`,
        "≤ 200 MB",
        verdict(mine ? mine.rssRestMb <= 200 : undefined),
      ],
    ],
  );
  table(
    "What each part costs at rest (RSS a fresh node adds importing it, after a full GC)",
    ["part", "MB"],
    moduleCosts(adminUrl).map(([label, mb]) => [label, fixed(mb, 1)]),
  );
  const jobs = number("BENCH_JOBS", 2000);
  if (jobs > 0) {
    const intake = await benchIntake({
      adminUrl,
      redisUrl,
      jobs,
      concurrency: number("BENCH_CONCURRENCY", 8),
    });
    table(
      "Intake worker alone (reports stored from a full queue)",
      ["figure", "measured"],
      [
        [
          "ceiling: bare BullMQ queue, one insert per job",
          `${fixed(intake.ceilingPerSecond)} jobs/s`,
        ],
        ["Aduan's intake worker", `${fixed(intake.intakePerSecond)} reports/s`],
      ],
    );
  }
}
// The copy installed for this run goes; one named by BENCH_REFERENCE_INSTALLED stays.
if (referenceDir && !process.env.BENCH_REFERENCE_INSTALLED)
  rmSync(referenceDir, { recursive: true, force: true });
process.stdout.write(`\nload average after: ${loadAverage()}\n`);
