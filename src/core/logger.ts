/** One level of a structured log: details first (never tokens), then the line an operator reads. */
export interface LogFunction {
  (details: object, message?: string): void;
  (message: string): void;
}

/** What the core logs through; the service hands it a pino logger (src/infra/logger.ts). */
export interface Logger {
  readonly fatal: LogFunction;
  readonly error: LogFunction;
  readonly warn: LogFunction;
  readonly info: LogFunction;
  readonly debug: LogFunction;
}
