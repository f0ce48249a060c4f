import { z } from "zod";

/**
 * The newest Graph API version when this was written: v26.0, released 29 July 2026
 * (https://developers.facebook.com/docs/graph-api/changelog/versions/). Meta keeps a version
 * for about two years; operators move on by setting WHATSAPP_CLOUD_API_VERSION.
 */
export const DEFAULT_GRAPH_API_VERSION = "v26.0";

/**
 * Meta's default throughput per business phone number is 80 messages a second
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput);
 * numbers upgraded to 1,000 raise WHATSAPP_CLOUD_SEND_PER_SECOND.
 */
export const DEFAULT_SEND_PER_SECOND = 80;

/**
 * The pair rate limit: about one message every 6 seconds from the number to one WhatsApp
 * user (error 131056 beyond it). Bursts are tolerated, so immediate replies are not paced;
 * queued notices to one citizen are spaced by this much.
 */
export const DEFAULT_PAIR_INTERVAL_SECONDS = 6;

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .positive({ error: `expected ${what}` });

const httpUrl = z.string().refine(
  (value) => {
    try {
      return ["https:", "http:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { error: "expected a URL such as https://graph.facebook.com" },
);

/**
 * The Cloud API's variables, to be spread into the service's environment schema. Blank values
 * count as unset there, so every secret is optional here and required by
 * `requireCloudVariables` only when WHATSAPP_TRANSPORT=cloud.
 */
export const whatsappCloudEnvShape = {
  WHATSAPP_TRANSPORT: z
    .enum(["web", "cloud"], {
      error: "expected web (whatsapp-web.js, a linked phone) or cloud (Meta's Cloud API)",
    })
    .default("web"),
  WHATSAPP_CLOUD_ACCESS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_|.-]{32,1024}$/, {
      error:
        "expected the permanent access token of a system user (Business settings > System users > Generate token), usually starting with EAA",
    })
    .optional(),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,25}$/, {
      error:
        "expected the numeric Phone number ID shown in the app's WhatsApp > API Setup, not the phone number itself",
    })
    .optional(),
  WHATSAPP_CLOUD_APP_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, {
      error: "expected the 32-character App secret from the app's App settings > Basic",
    })
    .optional(),
  WHATSAPP_CLOUD_VERIFY_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, {
      error: "expected 16-256 letters, digits, - or _ (generate one with: openssl rand -hex 32)",
    })
    .optional(),
  WHATSAPP_CLOUD_API_VERSION: z
    .string()
    .regex(/^v\d{1,3}\.\d$/, { error: "expected a Graph API version such as v26.0" })
    .default(DEFAULT_GRAPH_API_VERSION),
  WHATSAPP_CLOUD_API_ROOT: httpUrl
    .transform((value) => value.replace(/\/+$/, ""))
    .default("https://graph.facebook.com"),
  WHATSAPP_CLOUD_TEMPLATES_FILE: z.string().min(1).default("./config/whatsapp-templates.yaml"),
  WHATSAPP_CLOUD_SEND_PER_SECOND: positiveInt("a number of messages per second").default(
    DEFAULT_SEND_PER_SECOND,
  ),
  WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: positiveInt("a number of seconds").default(
    DEFAULT_PAIR_INTERVAL_SECONDS,
  ),
};

const REQUIRED_FOR_CLOUD = [
  "WHATSAPP_CLOUD_ACCESS_TOKEN",
  "WHATSAPP_CLOUD_PHONE_NUMBER_ID",
  "WHATSAPP_CLOUD_APP_SECRET",
  "WHATSAPP_CLOUD_VERIFY_TOKEN",
] as const;

type CloudEnv = z.infer<z.ZodObject<typeof whatsappCloudEnvShape>>;

/** For the service schema's superRefine: the Cloud API cannot run without its four secrets. */
export function requireCloudVariables(env: CloudEnv, ctx: z.RefinementCtx): void {
  if (env.WHATSAPP_TRANSPORT !== "cloud") return;
  for (const name of REQUIRED_FOR_CLOUD) {
    if (!env[name]) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "required when WHATSAPP_TRANSPORT=cloud",
      });
    }
  }
}

/** The Cloud API's variables on their own, checked together (tests, and the channel's setup). */
export const whatsappCloudEnvSchema = z
  .object(whatsappCloudEnvShape)
  .superRefine(requireCloudVariables);

/** What the Cloud API transport needs once WHATSAPP_TRANSPORT=cloud is checked. */
export interface CloudSettings {
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly apiVersion: string;
  readonly apiRoot: string;
  readonly templatesFile: string;
  readonly sendPerSecond: number;
  readonly pairIntervalMs: number;
}

/** The checked variables as settings; undefined when WhatsApp runs through whatsapp-web.js. */
export function cloudSettings(env: CloudEnv): CloudSettings | undefined {
  const {
    WHATSAPP_CLOUD_ACCESS_TOKEN: accessToken,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
    WHATSAPP_CLOUD_APP_SECRET: appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
  } = env;
  if (env.WHATSAPP_TRANSPORT !== "cloud") return undefined;
  if (!accessToken || !phoneNumberId || !appSecret || !verifyToken) {
    throw new Error(`${REQUIRED_FOR_CLOUD.join(", ")} are required when WHATSAPP_TRANSPORT=cloud`);
  }
  return {
    accessToken,
    phoneNumberId,
    appSecret,
    verifyToken,
    apiVersion: env.WHATSAPP_CLOUD_API_VERSION,
    apiRoot: env.WHATSAPP_CLOUD_API_ROOT,
    templatesFile: env.WHATSAPP_CLOUD_TEMPLATES_FILE,
    sendPerSecond: env.WHATSAPP_CLOUD_SEND_PER_SECOND,
    pairIntervalMs: env.WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS * 1000,
  };
}
