import { chatIdOf } from "./chat-ids.js";
import { failureKind, type CloudFailureKind } from "./errors.js";
import type { WebhookStatus } from "./webhook-schemas.js";

const STATUSES = ["sent", "delivered", "read", "failed"] as const;
export type DeliveryStatus = (typeof STATUSES)[number];

/**
 * What Meta reports about a message Aduan sent, for its outbox row: sent (accepted by
 * WhatsApp), delivered (on the citizen's phone), read (opened, when read receipts are on), or
 * failed with Meta's reason.
 */
export interface CloudStatusEvent {
  /** The wamid the send returned, kept on the outbox row as its platform message id. */
  readonly platformMessageId: string;
  readonly chatId: string;
  readonly status: DeliveryStatus;
  readonly at: Date;
  readonly failure?: {
    readonly code: number;
    readonly kind: CloudFailureKind;
    /** Meta's words, for the report's timeline. */
    readonly reason: string;
  };
}

/** A status update as an event; undefined for kinds Aduan does not record (deleted, warning). */
export function toStatusEvent(status: WebhookStatus): CloudStatusEvent | undefined {
  const known = STATUSES.find((candidate) => candidate === status.status);
  if (!known) return undefined;
  const error = status.errors?.[0];
  return {
    platformMessageId: status.id,
    chatId: chatIdOf(status.recipient_id),
    status: known,
    at: new Date(Number(status.timestamp) * 1000),
    ...(known === "failed" && error
      ? {
          failure: {
            code: error.code,
            kind: failureKind(error.code),
            reason: [error.title ?? error.message, error.error_data?.details]
              .filter(Boolean)
              .join(" — "),
          },
        }
      : {}),
  };
}
