import { rmSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { DEFAULT_INTAKE_CONCURRENCY } from "../src/config/env.js";
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
  warmup: number("BENCH_WARMUP", 0),
  probe,
};
// The machine's state moves a run's figures by a tenth or more (another tenant, the CPU's
// clock), and not the same way for every bot: the reference and Aduan take turns, each round
// in the other order, and each ratio is read within a round, the two runs minutes apart. The
// rounds of one run on a quiet machine read 1.75x, 1.41x and 1.55x: with five, one round that
// strays does not move the median.
const rounds = Math.max(1, number("BENCH_ROUNDS", 5));
const runs = new Map<string, BurstFigures[]>(chosen.map((bot) => [bot.name, []]));
let outbound: OutboundFigures | undefined;
for (let round = 0; round < rounds; round++) {
  // The null bot measures the rig, which the turns do not need to repeat.
  const compared = chosen.filter((bot) => round === 0 || bot.name !== "null bot");
  for (const bot of round % 2 === 0 ? compared : [...compared].reverse()) {
    process.stderr.write(
      `bench: ${bot.name}, ${citizens} citizens at once` +
        (burst.warmup > 0 ? ` after ${burst.warmup} filed one each` : "") +
        ` (round ${round + 1} of ${rounds})\n`,
    );
    const figures = await measureBurst(
      bot,
      burst,
      bot === aduan && !outbound
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
    runs.get(bot.name)?.push(figures);
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};
const names = [...runs.keys()];
const refRuns = runs.get("reference") ?? [];
const mineRuns = runs.get("Aduan") ?? [];
/** Aduan's and the reference's runs of the same round. */
const pairs = mineRuns.flatMap((mine, round) => {
  const reference = refRuns[round];
  return reference ? [{ mine, reference }] : [];
});
const verdict = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "MISSED");

interface RowOptions {
  readonly target?: string;
  readonly met?: (mine: number, reference: number) => boolean;
  /** How a bot's rounds make one figure: their median, or the worst for a count of losses. */
  readonly across?: (values: readonly number[]) => number;
}

const row = (
  label: string,
  pick: (figures: BurstFigures) => number,
  digits: number,
  { target = "", met, across = median }: RowOptions = {},
) => {
  const ratios = pairs.map(({ mine, reference }) => pick(mine) / pick(reference));
  const metIn = met ? pairs.filter(({ mine, reference }) => met(pick(mine), pick(reference))) : [];
  return [
    label,
    ...names.map((name) => fixed(across((runs.get(name) ?? []).map(pick)), digits)),
    pairs.length > 0 ? `${fixed(median(ratios), 2)}×` : "—",
    target,
    !met || pairs.length === 0
      ? ""
      : metIn.length === pairs.length || metIn.length === 0
        ? verdict(metIn.length > 0)
        : `met in ${metIn.length} of ${pairs.length}`,
  ];
};
const fewest = (values: readonly number[]) => Math.min(...values);

table(
  `${citizens} citizens filing the same complaint at once (each bot alone, its own Redis and database` +
    (burst.warmup > 0 ? `, after ${burst.warmup} citizens filed one each` : ", freshly started") +
    ")",
  ["figure", ...names, "Aduan / ref", "target", ""],
  [
    row("reports/s (until every code told and report stored)", (f) => f.reportsPerSecond, 1, {
      target: "≥ 1.5×",
      met: (a, b) => a >= 1.5 * b,
    }),
    row("codes delivered (fewest of the rounds)", (f) => f.codesDelivered, 0, { across: fewest }),
    row("reports stored (fewest of the rounds)", (f) => f.reportsStored, 0, { across: fewest }),
    row("CPU per report, bot + Redis + PostgreSQL (ms)", (f) => f.cpuPerReportMs, 1, {
      target: "≤ 1×",
      met: (a, b) => a <= b,
    }),
    row("  of which the bot process (ms)", (f) => f.botCpuPerReportMs, 1),
    row("  of which Redis (ms)", (f) => f.redisCpuPerReportMs, 1),
    row("the rig's CPU per report: fake Bot API and citizens (ms)", (f) => f.rigCpuPerReportMs, 1),
    row("bot's main thread running, share of the burst (%)", (f) => 100 * f.mainThreadBusy, 0),
    row(
      "bot's main thread waiting for a core, share of the burst (%)",
      (f) => 100 * f.mainThreadWaiting,
      0,
    ),
    row("machine busy, both cores, share of the burst (%)", (f) => 100 * f.machineBusy, 0),
    row("replies/s in the burst's first 2 s", (f) => f.openingRepliesPerSecond, 0),
    row("replies/s in its busiest 2 s", (f) => f.busiestRepliesPerSecond, 0),
    row("last tracking code told → last report stored (ms)", (f) => f.storedAfterLastCodeMs, 0),
    row("p50 reply latency (ms)", (f) => f.reply.p50, 0),
    row("p99 reply latency (ms)", (f) => f.reply.p99, 0, { target: "≤ 1×", met: (a, b) => a <= b }),
    row("Kirim → tracking code p50 (ms)", (f) => f.kirimToCode.p50, 0),
    row("Kirim → tracking code p99 (ms)", (f) => f.kirimToCode.p99, 0, {
      target: "≤ 2,000 ms",
      met: (a) => a <= 2000,
    }),
    row("bot messages per report (sent + edited, citizen's chat)", (f) => f.messagesPerReport, 1),
    row("Bot API calls per report (all but getUpdates)", (f) => sum(f.callsPerReport), 1),
    ...[
      ...new Set(
        [...runs.values()].flat().flatMap((figures) => Object.keys(figures.callsPerReport)),
      ),
    ].map((method) => row(`  ${method}`, (f) => f.callsPerReport[method] ?? 0, 1)),
    row("getUpdates calls per report (long polls)", (f) => f.pollsPerReport, 2),
    row("Redis round trips per report", (f) => f.redisRoundTripsPerReport, 1),
    row("SQL statements per report", (f) => f.sqlStatementsPerReport, 1),
    row("RSS at rest (MB)", (f) => f.rssRestMb, 0),
    row("peak RSS (MB)", (f) => f.rssPeakMb, 0, {
      target: "≤ 1.25×",
      met: (a, b) => a <= 1.25 * b,
    }),
    row(
      `Redis per open conversation (B, ${burst.openConversations} open)`,
      (f) => f.redisBytesPerConversation,
      0,
      { target: "≤ 0.25×", met: (a, b) => a <= 0.25 * b },
    ),
  ],
);

function sum(values: Readonly<Record<string, number>>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

if (pairs.length > 1) {
  table(
    "Each round (the reference's and Aduan's runs minutes apart; the ratios above are their medians)",
    ["round", "reports/s ref / Aduan", "ratio", "CPU per report ref / Aduan (ms)", "ratio"],
    pairs.map(({ mine, reference }, round) => [
      String(round + 1),
      `${fixed(reference.reportsPerSecond, 1)} / ${fixed(mine.reportsPerSecond, 1)}`,
      `${fixed(mine.reportsPerSecond / reference.reportsPerSecond, 2)}×`,
      `${fixed(reference.cpuPerReportMs, 1)} / ${fixed(mine.cpuPerReportMs, 1)}`,
      `${fixed(mine.cpuPerReportMs / reference.cpuPerReportMs, 2)}×`,
    ]),
  );
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
  const restMb = median(mineRuns.map((figures) => figures.rssRestMb));
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
        `${fixed(restMb)} MB`,
        "≤ 200 MB",
        verdict(mineRuns.length > 0 ? restMb <= 200 : undefined),
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
      concurrency: number("BENCH_CONCURRENCY", DEFAULT_INTAKE_CONCURRENCY),
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
