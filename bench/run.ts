import { loadavg } from "node:os";
import { benchIntake } from "./intake.js";
import { benchTelegram } from "./telegram.js";

/**
 * `npm run bench`: prints figures for this machine. Nothing here is asserted; compare runs
 * on the same machine. Needs PostgreSQL and Redis (the same ones the tests use by default).
 */
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const concurrency = number("BENCH_CONCURRENCY", 8);
const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

function table(title: string, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(`\n${title}\n`);
  for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
}

const fixed = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

process.stdout.write(`load average before: ${loadAverage()}\n`);
const intake = await benchIntake({
  adminUrl,
  redisUrl,
  jobs: number("BENCH_JOBS", 5000),
  concurrency,
});
const telegram = await benchTelegram({
  adminUrl,
  redisUrl,
  citizens: number("BENCH_CITIZENS", 200),
  latencyLevels: (process.env.BENCH_LEVELS ?? "1,100,1000").split(",").map(Number),
  thinkMs: [number("BENCH_THINK_MIN_MS", 10_000), number("BENCH_THINK_MAX_MS", 20_000)],
  outboundMessages: number("BENCH_OUTBOUND", 1000),
});
const ratio = (value: number) => `${fixed((value / intake.ceilingPerSecond) * 100)} % of ceiling`;

table("Intake", [
  ["ceiling: bare BullMQ queue, one insert per job", `${fixed(intake.ceilingPerSecond)} jobs/s`],
  [
    "intake worker alone (reports stored)",
    `${fixed(intake.intakePerSecond)} reports/s (${ratio(intake.intakePerSecond)})`,
  ],
  [
    `${telegram.citizens} citizens filing over Telegram`,
    `${fixed(telegram.reportsPerSecond, 1)} reports/s (${ratio(telegram.reportsPerSecond)})`,
  ],
]);
table(
  "Reply latency (update handed to the bot → reply at the Bot API)",
  telegram.latency.map((level) => [
    `${level.conversations} conversations (${level.samples} replies)`,
    `p50 ${fixed(level.p50, 1)} ms · p95 ${fixed(level.p95, 1)} ms · p99 ${fixed(level.p99, 1)} ms`,
  ]),
);
table("Memory", [
  ["service RSS at rest", `${fixed(telegram.rssRestMb)} MB`],
  ["service RSS peak (intake and 1,000 conversations)", `${fixed(telegram.rssPeakMb)} MB`],
  ["Redis per open conversation", `${fixed(telegram.redisBytesPerConversation)} B`],
]);
table("Outbound under Telegram's limits", [
  [
    `${telegram.outbound.messages} notifications to as many chats`,
    `${fixed(telegram.outbound.perSecond, 1)} msg/s (ceiling 30)`,
  ],
  ["429 answers", String(telegram.outbound.tooManyRequests)],
]);
process.stdout.write(`\nload average after: ${loadAverage()}\n`);
