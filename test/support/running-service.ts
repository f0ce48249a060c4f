import { Redis } from "ioredis";
import pg from "pg";
import { startApp, type RunningApp } from "../../src/app/index.js";
import { loadConfig, type Config } from "../../src/config/env.js";
import type { Logger } from "../../src/infra/logger.js";
import { FakeTelegram } from "./fake-telegram.js";
import { FakeWhatsApp } from "./fake-whatsapp.js";
import { ServiceProcess } from "./process.js";
import {
  createTestDatabase,
  deleteKeysUnder,
  freePort,
  REDIS_URL,
  temporaryDirectory,
  TEST_REDIS_ENCRYPTION_KEY,
  uniqueName,
  type TestDatabase,
} from "./services.js";
import { eventually } from "./wait.js";

/** How long a process may take to run: `npm start` builds first, on a machine others share. */
const READY_TIMEOUT_MS = 60_000;

/** Where the service keeps its data: the same for every process of one service. */
export interface InstallationOptions {
  /** Settings every process gets, over those chosen here (database, Redis, data dir, port). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * "empty" (default): a fresh database without tables, which the service migrates at start as
   * on a fresh install; "migrated": migrated first, for a test that writes rows before the
   * service runs; or the URL of a PostgreSQL server the test owns (and stops and destroys).
   */
  readonly database?: "empty" | "migrated" | { readonly url: string };
  /** The shared Redis by default, or a Redis server the test owns (and destroys after stop()). */
  readonly redisUrl?: string;
  /**
   * "own" (default): a REDIS_PREFIX of the service's own; "database": REDIS_PREFIX unset, so the
   * service takes the prefix that comes with its database (installation.redis_prefix).
   */
  readonly redisPrefix?: "own" | "database";
}

/** One process of the service, started the way an operator starts it. */
export interface ProcessOptions {
  /** Runs `node dist/src/main.js --role <roles>`; without roles, `npm start` as the README says. */
  readonly roles?: string;
  /** Runs `npm run chat` as this terminal user instead; it runs once it greets. */
  readonly chatAs?: string;
  /** Telegram webhook mode, served by this process's HTTP role at `path`. */
  readonly webhook?: { readonly secret: string; readonly path?: string };
  /** Settings of this process only, over the service's. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Whether start() waits until the process runs ("Aduan is running" and a polling bot has
   * asked for updates, or a chat's greeting); false for a process the test expects to stop.
   */
  readonly waitUntilRunning?: boolean;
}

export interface ProcessServiceOptions<P extends "telegram" | "none"> extends InstallationOptions {
  /** "telegram": a fake Bot API the service is pointed at; "none": no chat platform. */
  readonly platform: P;
  /** The first process, started with the service; false starts none (see `start()`). */
  readonly process?: ProcessOptions | false;
}

export interface WhatsAppServiceOptions extends InstallationOptions {
  /** The fake whatsapp-web.js client cannot cross a process boundary: the app runs in here. */
  readonly platform: "whatsapp";
  readonly logger: Logger;
  /** Where the login QR code is drawn. */
  readonly console?: NodeJS.WritableStream;
  /** Telegram too, on a fake Bot API: one service serving both platforms. */
  readonly telegram?: boolean;
}

type FakeOf<P extends "telegram" | "none"> = P extends "telegram" ? FakeTelegram : undefined;

/** A database, a Redis prefix and a data directory of one service, and their cleanup. */
class Installation {
  private redisClient?: Redis;

  private constructor(
    private readonly testDatabase: TestDatabase | undefined,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    private readonly ownPrefix: string | undefined,
    private readonly directory: ReturnType<typeof temporaryDirectory>,
    private readonly extraEnv: Readonly<Record<string, string>>,
  ) {}

  static async create(options: InstallationOptions): Promise<Installation> {
    const database = options.database ?? "empty";
    let testDatabase: TestDatabase | undefined;
    let databaseUrl: string;
    if (typeof database === "string") {
      testDatabase = await createTestDatabase({ migrated: database === "migrated" });
      databaseUrl = testDatabase.url;
    } else databaseUrl = database.url;
    return new Installation(
      testDatabase,
      databaseUrl,
      options.redisUrl ?? REDIS_URL,
      options.redisPrefix === "database" ? undefined : uniqueName("svc"),
      temporaryDirectory(),
      options.env ?? {},
    );
  }

  /** The fresh database; a service on a server the test owns has none. */
  get db(): TestDatabase {
    if (!this.testDatabase) throw new Error("this service runs on the test's own PostgreSQL");
    return this.testDatabase;
  }

  get dataDir(): string {
    return this.directory.path;
  }

  /** The service's REDIS_PREFIX, for queues a test drives itself. */
  get redisPrefix(): string {
    if (!this.ownPrefix) throw new Error("REDIS_PREFIX is unset: the prefix is the database's");
    return this.ownPrefix;
  }

  /** A connection to the service's Redis, for queues a test drives itself. */
  get redis(): Redis {
    this.redisClient ??= new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    return this.redisClient;
  }

