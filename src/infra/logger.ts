import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level: string;
  /** Values that must never reach a log line, such as bot tokens and passwords. */
  secrets?: readonly string[];
  destination?: DestinationStream;
}

/** Replaces every secret in a text; secrets shorter than 6 characters are ignored. */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const scrubbed = secrets.filter((secret) => secret.length >= 6);
  return (text) =>
    scrubbed.reduce((result, secret) => result.split(secret).join("[redacted]"), text);
}

/**
 * Structured JSON logs on stdout (or the given destination). Secrets are scrubbed from every
 * message and serialized error, because libraries put tokens in URLs and URLs in errors.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: {
        paths: ["*.token", "*.password", "*.secret", "*.headers.authorization"],
        censor: "[redacted]",
      },
      serializers: {
        err: (error: Error) => {
          // Library errors carry request payloads (message texts, chat ids): keep only what
          // says what went wrong.
          const { type, message, stack, code, error_code, description, method } =
            stdSerializers.err(error) as { type: string; message: string; stack: string } & {
              [key: string]: unknown;
            };
          return {
            type,
            message: scrub(message),
            stack: scrub(stack),
            ...(code === undefined ? {} : { code }),
            ...(error_code === undefined
              ? {}
              : {
                  error_code,
                  description: typeof description === "string" ? scrub(description) : description,
                  method,
                }),
          };
        },
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg: unknown) =>
            typeof arg === "string" ? scrub(arg) : arg,
          ) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination,
  );
}
