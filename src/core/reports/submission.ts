import { z } from "zod";
import { REPORT_KINDS } from "../words.js";
import { CHANNELS, currentTraceId, LANGUAGES, type InboundUser } from "../messages.js";
import { sanitizeUserText, truncate } from "../text.js";
import { TRACKING_CODE_PATTERN } from "./tracking-code.js";

const TEXT_LIMIT = 4000;

/** No control characters other than line breaks and tabs may reach the database. */
const cleanText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), {
      error: "contains control characters",
    });

export const storedFileSchema = z.object({
  kind: z.enum(["photo", "document"]),
  mime: z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storagePath: z.string().regex(/^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,8}$/),
  originalName: cleanText(200).optional(),
});

export const locationSchema = z.union([
  z.object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** Said with the position: a place picked on the map, or Open311's address_string. */
    address: cleanText(500).min(1).optional(),
  }),
  z.object({ address: cleanText(500).min(1) }),
]);
export type ReportLocation = z.infer<typeof locationSchema>;

/**
 * What a completed conversation hands to the intake worker: the job payload, validated again
 * by the worker because the queue is a trust boundary (another version may have written it).
 */
export const submissionSchema = z.object({
  submissionId: z.uuid(),
  flowId: z.string().min(1).max(32),
  channel: z.enum(CHANNELS),
  chatId: z.string().min(1).max(128),
  traceId: z.string().min(1).max(128).transform(currentTraceId),
  submittedAt: z.iso.datetime(),
  /**
   * The number the reporter was told at *Kirim*, kept unless another report already has it.
   * Jobs queued before it was told there, and Open311 filings, have none: the worker picks one
   * and sends it.
   */
  trackingCode: z.string().regex(TRACKING_CODE_PATTERN).optional(),
  reporter: z.object({
    externalId: z.string().min(1).max(128),
    displayName: cleanText(256).optional(),
    username: cleanText(64).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9]{5,20}$/)
      .optional(),
    language: z.enum(LANGUAGES),
  }),
  report: z.object({
    kind: z.enum(REPORT_KINDS),
    title: cleanText(TEXT_LIMIT).min(1),
    description: cleanText(TEXT_LIMIT).min(1),
    categoryId: z.string().min(1).max(40).optional(),
    location: locationSchema.optional(),
    eventDate: z.iso.date().optional(),
    anonymous: z.boolean(),
    confidential: z.boolean(),
    /** The reporter agreed to show the photos publicly; jobs queued before the question: no. */
    photosPublic: z.boolean().default(false),
  }),
  attachments: z.array(storedFileSchema).max(20),
  /** Said to staff only, as an internal note on the timeline (what another system passed on). */
  staffNote: cleanText(TEXT_LIMIT).min(1).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** What is kept of a person's account as their message showed it, cleaned and bounded. */
export function accountDetails(user: InboundUser): {
  displayName?: string;
  username?: string;
  phone?: string;
} {
  const phone = user.phone?.replace(/[^\d+]/g, "");
  const displayName = user.displayName ? truncate(sanitizeUserText(user.displayName), 256) : "";
  const username = user.username ? truncate(sanitizeUserText(user.username), 64) : "";
  return {
    ...(displayName ? { displayName } : {}),
    ...(username ? { username } : {}),
    ...(phone && /^\+?\d{5,20}$/.test(phone) ? { phone } : {}),
  };
}
