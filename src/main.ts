import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { pino } from "pino";
import { PrefixClashError, ROLES, startApp, type Role, type RunningApp } from "./app/index.js";
import { loadCatalog } from "./config/catalog.js";
import { DataFileError } from "./config/data-file.js";
import { loadHolidays } from "./config/holidays.js";
import {
  ConfigError,
  installationProblems,
  isSet,
  loadConfig,
  loadDotEnv,
  redisKeyProblems,
  type Config,
} from "./config/env.js";
import { exportReportsCsv } from "./core/reports/csv-export.js";
import { parsePeriod, PERIOD_EXAMPLES } from "./core/reports/periods.js";
import { WorkingCalendar } from "./core/time/working-days.js";
import { TelegramTokenRejectedError } from "./channels/telegram/telegram-channel.js";
import { configuredPostgres, DatabaseInUseError, openDatabase } from "./infra/db/database.js";
import { migrate, MigrationError } from "./infra/db/migrate.js";
import { reportsSubmittedIn } from "./infra/db/report-store.js";
import { createLogger, secretScrubber, type Logger } from "./infra/logger.js";
import { RedisUnavailableError } from "./infra/redis.js";
import { localRedisKey } from "./infra/redis-key.js";
import { lowerHelperThreads } from "./infra/thread-priority.js";
import {
  ServiceRefusedError,
  ServiceUnavailableError,
  waitForService,
  type StartupWait,
} from "./infra/startup.js";
import { HttpListenError } from "./http/server.js";

const USAGE = `Usage:
  node dist/src/main.js [--role bot|worker|http|all]   run the service (npm start)
  node dist/src/main.js chat                           chat with the bot in this terminal (npm run chat)
  node dist/src/main.js migrate                        apply database migrations (npm run db:migrate)
  node dist/src/main.js export [--period P] [--agency ID] [--include-confidential] [--output FILE]
                                                       reports of a period as CSV (npm run export)
                                                       P: bulan-ini (default), bulan-lalu, 2026-11, 2026,
                                                       30h, 2026-11-01..2026-11-15`;

/** Problems an operator can fix, printed as they are, without a stack trace. */
const OPERATOR_ERRORS = [
  ConfigError,
  DataFileError,
  MigrationError,
  RedisUnavailableError,
  DatabaseInUseError,
  PrefixClashError,
  ServiceRefusedError,
  ServiceUnavailableError,
  HttpListenError,
  TelegramTokenRejectedError,
];

const say = (line: string) => process.stderr.write(`${line}\n`);

function fail(lines: readonly string[]): never {
  for (const line of lines) say(line);
  process.exit(1);
}

function failSettings(problems: readonly string[]): never {
  fail([
    "Aduan cannot start; fix these settings (see .env.example):",
    ...problems.map((problem) => `  ${problem}`),
  ]);
}

/** Values no log line may contain: tokens, webhook secrets, passwords inside URLs. */
function secretsOf(config: Config): string[] {
  const passwords = [config.DATABASE_URL, config.REDIS_URL].flatMap((url) => {
    if (!url) return [];
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  });
  return [
    config.TELEGRAM_BOT_TOKEN,
    config.TELEGRAM_WEBHOOK_SECRET,
    config.ADMIN_PASSWORD,
    config.REDIS_ENCRYPTION_KEY,
    config.WHATSAPP_CLOUD_ACCESS_TOKEN,
    config.WHATSAPP_CLOUD_APP_SECRET,
    config.WHATSAPP_CLOUD_VERIFY_TOKEN,
    ...passwords,
  ].filter((secret): secret is string => secret !== undefined);
}

function parseRoles(value: string): Set<Role> {
  if (value === "all") return new Set(ROLES);
  const roles = value.split(",").map((role) => role.trim());
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    fail([
      `--role: expected bot, worker, http or all (or a comma-separated list), got '${unknown.join(",")}'`,
      USAGE,
    ]);
  return new Set(roles as Role[]);
}

/** Without DATABASE_URL the embedded database needs no waiting. */
async function waitForDatabase(config: Config, wait: StartupWait): Promise<void> {
  if (config.DATABASE_URL) await waitForService(configuredPostgres(config.DATABASE_URL), wait);
}

