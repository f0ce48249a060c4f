import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import {
  FakeTelegram,
  visibleText,
  type SentMessage,
  type TelegramCitizen,
} from "../test/support/fake-telegram.js";
import { freePort } from "../test/support/services.js";
import {
  CpuMeter,
  machineTicks,
  mainThreadCpuMs,
  mainThreadWaitMs,
  PrivateRedis,
  rssMb,
  waitFor,
} from "./machine.js";

/** One step of a citizen's conversation: what they do, and a text of the reply they wait for. */
export type Step =
  | { readonly text: string; readonly reply: string }
  | { readonly press: string; readonly reply: string }
  | { readonly location: true; readonly reply: string };

/** A bot the benchmark drives: how to start it and the conversation that files a report. */
export interface BenchBot {
  readonly name: string;
  /** The token it calls the Bot API with (the reference bots have fixed ones). */
  readonly token?: string;
  readonly needsDatabase: boolean;
  /** Every step of one report, the last being the press that submits it. */
  readonly steps: (index: number) => readonly Step[];
  /** How many of the steps leave a conversation open (in Redis) for the memory figure. */
  readonly openingSteps: number;
  /** The message that gives the tracking code. */
  readonly code: RegExp;
  /** Counts the reports its database holds (a report counts once stored, whenever told). */
  readonly storedReports?: string;
  /** Starts the bot; `node` are the arguments for node before its script (the probe). */
  readonly start: (settings: BotSettings) => ChildProcess;
}

export interface BotSettings {
  readonly node: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly apiRoot: string;
  readonly token: string;
  readonly redisUrl: string;
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly httpPort: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

export interface BurstFigures {
  readonly name: string;
  readonly citizens: number;
  readonly reportsPerSecond: number;
  readonly codesDelivered: number;
  readonly reportsStored: number;
  /** CPU time per report of the bot, its Redis and its PostgreSQL backends, and of the bot. */
  readonly cpuPerReportMs: number;
  readonly botCpuPerReportMs: number;
  readonly redisCpuPerReportMs: number;
  /** The benchmark's own process (the fake Bot API and the citizens), per report. */
  readonly rigCpuPerReportMs: number;
  /**
   * Shares of the burst's wall time: the bot's main thread running, and waiting for a core
   * while it could run; both cores busy.
   */
  readonly mainThreadBusy: number;
  readonly mainThreadWaiting: number;
  readonly machineBusy: number;
  /** The bot's long polls during the burst, per report. */
  readonly pollsPerReport: number;
  /** Replies to the citizens per second in the burst's first 2 s, and in its busiest 2 s. */
  readonly openingRepliesPerSecond: number;
  readonly busiestRepliesPerSecond: number;
  /** From the last tracking code told to the last report stored (0 when stored first). */
  readonly storedAfterLastCodeMs: number;
  readonly reply: Percentiles;
  /** From the press of Kirim (the update handed out) to the tracking code at the Bot API. */
  readonly kirimToCode: Percentiles;
  /** sendMessage and editMessageText calls to the citizen's chat, per report. */
  readonly messagesPerReport: number;
  /** Every Bot API call but getUpdates, per report, by method. */
  readonly callsPerReport: Readonly<Record<string, number>>;
  readonly redisRoundTripsPerReport: number;
  readonly sqlStatementsPerReport: number;
  readonly rssRestMb: number;
  readonly rssPeakMb: number;
  readonly redisBytesPerConversation: number;
}

export interface BurstOptions {
  readonly adminUrl: string;
  readonly citizens: number;
  /** Conversations left open half way for the Redis-per-conversation figure. */
  readonly openConversations: number;
  /**
   * Citizens who each file a whole report before the measured burst, so that it meets a process
   * whose hot code is compiled, as a service that has been running meets a crowd; 0 measures a
   * fresh process.
   */
  readonly warmup: number;
  readonly probe: string;
}

/** How long a citizen waits for a reply before giving up on the report. */
const STEP_TIMEOUT_MS = 60_000;

/** How finely the busiest window is sought: it starts at a quarter of its length. */
const STEPS_PER_WINDOW = 4;

/** Replies per second in the first `windowMs` after `start`, and in the busiest such window. */
function replyRates(
  arrivals: readonly number[],
  start: number,
  windowMs = 2000,
): { opening: number; busiest: number } {
  const stepMs = windowMs / STEPS_PER_WINDOW;
  const steps: number[] = [];
  for (const at of arrivals) {
    const step = Math.floor((at - start) / stepMs);
    if (step >= 0) steps[step] = (steps[step] ?? 0) + 1;
  }
  const window = (first: number) => {
    let replies = 0;
    for (let offset = 0; offset < STEPS_PER_WINDOW; offset++) replies += steps[first + offset] ?? 0;
    return replies;
  };
  const perSecond = (replies: number) => replies / (windowMs / 1000);
  const busiest = Math.max(0, ...Array.from({ length: steps.length }, (_, first) => window(first)));
  return { opening: perSecond(window(0)), busiest: perSecond(busiest) };
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(50), p99: at(99) };
}