  /** The settings every process of this service starts with. */
  env(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      ...(this.ownPrefix ? { REDIS_PREFIX: this.ownPrefix } : {}),
      DATA_DIR: this.directory.path,
      HTTP_HOST: "127.0.0.1",
      REDIS_ENCRYPTION_KEY: TEST_REDIS_ENCRYPTION_KEY,
      ...this.extraEnv,
    };
  }

  /**
   * Deletes what the service kept: the keys under its prefix, or under the prefix of its
   * database when it had none of its own, the database it was given, and the data directory.
   * Every step is tried; their failures are thrown at the end, with `errors` (those of the
   * steps before, such as stopping the processes).
   */
  async remove(errors: unknown[]): Promise<void> {
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    await attempt(async () => {
      const prefix = this.ownPrefix ?? (await installationPrefix(this.databaseUrl));
      if (prefix) await deleteKeysUnder(this.redis, prefix);
    });
    await attempt(async () => this.redisClient?.quit());
    await attempt(async () => this.testDatabase?.drop());
    await attempt(async () => this.directory.remove());
    if (errors.length > 0) throw new AggregateError(errors, "the service was not cleaned up fully");
  }
}

/** The prefix a database's installation gave itself; none when the service never migrated it. */
async function installationPrefix(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ redis_prefix: string }>(
      "SELECT redis_prefix FROM installation",
    );
    return result.rows[0]?.redis_prefix;
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return undefined; // no such table
    throw error;
  } finally {
    await client.end();
  }
}

function runsBot(roles: string | undefined): boolean {
  return roles === undefined || roles.split(",").some((role) => role === "bot" || role === "all");
}

/**
 * The service as processes started the way an operator starts them, against a fake platform,
 * with a database, Redis prefix and data directory of its own.
 */
export class ServiceUnderTest<Fake extends FakeTelegram | undefined> {
  readonly processes: ServiceProcess[] = [];

  constructor(
    readonly fake: Fake,
    private readonly installation: Installation,
  ) {}

  get db(): TestDatabase {
    return this.installation.db;
  }

  get dataDir(): string {
    return this.installation.dataDir;
  }

  get redisPrefix(): string {
    return this.installation.redisPrefix;
  }

  get redis(): Redis {
    return this.installation.redis;
  }

  /** The first process started. */
  get process(): ServiceProcess {
    const first = this.processes[0];
    if (!first) throw new Error("no process of this service was started");
    return first;
  }

  /** Starts one more process on the same database, Redis prefix and data directory. */
  async start(options: ProcessOptions = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const { webhook, chatAs, roles } = options;
    const env: Record<string, string> = {
      ...(this.fake
        ? { TELEGRAM_BOT_TOKEN: this.fake.token, TELEGRAM_API_ROOT: this.fake.apiRoot }
        : {}),
      ...this.installation.env(),
      // A terminal chat starts no HTTP server unless given a port, as for a newcomer.
      ...(chatAs === undefined ? { HTTP_PORT: String(port) } : {}),
      ...(webhook
        ? {
            TELEGRAM_MODE: "webhook",
            TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}${webhook.path ?? "/telegram/webhook"}`,
            TELEGRAM_WEBHOOK_SECRET: webhook.secret,
          }
        : {}),
      ...(chatAs === undefined ? {} : { TERMINAL_USER: chatAs }),
      ...options.env,
    };
    const [command, args] =
      chatAs !== undefined
        ? ["npm", ["run", "chat", "--silent"]]
        : roles !== undefined
          ? // A signal then reaches the service itself rather than npm, so SIGKILL kills it.
            [process.execPath, ["dist/src/main.js", "--role", roles]]
          : ["npm", ["start", "--silent"]];
    const fake = this.fake;
    const pollsBefore = fake?.callsOf("getUpdates").length ?? 0;
    const bot: BotMode =
      fake === undefined || !runsBot(roles)
        ? undefined
        : env.TELEGRAM_MODE === "webhook"
          ? "webhook"
          : { polls: () => fake.callsOf("getUpdates").length > pollsBefore };
    const started = new ServiceProcess(command, args, env);
    this.processes.push(started);
    if (options.waitUntilRunning === false) return started;
    await untilRunning(started, chatAs === undefined ? bot : "chat");
    return started;
  }

  /** Kills every process started so far (the whole process group of each) and waits for it. */
  async killAll(): Promise<void> {
    for (const running of this.processes.splice(0)) {
      running.kill("SIGKILL");
      await running.exited();
    }
  }

  /** Kills the processes, stops the fake, drops the database, deletes the Redis keys and files. */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    await this.killAll().catch((error: unknown) => errors.push(error));
    await this.fake?.stop().catch((error: unknown) => errors.push(error));
    await this.installation.remove(errors);
  }
}

/** How a process's bot reaches the fake Bot API, when it runs one. */
type BotMode = { readonly polls: () => boolean } | "webhook" | undefined;

/** The first line `npm run chat` prints once it runs. */
const CHAT_GREETING = "Ketik /lapor untuk membuat laporan";

/**
 * Waits until the process logs "Aduan is running" and, since Telegram connects in the
 * background, until its bot set its webhook or polls; for a terminal chat, until it greets.
 * Fails at once if the process exits. Reads stdout without moving the cursor of `waitFor`,
 * so a test still finds every line.
 */
async function untilRunning(started: ServiceProcess, bot: BotMode | "chat"): Promise<void> {
  const logged = (message: string) => started.stdout.includes(`"msg":"${message}"`);
  const running = (): boolean => {
    if (bot === "chat") return started.stdout.includes(CHAT_GREETING);
    if (!logged("Aduan is running")) return false;
    if (bot === undefined) return true;
    if (bot === "webhook") return logged("Telegram webhook set");
    return logged("Telegram long polling started") && bot.polls();
  };
  const state = await eventually(
    () => {
      if (started.child.exitCode !== null || started.child.signalCode !== null) return "exited";
      return running() ? "running" : undefined;
    },
    { timeoutMs: READY_TIMEOUT_MS, what: "the service to run" },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; it said:\n${started.stdout}\n${started.stderr}`);
  });
  if (state === "exited") {
    const code = await started.exited();
    throw new Error(
      `the service exited with ${String(code)} before it ran:\n${started.stdout}\n${started.stderr}`,
    );
  }
}

