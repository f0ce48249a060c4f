import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after
 * `timeoutMs` with the last error. For waiting on queues and processes, never for timing.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  {
    timeoutMs = 15_000,
    intervalMs = 25,
    what = "condition",
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    /** What was awaited; a function is read at the timeout, to say what had arrived by then. */
    what?: string | (() => string);
  } = {},
): Promise<T> {
  // The monotonic clock: a wall clock stepped by NTP would end a wait early or late.
  const deadline = performance.now() + timeoutMs;
  let lastError: Error | undefined;
  while (performance.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
    }
    await sleep(intervalMs);
  }
  const awaited = typeof what === "function" ? what() : what;
  throw new Error(`timed out waiting for ${awaited}${lastError ? `: ${lastError.message}` : ""}`);
}
