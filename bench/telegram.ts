import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { openDatabase } from "../src/infra/db/database.js";
import { createLogger } from "../src/infra/logger.js";
import { PROJECT_ROOT } from "../src/infra/paths.js";
import { PENDING_OUTBOX } from "../src/infra/db/outbox-rows.js";
import { OutboundQueues } from "../src/queues/outbound.js";
import {
  FakeTelegram,
  visibleText,
  type SentMessage,
  type TelegramCitizen,
} from "../test/support/fake-telegram.js";
import { freePort } from "../test/support/services.js";
import { RedisCipher } from "../src/core/privacy/redis-cipher.js";

/** The service's REDIS_ENCRYPTION_KEY: the benchmark drives its queues too. */
const BENCH_REDIS_KEY = randomBytes(32).toString("base64");

export interface LatencyFigures {
  readonly conversations: number;
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface TelegramFigures {
  readonly citizens: number;
  readonly reportsPerSecond: number;
  readonly latency: readonly LatencyFigures[];
  readonly rssRestMb: number;
  readonly rssPeakMb: number;
  readonly redisBytesPerConversation: number;
  readonly outbound: {
    readonly messages: number;
    readonly perSecond: number;
    readonly tooManyRequests: number;
  };
}

export interface TelegramBenchOptions {
  readonly adminUrl: string;
  readonly redisUrl: string;
  /** Citizens filing a whole complaint at once, as fast as the bot answers. */
  readonly citizens: number;
  readonly latencyLevels: readonly number[];
  /** Think time between one citizen's messages in the latency runs (ms, uniform range). */
  readonly thinkMs: readonly [number, number];
  readonly outboundMessages: number;
}

const logger = createLogger({ level: "warn" });

/**
 * A citizen of the benchmark: the tests' TelegramCitizen writes, and each reply is handed over
 * as it arrives instead of polled for, so a thousand of them do not load the machine measured.
 */
class BenchCitizen {
  private readonly chat: TelegramCitizen;
  private waiting?: { pattern: string; resolve: (message: SentMessage) => void };
  /** The update waiting for its reply, whose latency is measured when `latencies` is given. */
  private pendingUpdate?: number;

  constructor(
    private readonly fake: FakeTelegram,
    readonly id: number,
    private readonly latencies?: number[],
  ) {
    this.chat = fake.citizen(id);
  }

  received(message: SentMessage): void {
    if (this.pendingUpdate !== undefined && this.latencies) {
      const handedOut = this.fake.handedOutAt.get(this.pendingUpdate);
      const arrived = this.fake.receivedAt.get(message.message_id);
      if (handedOut !== undefined && arrived !== undefined)
        this.latencies.push(arrived - handedOut);
      this.pendingUpdate = undefined;
    }
    if (this.waiting && visibleText(message.text).includes(this.waiting.pattern)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(message);
    }
  }

  text(text: string, reply: string) {
    return this.answered(() => this.chat.send(text), reply);
  }

  location(reply: string) {
    return this.answered(() => this.chat.shareLocation(-6.2088, 106.8456), reply);
  }

  press(label: string, reply: string) {
    return this.answered(() => this.chat.press(label), reply);
  }