/** The app in this process with the fake whatsapp-web.js client, and what it keeps. */
export class AppUnderTest {
  constructor(
    readonly fake: FakeWhatsApp,
    readonly app: RunningApp,
    readonly config: Config,
    private readonly installation: Installation,
    /** The fake Bot API, when the service runs Telegram as well. */
    readonly telegram?: FakeTelegram,
  ) {}

  get db(): TestDatabase {
    return this.installation.db;
  }

  get dataDir(): string {
    return this.installation.dataDir;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.config.HTTP_PORT}`;
  }

  /** Stops the app, drops the database, deletes the Redis keys and files. */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    await this.app.stop().catch((error: unknown) => errors.push(error));
    await this.telegram?.stop().catch((error: unknown) => errors.push(error));
    await this.installation.remove(errors);
  }
}

/**
 * Starts the service against a fake platform with a fresh database, Redis prefix, data
 * directory and HTTP port, and waits until it runs. `stop()` undoes all of it. Telegram runs
 * as processes (`npm start`, or `--role` processes through `start()`); WhatsApp runs the app
 * in this process, since the fake client is an object the app is handed.
 */
export async function startService<P extends "telegram" | "none">(
  options: ProcessServiceOptions<P>,
): Promise<ServiceUnderTest<FakeOf<P>>>;
export async function startService(options: WhatsAppServiceOptions): Promise<AppUnderTest>;
export async function startService(
  options: ProcessServiceOptions<"telegram" | "none"> | WhatsAppServiceOptions,
): Promise<ServiceUnderTest<FakeTelegram | undefined> | AppUnderTest> {
  const installation = await Installation.create(options);
  if (options.platform === "whatsapp") return startWhatsApp(options, installation);

  const fake = options.platform === "telegram" ? new FakeTelegram() : undefined;
  const service = new ServiceUnderTest(fake, installation);
  try {
    await fake?.start();
    if (options.process !== false) await service.start(options.process);
    return service;
  } catch (error) {
    // Nothing may keep polling or holding the database after a start that failed.
    await service.stop().catch(() => undefined);
    throw error;
  }
}

async function startWhatsApp(
  options: WhatsAppServiceOptions,
  installation: Installation,
): Promise<AppUnderTest> {
  const fake = new FakeWhatsApp();
  const telegram = options.telegram ? new FakeTelegram() : undefined;
  try {
    await telegram?.start();
    const config = loadConfig({
      ...(telegram
        ? { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot }
        : {}),
      ...installation.env(),
      HTTP_PORT: String(await freePort()),
      WHATSAPP_ENABLED: "true",
      // The fake stands in for the browser; the setting must still name a file that exists.
      WHATSAPP_CHROMIUM_PATH: process.execPath,
    });
    const app = await startApp({
      config,
      roles: new Set(["bot", "worker", "http"]),
      logger: options.logger,
      whatsapp: {
        createClient: fake.createClient,
        ...(options.console ? { console: options.console } : {}),
      },
    });
    const service = new AppUnderTest(fake, app, config, installation, telegram);
    if (telegram) {
      // Telegram connects in the background: the service runs once its bot polls.
      await eventually(() => telegram.callsOf("getUpdates").length > 0, {
        timeoutMs: READY_TIMEOUT_MS,
        what: "the Telegram bot to poll",
      }).catch(async (error: unknown) => {
        await service.stop().catch(() => undefined);
        throw error;
      });
    }
    return service;
  } catch (error) {
    await telegram?.stop().catch(() => undefined);
    await installation.remove([]).catch(() => undefined);
    throw error;
  }
}
