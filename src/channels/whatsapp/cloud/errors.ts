import { DeliveryError } from "../../channel.js";
import type { GraphErrorBody } from "./graph-schemas.js";

/** A call the Graph API answered with an error body (or a network failure, code undefined). */
export class GraphApiError extends Error {
  override name = "GraphApiError";

  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly body?: GraphErrorBody,
  ) {
    super(message);
  }

  get code(): number | undefined {
    return this.body?.code;
  }

  /** Meta's explanation, meant for developers; titles inside `message` are being phased out. */
  get details(): string | undefined {
    return this.body?.error_data?.details;
  }
}

/**
 * What a failure means for Aduan, by Meta's error code. Codes and their meaning are Meta's:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/
 * (Meta asks integrations to act on `code` and `error_data.details`, never on titles), and for
 * 130429 https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput
 */
export type CloudFailureKind =
  /** 131047: more than 24 hours since the citizen last wrote; only a template can go out. */
  | "reengagement_required"
  /** 130429: the number's messages per second were exceeded. */
  | "throughput"
  /** 131056: too many messages to this one citizen in a short time. */
  | "pair_rate"
  /** 80007 (the WhatsApp Business Account's API calls) and 4 (the app's): wait longer. */
  | "account_rate"
  /** 131026 undeliverable, 131051 unsupported, 131021 own number, 131030 not an allowed test number. */
  | "undeliverable"
  /** 132000-132018: the template does not exist, is paused, or its parameters do not fit it. */
  | "template"
  /** 100, 131008, 131009, 131053: the request itself is wrong; the same message never succeeds. */
  | "request"
  /** 190 expired or revoked token; 10 and 200-299 missing permission. */
  | "access"
  /** 133010 number not registered, 131031 account locked: the number cannot send at all. */
  | "number"
  /** 1, 2, 131000, 131016, 133004, 5xx, network, anything unknown: worth retrying later. */
  | "transient";

const KINDS: ReadonlyMap<number, CloudFailureKind> = new Map([
  [131047, "reengagement_required"],
  [130429, "throughput"],
  [131056, "pair_rate"],
  [80007, "account_rate"],
  [4, "account_rate"],
  [131026, "undeliverable"],
  [131051, "undeliverable"],
  [131021, "undeliverable"],
  [131030, "undeliverable"],
  [100, "request"],
  [131008, "request"],
  [131009, "request"],
  [131053, "request"],
  [190, "access"],
  [10, "access"],
  [133010, "number"],
  [131031, "number"],
]);

export function failureKind(code: number | undefined): CloudFailureKind {
  if (code === undefined) return "transient";
  const known = KINDS.get(code);
  if (known) return known;
  if (code >= 132000 && code <= 132999) return "template";
  if (code >= 200 && code <= 299) return "access";
  return "transient";
}

/** The number is over its throughput: pause the whole queue a moment (Meta gives no retry-after). */
const THROUGHPUT_PAUSE_MS = 1_000;
/** Account-level API limits are counted per hour: pause longer before trying again. */
const ACCOUNT_RATE_PAUSE_MS = 60_000;

const PERMANENT: ReadonlySet<CloudFailureKind> = new Set([
  "reengagement_required",
  "undeliverable",
  "template",
  "request",
]);

/** A failed Cloud API delivery: DeliveryError for the outbound worker, plus Meta's reason. */
export class CloudDeliveryError extends DeliveryError {
  override name = "CloudDeliveryError";

  constructor(
    message: string,
    readonly kind: CloudFailureKind,
    readonly code: number | undefined,
  ) {
    super(
      message,
      PERMANENT.has(kind),
      kind === "throughput"
        ? THROUGHPUT_PAUSE_MS
        : kind === "account_rate"
          ? ACCOUNT_RATE_PAUSE_MS
          : undefined,
    );
  }
}

const ACTIONS: Readonly<Partial<Record<CloudFailureKind, string>>> = {
  access:
    "set a valid WHATSAPP_CLOUD_ACCESS_TOKEN (a system user's permanent token with whatsapp_business_messaging) and restart",
  number: "check WHATSAPP_CLOUD_PHONE_NUMBER_ID and the number's status in WhatsApp Manager",
  template:
    "check the template's name, language and parameters in WHATSAPP_CLOUD_TEMPLATES_FILE against WhatsApp Manager",
  undeliverable: "the number may not use WhatsApp, or its app cannot show this message",
};

/**
 * Classifies a failed call for the outbound worker and for the report's timeline; the text
 * says what Meta said and, where an operator can act, what to do.
 */
export function toCloudDeliveryError(error: unknown): CloudDeliveryError {
  if (error instanceof CloudDeliveryError) return error;
  if (!(error instanceof GraphApiError)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new CloudDeliveryError(`WhatsApp Cloud API: ${reason}`, "transient", undefined);
  }
  const kind =
    error.httpStatus !== undefined && error.httpStatus >= 500 && error.code === undefined
      ? "transient"
      : failureKind(error.code);
  const action = ACTIONS[kind];
  const said = [error.message, error.details].filter(Boolean).join(" — ");
  return new CloudDeliveryError(
    `WhatsApp Cloud API ${error.code ?? error.httpStatus ?? "network"}: ${said}${action ? ` (${action})` : ""}`,
    kind,
    error.code,
  );
}
