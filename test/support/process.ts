import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { PRIVACY_NOTICE } from "./privacy-consent.js";
import { eventually } from "./wait.js";

/**
 * A service process started the way an operator starts it, with its output collected so a
 * test can wait for what a user would see.
 */
export class ServiceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = "";
  stderr = "";
  private readonly exit: Promise<number | null>;
  private read = 0;
  /** Accepts the privacy notice of a chat while waiting for something else (privacy-consent.ts). */
  agreesToPrivacyNotice = true;
  private noticesSeen = 0;

  /** `env`: the settings it runs with, over the test process's own environment. */
  constructor(
    command: string,
    args: string[],
    readonly env: Readonly<Record<string, string>>,
  ) {
    this.child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: "test", ...env },
      stdio: "pipe",
      // Its own process group, so kill() reaches the service behind `npm start` too: npm does
      // not always pass a signal on, and an orphaned service would keep polling and sending.
      detached: true,
    });
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    // "close", not "exit": the process may have exited before its last output was read.
    this.exit = new Promise((resolve) => this.child.once("close", (code) => resolve(code)));
  }

  /** The address of its HTTP role (health, metrics, webhooks), from its HTTP_PORT. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.setting("HTTP_PORT")}`;
  }

  /** Where Telegram posts its updates, from its TELEGRAM_WEBHOOK_URL. */
  get webhookUrl(): string {
    return this.setting("TELEGRAM_WEBHOOK_URL");
  }

  private setting(name: string): string {
    const value = this.env[name];
    if (value === undefined) throw new Error(`this process was started without ${name}`);
    return value;
  }

  /** Waits until stdout, after what earlier waits consumed, contains `text`; returns that part. */
  async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const found = await eventually(
      () => {
        const fresh = this.stdout.slice(this.read);
        const index = typeof text === "string" ? fresh.indexOf(text) : fresh.search(text);
        if (index < 0) this.agreeToNotice();
        return index >= 0 ? { fresh, index } : undefined;
      },
      {
        timeoutMs,
        what: () => `${String(text)} in output:\n${this.stdout.slice(this.read)}\n${this.stderr}`,
      },
    );
    this.read += found.index + 1;
    return found.fresh;
  }

  /** The chat's options are numbered; Setuju / Agree is the first. */
  private agreeToNotice(): void {
    if (!this.agreesToPrivacyNotice) return;
    const from = Math.max(this.read, this.noticesSeen);
    const index = this.stdout.slice(from).search(PRIVACY_NOTICE);
    if (index < 0) return;
    this.noticesSeen = from + index + 1;
    this.child.stdin.write("1\n");
  }

  /** Types a line, then waits for the reply that should follow it. */
  async say(line: string, expect: string | RegExp): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    return this.waitFor(expect);
  }

  endInput(): void {
    this.child.stdin.end();
  }

  exited(): Promise<number | null> {
    return this.exit;
  }

  /**
   * Signals the whole process group: the command and whatever it started. Once the command
   * itself has exited and been reaped its pid is free, and Linux hands it out again (pid_max is
   * 32768 here; a full suite takes about 8,000, so the counter wraps in a suite that starts
   * high) as the group of some other test's process, so a late kill would hit a stranger: npm
   * only exits after the service it runs, so there is then nothing of ours left to stop.
   */
  kill(signal: NodeJS.Signals = "SIGTERM"): void {
    if (this.child.pid === undefined) return;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: everything in the group has exited already.
    }
  }
}