/**
 * A citizen of the benchmark: the tests' TelegramCitizen writes, and each reply is handed over
 * as it arrives instead of polled for, so a thousand of them do not load the machine measured.
 */
class BenchCitizen {
  private readonly chat: TelegramCitizen;
  private waiting?: { pattern: string; resolve: () => void };
  /** The update waiting for its first reply, whose latency is measured. */
  private pendingUpdate?: number;
  private submitUpdate?: number;
  /** Kirim handed out → tracking code received, once it came. */
  codeLatency?: number;

  constructor(
    private readonly fake: FakeTelegram,
    readonly id: number,
    private readonly code: RegExp,
    private readonly latencies: number[],
  ) {
    this.chat = fake.citizen(id);
  }

  received(message: SentMessage): void {
    const arrived = this.fake.receivedAt.get(message.message_id) ?? performance.now();
    const text = visibleText(message.text);
    if (this.pendingUpdate !== undefined) {
      const handedOut = this.fake.handedOutAt.get(this.pendingUpdate);
      if (handedOut !== undefined) this.latencies.push(arrived - handedOut);
      this.pendingUpdate = undefined;
    }
    if (this.submitUpdate !== undefined && this.code.test(text)) {
      const handedOut = this.fake.handedOutAt.get(this.submitUpdate);
      this.codeLatency = handedOut === undefined ? Number.NaN : arrived - handedOut;
    }
    if (this.waiting && text.includes(this.waiting.pattern)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve();
    }
  }

