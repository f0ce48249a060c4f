import { readdirSync } from "node:fs";
import { setPriority } from "node:os";

/** What `lowerHelperThreads` did, and why it stopped short if it did. */
export interface HelperThreadsLowered {
  readonly lowered: number;
  readonly problem?: string;
}

/**
 * Gives every thread of this process but the main one the scheduling priority `niceness`
 * (Linux's nice, 0-19): V8's helpers, which compile hot code in the background and mark the
 * heap, and libuv's pool. The main thread, which runs every conversation, keeps its own.
 *
 * In a crowd the helpers compete with the main thread for the cores, and a citizen's reply
 * waits behind a compilation that could as well run a little later. Call it once the process
 * has started: threads the main thread creates afterwards keep the main thread's priority.
 * A thread's own priority can always be lowered; on other systems than Linux nothing changes
 * and the problem says so.
 */
export function lowerHelperThreads(niceness: number): HelperThreadsLowered {
  if (process.platform !== "linux") {
    return {
      lowered: 0,
      problem: `thread priorities are set on Linux only, not ${process.platform}`,
    };
  }
  let threads: string[];
  try {
    threads = readdirSync("/proc/self/task");
  } catch (error) {
    return { lowered: 0, problem: `cannot list this process's threads: ${String(error)}` };
  }
  let lowered = 0;
  for (const thread of threads) {
    if (thread === String(process.pid)) continue;
    try {
      // On Linux a thread id names that one thread (setpriority with PRIO_PROCESS).
      setPriority(Number(thread), niceness);
      lowered += 1;
    } catch (error) {
      // A thread may end between the listing and this call; any other refusal applies to all.
      if ((error as { info?: { code?: string } }).info?.code === "ESRCH") continue;
      return { lowered, problem: `cannot lower a thread's priority: ${String(error)}` };
    }
  }
  return { lowered };
}
