import { z } from "zod";

/**
 * Every body the Graph API answers, checked before it is used. Shapes from Meta's references:
 * the messages endpoint, media, and the error syntax of
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/
 */

export const graphErrorBodySchema = z.object({
  error: z.looseObject({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z
      .looseObject({ messaging_product: z.string().optional(), details: z.string().optional() })
      .optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof graphErrorBodySchema>["error"];

export const sendResponseSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  contacts: z.array(z.looseObject({ input: z.string(), wa_id: z.string() })).optional(),
  messages: z
    .array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() }))
    .min(1),
});

export const successResponseSchema = z.looseObject({ success: z.literal(true) });

export const phoneNumberSchema = z.looseObject({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
});
export type PhoneNumberInfo = z.infer<typeof phoneNumberSchema>;

export const mediaInfoSchema = z.looseObject({
  id: z.string(),
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.coerce.number().int().nonnegative().optional(),
});
export type MediaInfo = z.infer<typeof mediaInfoSchema>;

export const uploadResponseSchema = z.looseObject({ id: z.string().min(1) });