  /** Sends one update and waits for the reply that contains `reply`. */
  private answered(send: () => number, reply: string): Promise<SentMessage> {
    const answered = new Promise<SentMessage>((resolve) => {
      this.waiting = { pattern: reply, resolve };
    });
    this.pendingUpdate = send();
    return answered;
  }
}

/** The complaint flow up to the category, one step at a time (each step is one update). */
function openingSteps(citizen: BenchCitizen, index: number): (() => Promise<unknown>)[] {
  return [
    () => citizen.text("/lapor", "Apa jenis laporan"),
    () => citizen.press("Pengaduan", "judul singkat"),
    () => citizen.text(`Jalan berlubang di depan pasar nomor ${index}`, "Ceritakan"),
    () =>
      citizen.text(
        "Ada lubang besar di jalan depan pasar yang membahayakan pengendara motor setiap malam.",
        "Pilih kategori",
      ),
    () => citizen.press("Jalan dan jembatan", "Di mana lokasinya?"),
  ];
}

/** The rest of the flow, from the location to the submitted report. */
function closingSteps(citizen: BenchCitizen): (() => Promise<unknown>)[] {
  return [
    () => citizen.location("Kapan kejadiannya?"),
    () => citizen.press("Kemarin", "foto atau dokumen pendukung"),
    () => citizen.press("Lewati", "Sembunyikan identitas"),
    () => citizen.press("Tidak", "rahasia"),
    () => citizen.press("Tidak", "Periksa laporan Anda"),
    () => citizen.press("Kirim", "sedang diproses"),
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function rssMb(pid: number): number {
  const status = existsSync(`/proc/${pid}/status`)
    ? readFileSync(`/proc/${pid}/status`, "utf8")
    : "";
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

/**
 * Drives the real service process (`node dist/src/main.js`, Telegram long polling, every role)
 * over the fake Bot API the tests use, and measures what a citizen and an operator notice.
 */
export async function benchTelegram(options: TelegramBenchOptions): Promise<TelegramFigures> {
  const name = `aduan_bench_tg_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const prefix = `bench-tg-${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), "aduan-bench-"));
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const fake = new FakeTelegram();
  await fake.start();
  const citizens = new Map<number, BenchCitizen>();
  fake.onMessage = (message) => citizens.get(message.chat.id)?.received(message);

  let service: ChildProcess | undefined;
  let stopping = false;
  const database = await openDatabase({ url: url.toString(), dataDir, logger, poolSize: 4 });
  try {
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the service.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
    service = spawn(process.execPath, [...nodeArgs, "dist/src/main.js"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_URL: url.toString(),
        REDIS_URL: options.redisUrl,
        REDIS_PREFIX: prefix,
        REDIS_ENCRYPTION_KEY: BENCH_REDIS_KEY,
        DATA_DIR: dataDir,
        HTTP_PORT: String(await freePort()),
        // The benchmark's citizens write faster than people do; flood control is not measured.
        USER_MESSAGES_PER_WINDOW: "100000",
        REPORTS_PER_DAY: "100000",
      },
      // Its JSON log (warnings and errors only) goes to the benchmark's stderr.
      stdio: ["ignore", process.stderr, "inherit"],
    });
    service.once("exit", (code) => {
      if (!stopping) process.stderr.write(`bench: the service exited early (code ${code})\n`);
    });
    const pid = service.pid ?? 0;
    await waitFor(() => fake.callsOf("getUpdates").length > 0, "the service to poll", 60_000);
    await sleep(2000);
    const rssRestMb = rssMb(pid);
    let rssPeakMb = rssRestMb;
    const sampler = setInterval(() => {
      rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
    }, 100);

    // Intake: every citizen files a whole complaint at once, answering as soon as the bot asks.
    let nextId = 100_000;
    const stored = async () => (await database.prisma.report.count()) >= options.citizens;
    const intakeStarted = performance.now();
    await Promise.all(
      Array.from({ length: options.citizens }, async (_, index) => {
        const citizen = new BenchCitizen(fake, nextId++);
        citizens.set(citizen.id, citizen);
        for (const step of [...openingSteps(citizen, index), ...closingSteps(citizen)])
          await step();
      }),
    );
    await waitFor(stored, "every report stored", 120_000);
    const reportsPerSecond = options.citizens / ((performance.now() - intakeStarted) / 1000);

    // Latency: conversations open at once, each citizen thinking between messages.
    const latency: LatencyFigures[] = [];
    const [thinkMin, thinkMax] = options.thinkMs;
    const think = () => sleep(thinkMin + Math.random() * (thinkMax - thinkMin));
    for (const conversations of options.latencyLevels) {
      const samples: number[] = [];
      await Promise.all(
        Array.from({ length: conversations }, async (_, index) => {
          const citizen = new BenchCitizen(fake, nextId++, samples);
          citizens.set(citizen.id, citizen);
          await sleep(Math.random() * thinkMax);
          for (const step of openingSteps(citizen, index)) {
            await step();
            await think();
          }
        }),
      );
      const sorted = samples.sort((a, b) => a - b);
      latency.push({
        conversations,
        samples: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
      });
    }
    clearInterval(sampler);

    // Redis per open conversation: every key of the deployment but the queues', per draft.
    let cursor = "0";
    let bytes = 0;
    let drafts = 0;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        if (key.startsWith(`${prefix}:q:`)) continue;
        if (key.startsWith(`${prefix}:conv:`)) drafts++;
        bytes += (await redis.memory("USAGE", key)) ?? 0;
      }
    } while (cursor !== "0");

    // Outbound: notifications to as many chats, under Telegram's limits.
    fake.enforceLimits();
    const refusedBefore = fake.tooManyRequests;
    const chats = Array.from({ length: options.outboundMessages }, (_, index) => 900_000 + index);
    const rows = await database.prisma.outboxMessage.createManyAndReturn({
      data: chats.map((chatId) => ({
        channel: "telegram" as const,
        chatId: String(chatId),
        purpose: "notification",
        payload: { text: [{ text: `Pemberitahuan ${chatId}` }] },
      })),
      select: PENDING_OUTBOX,
    });
    const queues = new OutboundQueues({
      connection: redis,
      prefix: `${prefix}:q`,
      attempts: 5,
      cipher: new RedisCipher(Buffer.from(BENCH_REDIS_KEY, "base64")),
    });
    await queues.enqueue(rows);
    await queues.close();
    await waitFor(
      () => chats.every((chatId) => fake.messagesTo(chatId).length > 0),
      "every notification delivered",
      options.outboundMessages * 200,
    );
    const times = chats
      .map((chatId) => fake.receivedAt.get(fake.messagesTo(chatId)[0]?.message_id ?? -1) ?? 0)
      .sort((a, b) => a - b);
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;

    return {
      citizens: options.citizens,
      reportsPerSecond,
      latency,
      rssRestMb,
      rssPeakMb,
      redisBytesPerConversation: drafts > 0 ? bytes / drafts : Number.NaN,
      outbound: {
        messages: options.outboundMessages,
        perSecond: (options.outboundMessages - 1) / span,
        tooManyRequests: fake.tooManyRequests - refusedBefore,
      },
    };
  } finally {
    stopping = true;
    if (service && service.exitCode === null) {
      service.kill("SIGTERM");
      await new Promise((resolve) => service?.once("exit", resolve));
    }
    await database.close();
    await fake.stop();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
