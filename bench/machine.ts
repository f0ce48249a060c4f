import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { freePort } from "../test/support/services.js";

/** Linux counts CPU time in clock ticks of 10 ms (USER_HZ = 100 on every common build). */
const TICK_MS = 10;

/** CPU time a process has used so far (user + system), in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  return ticksMs(`/proc/${pid}/stat`);
}

/**
 * CPU time of a process's main thread alone (its thread id is its pid), in ms: node's main
 * thread runs all of the service's JavaScript, so its share of the wall time tells whether it
 * was the bound, apart from V8's helper threads (garbage collection, compilation).
 */
export function mainThreadCpuMs(pid: number): number {
  return ticksMs(`/proc/${pid}/task/${pid}/stat`);
}

/**
 * How long a process's main thread has waited, runnable, for a core (the scheduler's run
 * delay), in ms: time it would have run had the other threads and processes left it one.
 */
export function mainThreadWaitMs(pid: number): number {
  try {
    // "<ns on a core> <ns waiting on a run queue> <timeslices>"
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return 0;
  }
}

function ticksMs(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    // The command name may hold spaces: the fields that follow it start after its ')'.
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The whole machine's CPU time so far, in ticks: busy, and in all (idle and I/O wait too). */
export function machineTicks(): { readonly busy: number; readonly all: number } {
  // "cpu  user nice system idle iowait irq softirq steal …", summed over every core.
  const ticks = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const all = ticks.reduce((total, value) => total + value, 0);
  return { busy: all - (ticks[3] ?? 0) - (ticks[4] ?? 0), all };
}

/** Resident memory of a process, in MB; 0 once it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU time a changing set of processes used, each from its first sample to its last. */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  constructor(private readonly pids: () => Promise<readonly number[]> | readonly number[]) {}

  /** Samples the processes; call it often enough to see short-lived ones. */
  async sample(): Promise<void> {
    for (const pid of await this.pids()) {
      const used = cpuMs(pid);
      if (!this.first.has(pid)) this.first.set(pid, used);
      if (used > 0) this.last.set(pid, used);
    }
  }

  totalMs(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? last);
    return total;
  }
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

/**
 * A redis-server of one bot's run alone, so its CPU time and its memory per conversation are
 * that bot's and not those of whatever else uses the machine's Redis.
 */
export class PrivateRedis {
  private constructor(
    private readonly server: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const redis = new PrivateRedis(server, port);
    const answers = async () => {
      const client = new Redis({
        port,
        host: "127.0.0.1",
        lazyConnect: true,
        retryStrategy: () => null,
      });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.ping();
        return true;
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    };
    await waitFor(answers, "the benchmark's redis-server", 10_000);
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.server.pid ?? 0;
  }

  /** Every key the server holds. */
  async keys(): Promise<Set<string>> {
    const client = new Redis(this.url);
    try {
      return new Set(await client.keys("*"));
    } finally {
      client.disconnect();
    }
  }

  /** Bytes of the keys that are not in `before` (MEMORY USAGE, key and value with overhead). */
  async bytesOfNewKeys(before: ReadonlySet<string>): Promise<number> {
    const client = new Redis(this.url);
    try {
      let bytes = 0;
      for (const key of await client.keys("*")) {
        if (!before.has(key)) bytes += (await client.memory("USAGE", key)) ?? 0;
      }
      return bytes;
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    if (this.server.exitCode !== null) return;
    const exited = new Promise((resolve) => this.server.once("exit", resolve));
    this.server.kill("SIGTERM");
    await exited;
  }
}
