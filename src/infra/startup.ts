import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "./logger.js";

/** How a starting process waits for the services it needs. */
export interface StartupWait {
  /** How long a service may keep not answering before the process gives up (STARTUP_TIMEOUT_SECONDS). */
  readonly timeoutSeconds: number;
  /** Tells the person who started the process (on stderr), besides the structured log. */
  readonly say: (line: string) => void;
  readonly logger: Logger;
  /** Aborted when the process is asked to stop while it is still starting. */
  readonly signal?: AbortSignal;
}

/** A service the process needs at start, as an operator configured it. */
export interface RequiredService {
  /** Redis, PostgreSQL. */
  readonly name: string;
  /** The variable that sets its address, such as REDIS_URL. */
  readonly variable: string;
  readonly url: string;
  /** Resolves when the service answers; throws ServiceRefusedError when waiting cannot help. */
  probe(): Promise<void>;
  /** What the operator should check when it never answers. */
  readonly advice: string;
}

/** The service answered, but with a reason no retry can fix: a missing database, a wrong password. */
export class ServiceRefusedError extends Error {
  override name = "ServiceRefusedError";
}

/** The service did not answer within STARTUP_TIMEOUT_SECONDS. */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
}

/** An address as an operator may see it, in logs and on the terminal: the password is `***`. */
export function maskedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/**
 * A node network error's code (ECONNREFUSED, ETIMEDOUT …): the server away or unreachable this
 * time, as a name that did not resolve this time is (EAI_AGAIN, a DNS server slow to answer).
 */
export function isNetworkErrorCode(code: unknown): code is string {
  return typeof code === "string" && /^E[A-Z]+$|^EAI_/.test(code);
}

/**
 * What went wrong with a connection, short: `connect ECONNREFUSED` rather than a stack. Node's
 * network errors carry the system call and the code; the address is already in the line.
 */
export function connectionProblem(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (isNetworkErrorCode(code)) return typeof syscall === "string" ? `${syscall} ${code}` : code;
  return error.message.trim() || error.name;
}

const MAX_DELAY_SECONDS = 10;

/**
 * Waits until a service answers: one line per failed attempt naming the variable and the
 * address, waits of 1, 2, 4 … 10 seconds between attempts, and ServiceUnavailableError (with
 * what to check) once `timeoutSeconds` have passed. A refusal stops at once.
 */
export async function waitForService(service: RequiredService, wait: StartupWait): Promise<void> {
  const address = `${service.name} at ${maskedUrl(service.url)} (${service.variable})`;
  const deadline = Date.now() + wait.timeoutSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    wait.signal?.throwIfAborted();
    let problem: string;
    try {
      await service.probe();
      if (attempt > 1) {
        const line = `${address} answers now`;
        wait.say(line);
        wait.logger.info({ service: service.name }, line);
      }
      return;
    } catch (error) {
      if (error instanceof ServiceRefusedError)
        throw new ServiceRefusedError(`${address} ${error.message}`);
      problem = connectionProblem(error);
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      throw new ServiceUnavailableError(
        `${address} did not answer within ${wait.timeoutSeconds} s (${problem}). ${service.advice}`,
      );
    }
    const delayMs = Math.min(2 ** (attempt - 1), MAX_DELAY_SECONDS) * 1000;
    const line =
      `${address} is not answering: ${problem}; retrying in ${Math.ceil(Math.min(delayMs, remainingMs) / 1000)} s ` +
      `(attempt ${attempt}, giving up after ${wait.timeoutSeconds} s)`;
    wait.say(line);
    wait.logger.warn({ service: service.name, attempt }, line);
    await sleep(Math.min(delayMs, remainingMs), undefined, { signal: wait.signal });
  }
}
