import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/infra/logger.js";

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * A logger that keeps its JSON lines, so a test can check what an operator would read.
 * `onLine` runs as the line is logged, to look at the world at that very moment.
 */
export function captureLogs(onLine?: (line: LogLine) => void): {
  logger: Logger;
  lines: LogLine[];
} {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        const parsed = JSON.parse(line) as LogLine;
        lines.push(parsed);
        onLine?.(parsed);
      }
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), lines };
}
