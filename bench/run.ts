import { benchIntake } from "./intake.js";

/**
 * `npm run bench`: prints figures for this machine. Nothing here is asserted; compare runs
 * on the same machine. Needs PostgreSQL and Redis (the same ones the tests use by default).
 */
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const jobs = Number(process.env.BENCH_JOBS ?? 5000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

const intake = await benchIntake({ adminUrl, redisUrl, jobs, concurrency });
const rows: [string, string][] = [
  ["jobs", String(intake.jobs)],
  ["worker concurrency", String(intake.concurrency)],
  ["ceiling: bare BullMQ + 1 insert per job", `${intake.ceilingPerSecond.toFixed(0)} jobs/s`],
  ["Aduan intake worker (reports stored)", `${intake.intakePerSecond.toFixed(0)} reports/s`],
  [
    "intake / ceiling",
    `${((intake.intakePerSecond / intake.ceilingPerSecond) * 100).toFixed(0)} %`,
  ],
];
const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write("\nIntake pipeline\n");
for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