  /**
   * Takes one step and waits for its reply; `submits` marks the press whose code is timed. A
   * reply that never comes (the bot lost it) ends this citizen's report after STEP_TIMEOUT_MS.
   */
  async take(step: Step, submits = false): Promise<void> {
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${JSON.stringify(step)}`)),
        STEP_TIMEOUT_MS,
      );
      this.waiting = {
        pattern: step.reply,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
    let update: number;
    try {
      update =
        "text" in step
          ? this.chat.send(step.text)
          : "press" in step
            ? this.chat.press(step.press)
            : this.chat.shareLocation(-6.2088, 106.8456);
    } catch (error) {
      // No such button (the bot lost the message that had it): the step fails now, and its
      // timer goes, or it would reject a minute later with nobody listening (which ended a run).
      const { waiting } = this;
      this.waiting = undefined;
      waiting?.resolve();
      throw error;
    }
    this.pendingUpdate = update;
    if (submits) this.submitUpdate = update;
    await answered;
  }
}

/** The probe's counts, read from the bot through SIGUSR2. */
async function probeCounts(
  pid: number,
  file: string,
): Promise<{ redisRoundTrips: number; sqlStatements: number }> {
  const before = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { reads: number }).reads
    : 0;
  process.kill(pid, "SIGUSR2");
  let counts = { redisRoundTrips: 0, sqlStatements: 0, reads: 0 };
  await waitFor(
    () => {
      if (!existsSync(file)) return false;
      counts = JSON.parse(readFileSync(file, "utf8")) as typeof counts;
      return counts.reads > before;
    },
    "the probe's counts",
    10_000,
  );
  return counts;
}

/**
 * One bot, alone with its own Redis and database, over the fake Bot API: `citizens` file a whole
 * complaint at once, each answering as soon as the bot asks; then conversations are left open
 * half way to weigh them in Redis. `more` runs further measurements while the bot still runs.
 */
export async function measureBurst<T = undefined>(
  bot: BenchBot,
  options: BurstOptions,
  more?: (context: {
    fake: FakeTelegram;
    redis: PrivateRedis;
    databaseUrl?: string;
    settings: BotSettings;
  }) => Promise<T>,
): Promise<BurstFigures & { more?: T }> {
  const fake = new FakeTelegram(bot.token ? { token: bot.token } : {});
  await fake.start();
  const redis = await PrivateRedis.start();
  const dataDir = mkdtempSync(join(tmpdir(), "aduan-bench-"));
  const probeFile = join(dataDir, "probe.json");
  const name = `aduan_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  let databaseUrl: string | undefined;
  if (bot.needsDatabase) {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(options.adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const citizens = new Map<number, BenchCitizen>();
  fake.onMessage = (message) => citizens.get(message.chat.id)?.received(message);
  const settings: BotSettings = {
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the bots.
    node: [
      "--import",
      options.probe,
      ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ],
    env: { BENCH_PROBE_FILE: probeFile, BENCH_PROBE_REDIS_PORT: String(redis.port) },
    apiRoot: fake.apiRoot,
    token: fake.token,
    redisUrl: redis.url,
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir,
    httpPort: await freePort(),
  };
  let stopping = false;
  const child = bot.start(settings);
  child.once("exit", (code) => {
    if (!stopping) process.stderr.write(`bench: ${bot.name} exited early (code ${code})\n`);
  });
  const pid = child.pid ?? 0;
  const backends = async () =>
    databaseUrl
      ? (
          await admin.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1",
            [name],
          )
        ).rows.map((row) => row.pid)
      : [];
  // The reports the bot has stored, by its own query (none for a bot that stores none).
  const database =
    databaseUrl && bot.storedReports ? new pg.Client({ connectionString: databaseUrl }) : undefined;
  const storedQuery = bot.storedReports ?? "";
  const countStored = async () =>
    database ? ((await database.query<{ n: number }>(storedQuery)).rows[0]?.n ?? 0) : 0;
  try {
    await waitFor(() => fake.callsOf("getUpdates").length > 0, `${bot.name} to poll`, 120_000);
    await sleep(3000);
    const rssRestMb = rssMb(pid);
    let rssPeakMb = rssRestMb;
    let nextId = 100_000;
    /** `count` new citizens, whose replies the fake hands them from now on. */
    const enrol = (count: number, latencies: number[] = []) =>
      Array.from({ length: count }, () => {
        const citizen = new BenchCitizen(fake, nextId++, bot.code, latencies);
        citizens.set(citizen.id, citizen);
        return citizen;
      });
    await database?.connect();
    if (options.warmup > 0) {
      const warm = enrol(options.warmup);
      await Promise.all(
        warm.map(async (citizen, index) => {
          const steps = bot.steps(options.citizens + index);
          for (const [position, step] of steps.entries())
            await citizen.take(step, position === steps.length - 1);
        }),
      );
      await waitFor(
        async () => !database || (await countStored()) >= options.warmup,
        `${bot.name} to store the warm-up's reports`,
        STEP_TIMEOUT_MS,
      );
      // What the warm-up's reports set off after they were stored (cards, timers) ends first.
      await sleep(3000);
    }
    const storedBefore = await countStored();
    const everything = new CpuMeter(async () => [pid, redis.pid, ...(await backends())]);
    const own = new CpuMeter(() => [pid]);
    const redisOnly = new CpuMeter(() => [redis.pid]);
    await Promise.all([everything.sample(), own.sample(), redisOnly.sample()]);
    const sampler = setInterval(() => {
      rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
      void everything.sample();
    }, 200);
    const before = await probeCounts(pid, probeFile);
    const callsBefore = fake.calls.length;

    const latencies: number[] = [];
    const burst = enrol(options.citizens, latencies);
    const started = performance.now();
    const rigBefore = process.cpuUsage();
    const mainThreadBefore = mainThreadCpuMs(pid);
    const mainThreadWaitBefore = mainThreadWaitMs(pid);
    const machineBefore = machineTicks();
    const lost: string[] = [];
    await Promise.all(
      burst.map(async (citizen, index) => {
        const steps = bot.steps(index);
        try {
          for (const [position, step] of steps.entries())
            await citizen.take(step, position === steps.length - 1);
        } catch (error) {
          lost.push(error instanceof Error ? error.message : String(error));
        }
      }),
    );
    // Every code, or as many as come within a minute of the last one (a lost code is reported).
    let codes = 0;
    let lastCodeAt = performance.now();
    await waitFor(
      () => {
        const now = burst.filter((citizen) => citizen.codeLatency !== undefined).length;
        if (now > codes) [codes, lastCodeAt] = [now, performance.now()];
        return now === burst.length || performance.now() - lastCodeAt > STEP_TIMEOUT_MS;
      },
      "the tracking codes",
      Number.POSITIVE_INFINITY,
    );
    // A code told at Kirim comes before its report is stored: the run ends when both are done.
    let stored = codes;
    let doneAt = lastCodeAt;
    if (database) {
      const count = async () => (await countStored()) - storedBefore;
      // Stored already when the last code came (the reference's worker stores, then tells).
      stored = await count();
      let lastStoredAt = performance.now();
      while (stored < burst.length && performance.now() - lastStoredAt < STEP_TIMEOUT_MS) {
        await sleep(50);
        const now = await count();
        if (now > stored) [stored, lastStoredAt] = [now, performance.now()];
        doneAt = Math.max(doneAt, lastStoredAt);
      }
    }
    const seconds = (doneAt - started) / 1000;
    const rates = replyRates(
      burst.flatMap((citizen) =>
        fake.messagesTo(citizen.id).map((message) => fake.receivedAt.get(message.message_id) ?? 0),
      ),
      started,
    );
    // Read as the burst ends, over the time since it started (a little past doneAt).
    const burstMs = performance.now() - started;
    const rig = process.cpuUsage(rigBefore);
    const mainThreadBusy = (mainThreadCpuMs(pid) - mainThreadBefore) / burstMs;
    const mainThreadWaiting = (mainThreadWaitMs(pid) - mainThreadWaitBefore) / burstMs;
    const machineAfter = machineTicks();
    const machineBusy =
      (machineAfter.busy - machineBefore.busy) / (machineAfter.all - machineBefore.all);
    if (lost.length > 0)
      process.stderr.write(`bench: ${bot.name}: ${lost.length} reports lost (${lost[0]})\n`);
    // Work the burst caused that finishes after the last code (cards, timers) is counted too.
    await sleep(2000);
    clearInterval(sampler);
    await Promise.all([everything.sample(), own.sample(), redisOnly.sample()]);
    const after = await probeCounts(pid, probeFile);
    const burstCalls = fake.calls.slice(callsBefore);
    const callsPerReport: Record<string, number> = {};
    let citizenMessages = 0;
    let polls = 0;
    for (const call of burstCalls) {
      if (call.method === "getUpdates") {
        polls++;
        continue;
      }
      callsPerReport[call.method] = (callsPerReport[call.method] ?? 0) + 1 / options.citizens;
      const visible = call.method === "sendMessage" || call.method === "editMessageText";
      if (visible && citizens.has(Number(call.payload.chat_id))) citizenMessages++;
    }

    // Conversations left open half way: what each one keeps in Redis (every key they added).
    const keysBefore = await redis.keys();
    const open = enrol(options.openConversations);
    await Promise.all(
      open.map(async (citizen, index) => {
        for (const step of bot.steps(index).slice(0, bot.openingSteps))
          await citizen.take(step).catch(() => undefined);
      }),
    );
    const newBytes = await redis.bytesOfNewKeys(keysBefore);
    const reports = options.citizens;
    const figures: BurstFigures = {
      name: bot.name,
      citizens: reports,
      // Reports whose code came and that were stored, over the time until the last of both.
      reportsPerSecond: Math.min(codes, stored) / seconds,
      codesDelivered: codes,
      reportsStored: stored,
      cpuPerReportMs: everything.totalMs() / reports,
      botCpuPerReportMs: own.totalMs() / reports,
      redisCpuPerReportMs: redisOnly.totalMs() / reports,
      rigCpuPerReportMs: (rig.user + rig.system) / 1000 / reports,
      mainThreadBusy,
      mainThreadWaiting,
      machineBusy,
      pollsPerReport: polls / reports,
      openingRepliesPerSecond: rates.opening,
      busiestRepliesPerSecond: rates.busiest,
      storedAfterLastCodeMs: Math.max(0, doneAt - lastCodeAt),
      reply: percentiles(latencies),
      kirimToCode: percentiles(
        burst.flatMap((citizen) =>
          citizen.codeLatency === undefined ? [] : [citizen.codeLatency],
        ),
      ),
      messagesPerReport: citizenMessages / reports,
      callsPerReport,
      redisRoundTripsPerReport: (after.redisRoundTrips - before.redisRoundTrips) / reports,
      sqlStatementsPerReport: (after.sqlStatements - before.sqlStatements) / reports,
      rssRestMb,
      rssPeakMb,
      redisBytesPerConversation: newBytes / options.openConversations,
    };
    const extra = more
      ? await more({ fake, redis, settings, ...(databaseUrl ? { databaseUrl } : {}) })
      : undefined;
    return { ...figures, ...(extra !== undefined ? { more: extra } : {}) };
  } finally {
    stopping = true;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await fake.stop();
    await redis.stop();
    await database?.end();
    if (bot.needsDatabase) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
