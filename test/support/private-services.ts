import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./services.js";
import { eventually } from "./wait.js";

/**
 * Services a test owns and may stop, kill and restart: the shared PostgreSQL and Redis serve
 * every other test file and must never be touched.
 */

function postgresBinaries(): string {
  const root = "/usr/lib/postgresql";
  const fromEnv = process.env.TEST_POSTGRES_BIN;
  if (fromEnv) return fromEnv;
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(root, version, "bin")).find(existsSync);
  if (!found) throw new Error(`no PostgreSQL binaries under ${root}; set TEST_POSTGRES_BIN`);
  return found;
}

/** initdb and postgres refuse to run as root; as root, run them as the postgres user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** A PostgreSQL cluster in a temporary directory, on its own port, with trust auth. */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), "aduan-pg-"));
    const user = runAs();
    if (user) chownSync(dir, user.uid, user.gid);
    execFileSync(
      join(postgresBinaries(), "initdb"),
      ["-D", join(dir, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"],
      { stdio: "ignore", ...(user ?? {}) },
    );
    const server = new PrivatePostgres(dir, await freePort(), user);
    await server.start();
    return server;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private pgCtl(args: string[]): void {
    execFileSync(join(postgresBinaries(), "pg_ctl"), ["-D", join(this.dir, "data"), ...args], {
      stdio: "ignore",
      ...(this.user ?? {}),
    });
  }

  async start(): Promise<void> {
    this.pgCtl([
      "-w",
      "-l",
      join(this.dir, "server.log"),
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ]);
    await Promise.resolve();
  }

  /** Stops the server the way an operator's `systemctl stop` does (fast shutdown). */
  async stop(): Promise<void> {
    this.pgCtl(["-w", "-m", "fast", "stop"]);
    await Promise.resolve();
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server configured as the README asks for production: append-only, noeviction. */
export class PrivateRedis {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateRedis> {
    const server = new PrivateRedis(mkdtempSync(join(tmpdir(), "aduan-redis-")), await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: "ignore" },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on("error", () => undefined);
    try {
      await eventually(
        async () => {
          if (probe.status !== "ready") await probe.connect().catch(() => undefined);
          await probe.ping();
          return true;
        },
        { timeoutMs: 10_000, what: `redis-server on port ${this.port}` },
      );
    } finally {
      probe.disconnect();
    }
  }

  /** Stops the server as a service manager does (SIGTERM: the append-only file is flushed). */
  async stop(): Promise<void> {
    this.child?.kill("SIGTERM");
    await this.exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
