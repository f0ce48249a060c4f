import { DeliveryError } from "../channel.js";

/**
 * Failures no retry can fix: whatsapp-web.js reports an address that is not a WhatsApp
 * account ("invalid wid", "No LID for user") from inside the page.
 */
const PERMANENT = /invalid wid|wid error|no lid for user|not a whatsapp user|not registered/i;

/**
 * Classifies a failed send for the outbound worker: unknown recipients are permanent;
 * everything else (the browser restarting, a network problem, the session reconnecting) is
 * worth retrying with backoff.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`WhatsApp: ${message}`, PERMANENT.test(message));
}
