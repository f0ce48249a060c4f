import { z } from "zod";

/**
 * The `messages` webhook as Meta posts it, for the parts Aduan reads. References:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/interactive
 * and the neighbouring pages (text, location, image, document, button, unsupported, status).
 * Objects stay loose: Meta adds fields, and an unknown field must never refuse a message.
 */

const unixSeconds = z.string().regex(/^\d{1,12}$/, { error: "expected Unix seconds" });

const errorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
export type WebhookError = z.infer<typeof errorSchema>;

/** One message a WhatsApp user sent; `type` says which of the optional objects is present. */
export const webhookMessageSchema = z.looseObject({
  from: z.string().regex(/^\d{5,20}$/, { error: "expected the sender's WhatsApp id (digits)" }),
  id: z.string().min(1).max(256),
  timestamp: unixSeconds,
  type: z.string(),
  context: z.looseObject({ id: z.string().min(1), from: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z
        .looseObject({ id: z.string(), title: z.string(), description: z.string().optional() })
        .optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  image: z
    .looseObject({
      id: z.string().min(1),
      mime_type: z.string().optional(),
      caption: z.string().optional(),
    })
    .optional(),
  document: z
    .looseObject({
      id: z.string().min(1),
      mime_type: z.string().optional(),
      caption: z.string().optional(),
      filename: z.string().optional(),
    })
    .optional(),
  /** `voice` marks a voice note recorded in the chat. */
  audio: z.looseObject({ voice: z.boolean().optional() }).optional(),
  /** What a message of type `unsupported` was, when Meta says: "edit", "poll_creation", "gif"… */
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
  errors: z.array(errorSchema).optional(),
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: unixSeconds,
  recipient_id: z.string(),
  errors: z.array(errorSchema).optional(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

export const webhookContactSchema = z.looseObject({
  wa_id: z.string(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});
export type WebhookContact = z.infer<typeof webhookContactSchema>;

/**
 * The envelope. Messages and statuses are kept unparsed here and checked one by one, so one
 * odd item does not cost the others in the same delivery.
 */
export const webhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            messaging_product: z.string().optional(),
            metadata: z
              .looseObject({
                phone_number_id: z.string(),
                display_phone_number: z.string().optional(),
              })
              .optional(),
            contacts: z.array(webhookContactSchema).optional(),
            messages: z.array(z.unknown()).optional(),
            statuses: z.array(z.unknown()).optional(),
            errors: z.array(errorSchema).optional(),
          }),
        }),
      ),
    }),
  ),
});
