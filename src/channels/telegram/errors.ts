import { GrammyError, HttpError } from "grammy";
import { secretScrubber } from "../../infra/logger.js";
import { DeliveryError } from "../channel.js";

/**
 * Classifies a failed Bot API call for the outbound worker: 400 (bad request, chat not found)
 * and 403 (bot blocked, user deactivated) never succeed on retry; 429 carries how long to wait;
 * everything else (5xx, network, a revoked token being fixed) is worth retrying.
 */
export function toDeliveryError(error: unknown, secrets: readonly string[]): DeliveryError {
  // The message is kept on the outbox row and the report's timeline: never with a secret.
  const scrub = secretScrubber(secrets);
  if (error instanceof GrammyError) {
    const description = scrub(`${error.method}: ${error.error_code} ${error.description}`);
    if (error.error_code === 429) {
      return new DeliveryError(description, false, (error.parameters.retry_after ?? 1) * 1000);
    }
    return new DeliveryError(description, error.error_code === 400 || error.error_code === 403);
  }
  if (error instanceof HttpError)
    return new DeliveryError(scrub(`network error: ${error.message}`), false);
  return new DeliveryError(scrub(error instanceof Error ? error.message : String(error)), false);
}
