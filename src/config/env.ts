import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_HOLD_WORKING_DAYS } from "../core/reports/deadline-policy.js";
import { DEFAULT_OFFICE_HOURS } from "../core/time/working-days.js";
import { officeHoursSchema } from "./office-hours.js";
import { requireCloudVariables, whatsappCloudEnvShape } from "../channels/whatsapp/cloud/config.js";

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .positive({ error: `expected ${what}` });

/** A whole number from `min` to `max`; `what` names it in the message ("an hour of the day"). */
const intFrom = (min: number, max: number, what: string) => {
  const error = `expected ${what}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const hourOfDay = intFrom(0, 23, "an hour of the day, 0-23");

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const urlWithProtocol = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { error: `expected a URL such as ${example}` },
  );

/** Headless Chromium as a service user on a server, without the updaters and sync it would start. */
const WHATSAPP_CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Intake jobs a worker runs at once. Enough to keep pace with a burst the intake ceiling lets
 * through: the last of 1,000 reports was stored 1 s after its code at 8, 0.12-0.24 s at 32,
 * 0-0.14 s at 100 (a job mostly waits, its report sharing an insert with the others in
 * flight). With a desk only two of them hold a database connection at once (ReportIntake's
 * desk transactions queue for one lock), so the bot keeps the rest of the pool.
 */
export const DEFAULT_INTAKE_CONCURRENCY = 100;

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], {
      error: "expected development, production or test",
    })
    .default("development"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "expected one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: urlWithProtocol(
    ["postgres", "postgresql"],
    "postgresql://user:password@host:5432/aduan",
  ).optional(),
  REDIS_URL: urlWithProtocol(["redis", "rediss"], "redis://127.0.0.1:6379").optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: "expected 1-32 letters, digits, - or _" })
    .optional(),
  // Required to run the service (checked at start, see redisKeyProblems); `npm run chat` makes
  // its own under DATA_DIR.
  REDIS_ENCRYPTION_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, {
      error:
        "expected 32 random bytes in base64 (44 characters ending in =); generate them with: openssl rand -base64 32",
    })
    .optional(),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: "expected an IANA time zone such as Asia/Jakarta" })
    .default("Asia/Jakarta"),
  DEFAULT_LANGUAGE: z.enum(["id", "en"], { error: "expected id or en" }).default("id"),
  TRACKING_CODE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/, { error: "expected 2-6 capital letters, such as ADU" })
    .default("ADU"),
  FLOWS_DIR: z.string().default("./flows"),
  CATALOG_FILE: z.string().default("./config/catalog.yaml"),
  PRIVACY_FILE: z.string().default("./config/privacy.yaml"),
  RETENTION_IDENTITY_MONTHS: positiveInt("a number of months").default(24),
  RETENTION_MEDIA_MONTHS: positiveInt("a number of months").default(12),
  RETENTION_DRAFT_DAYS: positiveInt("a number of days").default(7),
  MEDIA_DIR: z.string().optional(),
  MEDIA_MAX_BYTES: positiveInt("a size in bytes, such as 10485760").default(10 * 1024 * 1024),
  MEDIA_ALLOWED_TYPES: z
    .string()
    .regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+(,[a-z0-9.+-]+\/[a-z0-9.+-]+)*$/, {
      error: "expected a comma-separated list of MIME types, such as image/jpeg,application/pdf",
    })
    .default(
      [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      ].join(","),
    ),
  ATTACHMENTS_MAX: positiveInt("a whole number of files").default(5),
  USER_MESSAGES_PER_WINDOW: positiveInt("a number of messages").default(30),
  USER_MESSAGE_WINDOW_SECONDS: positiveInt("a number of seconds").default(60),
  REPORTS_PER_DAY: positiveInt("a number of reports").default(10),
  INTAKE_REPORTS_PER_MINUTE: positiveInt("a number of reports per minute").default(60),
  DESK_BATCH_SECONDS: positiveInt("a number of seconds").default(60),
  CONVERSATION_TIMEOUT_MINUTES: positiveInt("a number of minutes").default(24 * 60),
  CONFIRMATION_RESEND_SECONDS: positiveInt("a number of seconds").default(180),
  INTAKE_CONCURRENCY: positiveInt("a number of parallel jobs").default(DEFAULT_INTAKE_CONCURRENCY),
  JOB_ATTEMPTS: positiveInt("a number of attempts").default(20),
  SHUTDOWN_TIMEOUT_MS: positiveInt("a number of milliseconds").default(15_000),
  STARTUP_TIMEOUT_SECONDS: positiveInt("a number of seconds").default(60),
  HELPER_THREAD_NICENESS: intFrom(0, 19, "a nice value, 0-19").default(19),
  HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_PORT: intFrom(1, 65535, "a TCP port (1-65535)").default(3000),
  ADMIN_USER: z
    .string()
    .regex(/^[^:\s]{1,64}$/, {
      error: "expected a user name of 1-64 characters, without : or spaces",
    })
    .default("admin"),
  ADMIN_PASSWORD: z
    .string()
    .min(12, { error: "expected at least 12 characters (generate one with: openssl rand -hex 16)" })
    .max(256, { error: "expected at most 256 characters" })
    .optional(),
  PUBLIC_BASE_URL: urlWithProtocol(["https", "http"], "https://aduan.example.go.id")
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  OPEN311_API_KEYS: z
    .string()
    .regex(
      /^\s*[a-z0-9][a-z0-9-]{0,31}:[A-Za-z0-9_-]{24,256}(\s*,\s*[a-z0-9][a-z0-9-]{0,31}:[A-Za-z0-9_-]{24,256})*\s*$/,
      {
        error:
          "expected name:key pairs separated by commas, each key 24-256 letters, digits, - or _, " +
          "such as kiosk:<openssl rand -hex 24>",
      },
    )
    .transform((value) =>
      value.split(",").map((entry) => {
        const [name = "", key = ""] = entry.trim().split(":");
        return { name, key };
      }),
    )
    .superRefine((keys, ctx) => {
      const names = new Set<string>();
      const values = new Set<string>();
      for (const { name, key } of keys) {
        if (names.has(name)) {
          ctx.addIssue({ code: "custom", message: `the name ${name} is given twice` });
        }
        if (values.has(key))
          ctx.addIssue({ code: "custom", message: "the same key is given twice" });
        names.add(name);
        values.add(key);
      }
    })
    .default([]),
  OPEN311_JURISDICTION_ID: z
    .string()
    .regex(/^[a-z0-9.-]{1,200}$/, { error: "expected a domain, such as kabupaten.example.go.id" })
    .optional(),
  OPEN311_CONTACT: z
    .string()
    .min(1)
    .max(500)
    .default("Hubungi meja pengaduan pemerintah daerah / contact the regional complaint desk"),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d{3,}:[A-Za-z0-9_-]{20,}$/, {
      error: "expected the token @BotFather gave you, such as 123456789:AAE...",
    })
    .optional(),
  TELEGRAM_API_ROOT: urlWithProtocol(["https", "http"], "https://api.telegram.org")
    .transform((value) => value.replace(/\/+$/, ""))
    .default("https://api.telegram.org"),
  TELEGRAM_MODE: z
    .enum(["polling", "webhook"], { error: "expected polling or webhook" })
    .default("polling"),
  TELEGRAM_WEBHOOK_URL: urlWithProtocol(
    ["https", "http"],
    "https://aduan.example.go.id/telegram",
  ).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, {
      error: "expected 16-256 letters, digits, - or _ (generate one with: openssl rand -hex 32)",
    })
    .optional(),
  TELEGRAM_SEND_PER_SECOND: positiveInt("a number of messages per second").default(25),
  STAFF_CHAT_ID: z
    .string()
    .regex(/^-?\d{1,20}$/, {
      error: "expected the numeric id of the desk's Telegram group, such as -1001234567890",
    })
    .optional(),
  ADMIN_TELEGRAM_IDS: z
    .string()
    .regex(/^\s*\d{1,20}(\s*,\s*\d{1,20})*\s*$/, {
      error: "expected numeric Telegram user ids separated by commas, such as 12345678,87654321",
    })
    .transform((value) => value.split(",").map((id) => id.trim()))
    .default([]),
  ADMIN_WHATSAPP_IDS: z
    .string()
    .regex(/^\s*[+\d][\d\s-]{4,24}(@[a-z.]+)?(\s*,\s*[+\d][\d\s-]{4,24}(@[a-z.]+)?)*\s*$/, {
      error: "expected phone numbers with country code separated by commas, such as 6281234567890",
    })
    .transform((value) =>
      value.split(",").map((entry) => {
        const [number = "", domain] = entry.trim().split("@");
        return `${number.replace(/\D/g, "")}@${domain ?? "c.us"}`;
      }),
    )
    .default([]),
  STAFF_WHATSAPP_GROUP: z
    .string()
    .regex(/^\d{5,30}(-\d{5,20})?@g\.us$/, {
      error: "expected the id of the desk's WhatsApp group, such as 120363012345678901@g.us",
    })
    .optional(),
  HOLIDAYS_FILE: z.string().default("./config/holidays.yaml"),
  VERIFY_WORKING_DAYS: positiveInt("a number of working days").default(3),
  FOLLOW_UP_WORKING_DAYS: positiveInt("a number of working days").default(5),
  AUTO_CLOSE_WORKING_DAYS: positiveInt("a number of working days").default(10),
  HOLD_WORKING_DAYS: positiveInt("a number of working days").default(DEFAULT_HOLD_WORKING_DAYS),
  OFFICE_HOURS: officeHoursSchema.default(DEFAULT_OFFICE_HOURS),
  // "Me too": how close and how recent an open public report must be to be offered in /lapor.
  NEARBY_RADIUS_METRES: positiveInt("a number of metres")
    .max(5000, { error: "at most 5000 metres: farther is not the same problem" })
    .default(200),
  NEARBY_DAYS: positiveInt("a number of days").max(365).default(30),
  REMINDER_HOUR: hourOfDay.default(8),
  DIGEST_HOUR: hourOfDay.default(8),
  WHATSAPP_ENABLED: z.stringbool({ error: "expected true or false" }).default(false),
  WHATSAPP_SESSION_DIR: z.string().optional(),
  WHATSAPP_CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  WHATSAPP_CHROMIUM_ARGS: z
    .string()
    .regex(/^\s*--[^\s]+(\s+--[^\s]+)*\s*$/, {
      error: "expected Chromium switches separated by spaces, such as --no-sandbox --disable-gpu",
    })
    .default(WHATSAPP_CHROMIUM_ARGS.join(" ")),
  WHATSAPP_PAIRING_PHONE: z
    .string()
    .transform((value) => value.replace(/[\s+()-]/g, ""))
    .pipe(
      z.string().regex(/^[1-9][0-9]{7,14}$/, {
        error: "expected the bot's number in international form, such as 6281234567890",
      }),
    )
    .optional(),
  WHATSAPP_SEND_PER_MINUTE: positiveInt("a number of messages per minute").default(20),
  ...whatsappCloudEnvShape,
  TERMINAL_USER: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,64}$/, { error: "expected a user name of letters, digits, . _ @ -" })
    .default(userInfo().username || "terminal"),
});

const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  requireCloudVariables(env, ctx);
  if (env.STAFF_WHATSAPP_GROUP && !env.WHATSAPP_ENABLED) {
    ctx.addIssue({
      code: "custom",
      path: ["STAFF_WHATSAPP_GROUP"],
      message: "needs WHATSAPP_ENABLED=true",
    });
  }
  if (env.STAFF_WHATSAPP_GROUP && env.WHATSAPP_TRANSPORT === "cloud") {
    ctx.addIssue({
      code: "custom",
      path: ["STAFF_WHATSAPP_GROUP"],
      message:
        "the WhatsApp Cloud API cannot write to groups; leave it unset and the admins of " +
        "ADMIN_WHATSAPP_IDS get the desk's cards in their own chats",
    });
  }
  if (env.TELEGRAM_MODE !== "webhook") return;
  const required = [
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
  ] as const;
  for (const name of required) {
    if (!env[name]) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "required when TELEGRAM_MODE=webhook",
      });
    }
  }
});

type ParsedEnv = z.infer<typeof envSchema>;

export interface Config extends Omit<
  ParsedEnv,
  "MEDIA_DIR" | "MEDIA_ALLOWED_TYPES" | "WHATSAPP_SESSION_DIR" | "WHATSAPP_CHROMIUM_ARGS"
> {
  /** Absolute directory for attachments, stored under their content hash. */
  MEDIA_DIR: string;
  MEDIA_ALLOWED_TYPES: readonly string[];
  /** Absolute directory of the linked WhatsApp session (LocalAuth). */
  WHATSAPP_SESSION_DIR: string;
  WHATSAPP_CHROMIUM_ARGS: readonly string[];
}

/** Thrown when the environment does not describe a runnable configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads and validates the configuration. Blank variables count as unset, so a copied
 * `.env.example` with empty values behaves like the defaults.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = checkedEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const dataDir = resolve(values.DATA_DIR);
  return {
    ...values,
    DATA_DIR: dataDir,
    MEDIA_DIR: resolve(values.MEDIA_DIR ?? `${dataDir}/media`),
    MEDIA_ALLOWED_TYPES: values.MEDIA_ALLOWED_TYPES.split(","),
    WHATSAPP_SESSION_DIR: resolve(values.WHATSAPP_SESSION_DIR ?? `${dataDir}/whatsapp`),
    WHATSAPP_CHROMIUM_ARGS: values.WHATSAPP_CHROMIUM_ARGS.trim().split(/\s+/),
  };
}

/**
 * What running the service needs beyond well-formed values: the key that keeps personal data
 * in Redis encrypted and pseudonymous (there is no safe default: every process must share it).
 */
export function redisKeyProblems(config: Config): string[] {
  return config.REDIS_ENCRYPTION_KEY
    ? []
    : [
        "REDIS_ENCRYPTION_KEY: required; 32 random bytes in base64, the same for every process " +
          "of this installation (generate them with: openssl rand -base64 32)",
      ];
}

/**
 * What the configuration needs from this machine, beyond well-formed values: the browser the
 * WhatsApp channel drives. Kept apart from `loadConfig` so that configuration files can be
 * checked on a machine that will never run them (CI without Chromium, a laptop).
 */
export function installationProblems(config: Config): string[] {
  const browser = config.WHATSAPP_ENABLED && config.WHATSAPP_TRANSPORT === "web";
  if (browser && !existsSync(config.WHATSAPP_CHROMIUM_PATH)) {
    return [
      `WHATSAPP_CHROMIUM_PATH: no browser at ${config.WHATSAPP_CHROMIUM_PATH}; install it with apt-get install chromium`,
    ];
  }
  return [];
}

/** Whether the environment sets a variable (blank counts as unset, as in `loadConfig`). */
export function isSet(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[name] ?? "").trim() !== "";
}

/** Loads `.env` from the working directory into `process.env`, without overriding. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