async function runMigrations(config: Config, logger: Logger, wait: StartupWait): Promise<void> {
  await waitForDatabase(config, wait);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    logger,
  });
  try {
    const applied = await migrate(database, logger);
    process.stdout.write(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(", ")}\n`
        : "The database is up to date.\n",
    );
  } finally {
    await database.close();
  }
}

interface ExportArgs {
  readonly period: string;
  readonly agency: string | undefined;
  readonly includeConfidential: boolean;
  readonly output: string | undefined;
}

async function runExport(
  config: Config,
  logger: Logger,
  wait: StartupWait,
  args: ExportArgs,
): Promise<void> {
  const catalog = loadCatalog(config.CATALOG_FILE);
  const calendar = new WorkingCalendar(config.TIME_ZONE, loadHolidays(config.HOLIDAYS_FILE));
  const period = parsePeriod(args.period, calendar, new Date());
  if (!period) fail([`--period: expected one of ${PERIOD_EXAMPLES}; got '${args.period}'`]);
  if (args.agency && !catalog.agency(args.agency)) {
    fail([`--agency: '${args.agency}' is not an agency id in ${config.CATALOG_FILE}`]);
  }
  await waitForDatabase(config, wait);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    logger,
  });
  try {
    await migrate(database, logger);
    const { csv, rows, confidentialLeftOut } = await exportReportsCsv(
      { submittedIn: (query) => reportsSubmittedIn(database.prisma, query) },
      { from: period.from, to: period.to, ...(args.agency ? { agencyId: args.agency } : {}) },
      { catalog, includeConfidential: args.includeConfidential },
    );
    if (args.output) writeFileSync(args.output, csv);
    else process.stdout.write(csv);
    // On stderr, so a CSV piped from stdout stays clean.
    const where = args.output ? ` to ${args.output}` : "";
    process.stderr.write(`Exported ${rows} report(s) of ${period.label}${where}.\n`);
    if (confidentialLeftOut > 0) {
      process.stderr.write(
        `${confidentialLeftOut} rahasia (confidential) report(s) of the period were left out: ` +
          "their reporters asked that they never be published. Add --include-confidential " +
          "to include them, for internal evaluation only.\n",
      );
    }
  } finally {
    await database.close();
  }
}

/** What the terminal chat says when the person leaves it (Ctrl+D, Ctrl+C). */
const GOODBYE = "Sampai jumpa! / Goodbye!";

interface Lifecycle {
  /** Aborted once the process is asked to stop, even while it is still starting. */
  readonly signal: AbortSignal;
  /** Runs the start-up; a stop asked for meanwhile stops what it started. */
  start(run: () => Promise<RunningApp>): Promise<RunningApp>;
  stop(reason: string, exitCode: 0 | 1): void;
}

/**
 * Installed before anything starts, so that a signal during a slow start (waiting for Redis or
 * PostgreSQL) is logged and ends the process cleanly. SIGTERM, SIGINT and SIGHUP (the terminal
 * was closed) stop the process: receiving stops first, running jobs finish, logs are written.
 * Past SHUTDOWN_TIMEOUT_MS the process exits anyway; jobs still running are then taken over by
 * another worker once their lock expires, and run idempotently. A programming error that
 * escapes (an unhandled rejection, an uncaught exception) is logged and stops the process the
 * same way, with exit code 1, for the supervisor to restart it.
 */
function lifecycle(config: Config, logger: Logger, chat: boolean): Lifecycle {
  const stopping = new AbortController();
  let app: RunningApp | undefined;
  let started: Promise<unknown> = Promise.resolve();
  const stop = (reason: string, exitCode: 0 | 1) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    logger.info({ reason }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, "shutdown took too long; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    void started
      .then(() => app?.stop())
      .then(() => {
        logger.info("stopped");
        // The terminal is gone after SIGHUP; elsewhere the person sees why the chat ended.
        if (chat && reason !== "SIGHUP" && exitCode === 0) process.stdout.write(`${GOODBYE}\n`);
        process.exit(exitCode);
      });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => stop(signal, 0));
  process.on("unhandledRejection", (error) => {
    logger.fatal({ err: error }, "unhandled promise rejection; stopping");
    stop("unhandled rejection", 1);
  });
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception; stopping");
    stop("uncaught exception", 1);
  });
  return {
    signal: stopping.signal,
    stop,
    start(run) {
      const starting = run();
      started = starting.then(
        (running) => {
          app = running;
          void running.terminalDone?.then(() => stop("end of input", 0));
        },
        () => undefined,
      );
      return starting;
    },
  };
}

/**
 * Prints why the process cannot run: a problem the operator can fix as one readable line
 * (the log gets the same, without a stack); anything else with the log's stack trace.
 */
function reportStartFailure(config: Config, logger: Logger, error: unknown): void {
  const operatorError = OPERATOR_ERRORS.some((type) => error instanceof type);
  const message = error instanceof Error ? error.message : String(error);
  if (operatorError) logger.fatal({ reason: message }, "cannot start");
  else logger.fatal({ err: error }, "cannot start");
  // Library errors may quote URLs with the bot token: print nothing unscrubbed.
  const scrub = secretScrubber(secretsOf(config));
  say(operatorError ? "Aduan cannot start:" : "Aduan cannot start because of an unexpected error:");
  for (const line of scrub(message).split("\n")) say(`  ${line}`);
}

async function main(): Promise<void> {
  // WebAssembly (Prisma's query compiler, PGlite) stays on V8's baseline compiler: optimising
  // it again in the background kept ~80 MB more at rest for no CPU per report that the bench
  // can tell apart (npm run bench, "What each part costs"). Set before the first query
  // compiles anything.
  setFlagsFromString("--liftoff-only");
  // A full collection comes once the old generation has doubled since the last one. V8's own
  // factor goes up to 4x when the machine leaves it gigabytes: in a burst, what requests in
  // flight hold across two young collections is promoted and dies there, and the old
  // generation filled with ~170 MB of it before a full collection, which RSS kept (npm run
  // bench: peak RSS ~400 -> ~270 MB; 13 full collections instead of 6, for no CPU per report
  // the bench tells apart). V8 reads the factor at every collection, so setting it here works,
  // unlike the young generation's size.
  setFlagsFromString("--heap-growing-percent=100");
  const { values, positionals } = parseArgs({
    options: {
      role: { type: "string", default: "all" },
      help: { type: "boolean", short: "h" },
      period: { type: "string", default: "" },
      agency: { type: "string" },
      "include-confidential": { type: "boolean", default: false },
      output: { type: "string" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = positionals[0] ?? "run";
  if (!["run", "chat", "migrate", "export"].includes(command))
    fail([`unknown command '${command}'`, USAGE]);

  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) failSettings(error.problems);
    throw error;
  }
  // The terminal chat needs no settings: it keeps a key of its own, as it keeps its database.
  if (command === "chat" && !config.REDIS_ENCRYPTION_KEY) {
    config = { ...config, REDIS_ENCRYPTION_KEY: localRedisKey(config.DATA_DIR) };
  }
  const missing =
    command === "run" || command === "chat"
      ? [...redisKeyProblems(config), ...installationProblems(config)]
      : [];
  if (missing.length > 0) failSettings(missing);

  // In chat mode the terminal belongs to the conversation, so logs go to a file.
  const logFile = join(config.DATA_DIR, "logs", "aduan.log");
  if (command === "chat") mkdirSync(join(config.DATA_DIR, "logs"), { recursive: true });
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: secretsOf(config),
    // Written as they are logged: with pino's asynchronous writes, process.exit (after a signal,
    // a failed start, an uncaught exception) could reorder the last lines or lose them, or
    // fail on a log file not yet open. The CSV of `export` goes to stdout, so its logs do not.
    destination: pino.destination({
      dest: command === "chat" ? logFile : command === "export" ? 2 : 1,
      sync: true,
    }),
  });

  const wait: StartupWait = { timeoutSeconds: config.STARTUP_TIMEOUT_SECONDS, say, logger };
  if (command === "migrate" || command === "export") {
    try {
      if (command === "migrate") await runMigrations(config, logger, wait);
      else
        await runExport(config, logger, wait, {
          period: values.period,
          agency: values.agency,
          includeConfidential: values["include-confidential"],
          output: values.output,
        });
    } catch (error) {
      reportStartFailure(config, logger, error);
      process.exit(1);
    }
    return;
  }

  if (config.HELPER_THREAD_NICENESS > 0) {
    const { lowered, problem } = lowerHelperThreads(config.HELPER_THREAD_NICENESS);
    // Only how fast a crowd is answered depends on it, not whether: no warning.
    if (problem) logger.info({ lowered, problem }, "helper threads keep their priority");
    else logger.info({ lowered, nice: config.HELPER_THREAD_NICENESS }, "helper threads lowered");
  }
  const chat = command === "chat";
  const running = lifecycle(config, logger, chat);
  if (chat) {
    process.stdout.write(
      `Aduan — obrolan terminal sebagai '${config.TERMINAL_USER}' / terminal chat as '${config.TERMINAL_USER}'.\n` +
        "Ketik /lapor untuk membuat laporan, /bantuan untuk bantuan, Ctrl+D untuk keluar.\n" +
        "Type /lapor to file a report, /bantuan for help, Ctrl+D to quit.\n" +
        `(Log: ${logFile})\n`,
    );
  }
  try {
    await running.start(() =>
      startApp({
        config,
        // The chat needs no port: it serves HTTP only when HTTP_PORT is set explicitly.
        roles: chat
          ? new Set<Role>(isSet("HTTP_PORT") ? ROLES : ["bot", "worker"])
          : parseRoles(values.role),
        logger,
        say,
        signal: running.signal,
        onConfigurationError: (error) => {
          reportStartFailure(config, logger, error);
          running.stop("configuration error", 1);
        },
        ...(chat ? { terminal: { input: process.stdin, output: process.stdout } } : {}),
      }),
    );
  } catch (error) {
    // Asked to stop while starting: the lifecycle logs it and exits.
    if (running.signal.aborted) return;
    reportStartFailure(config, logger, error);
    process.exit(1);
  }
}

await main();
