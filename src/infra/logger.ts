import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";
import { maskedAccount } from "../core/privacy/masked-account.js";

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
 * A WhatsApp id (`6281234567890@c.us`, `…@s.whatsapp.net`, `…@lid`, a group's `…@g.us`, whose
 * older form starts with its creator's number: `6281234567890-1581234567@g.us`) is a phone
 * number or names one. Errors from WhatsApp Web's page may quote them and its message ids carry
 * them (`true_6281234567890@c.us_3EB0…`): no log line holds one whole, whoever logs it. The
 * domains are those the desk's delivery reasons scrub (src/core/desk/views/deliveries.ts).
 */
const WHATSAPP_ID = /(\d{5,}(?:-\d+)?)@(c\.us|s\.whatsapp\.net|lid|g\.us|broadcast|newsletter)/g;

/** Masks every WhatsApp id in a text as `maskedAccount` masks an account in a log line. */
export function maskWhatsAppIds(text: string): string {
  return text.replace(WHATSAPP_ID, (_, account: string, domain: string) => {
    return `${maskedAccount(account)}@${domain}`;
  });
}

/**
 * Structured JSON logs on stdout (or the given destination). Secrets are scrubbed from every
 * message and serialized error, because libraries put tokens in URLs and URLs in errors; so
 * are WhatsApp ids, which are phone numbers.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrubSecrets = secretScrubber(options.secrets ?? []);
  const scrub = (text: string) => maskWhatsAppIds(scrubSecrets(text));
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
