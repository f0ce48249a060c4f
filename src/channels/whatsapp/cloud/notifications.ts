import { toStatusEvent, type CloudStatusEvent } from "./statuses.js";
import {
  webhookEnvelopeSchema,
  webhookMessageSchema,
  webhookStatusSchema,
  type WebhookContact,
  type WebhookMessage,
} from "./webhook-schemas.js";

export type CloudWebhookEvent =
  | {
      readonly kind: "message";
      readonly message: WebhookMessage;
      readonly contact?: WebhookContact;
    }
  | { readonly kind: "status"; readonly status: CloudStatusEvent };

export interface ReadNotification {
  readonly events: readonly CloudWebhookEvent[];
  /** What was skipped and why, for a warning in the log (never the content itself). */
  readonly skipped: readonly string[];
}

/**
 * The events of one webhook delivery that concern our number: messages citizens sent and
 * status updates of messages we sent. Other fields (template reviews, account updates) and
 * other numbers of the same app are left alone.
 */
export function readNotification(payload: unknown, phoneNumberId: string): ReadNotification {
  const envelope = webhookEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return { events: [], skipped: ["not a WhatsApp webhook notification"] };
  if (envelope.data.object !== "whatsapp_business_account") {
    return { events: [], skipped: [`object ${envelope.data.object}`] };
  }
  const events: CloudWebhookEvent[] = [];
  const skipped: string[] = [];
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      if (change.field !== "messages") continue;
      if (value.metadata?.phone_number_id !== phoneNumberId) {
        skipped.push(
          `a change for another phone number id (${value.metadata?.phone_number_id ?? "none"})`,
        );
        continue;
      }
      for (const raw of value.messages ?? []) {
        const message = webhookMessageSchema.safeParse(raw);
        if (!message.success) {
          skipped.push(`a message: ${message.error.issues[0]?.message ?? "invalid"}`);
          continue;
        }
        const contact = value.contacts?.find((each) => each.wa_id === message.data.from);
        events.push({ kind: "message", message: message.data, ...(contact ? { contact } : {}) });
      }
      for (const raw of value.statuses ?? []) {
        const status = webhookStatusSchema.safeParse(raw);
        if (!status.success) {
          skipped.push(`a status: ${status.error.issues[0]?.message ?? "invalid"}`);
          continue;
        }
        const event = toStatusEvent(status.data);
        if (event) events.push({ kind: "status", status: event });
      }
      for (const error of value.errors ?? []) skipped.push(`Meta reported error ${error.code}`);
    }
  }
  return { events, skipped };
}
