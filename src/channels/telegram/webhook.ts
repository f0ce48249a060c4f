import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { Update } from "grammy/types";
import { z } from "zod";
import type { Logger } from "../../infra/logger.js";

interface TelegramWebhookOptions {
  readonly path: string;
  readonly secret: string;
  readonly handleUpdate: (update: Update) => Promise<void>;
  readonly logger: Logger;
}

/** Only the envelope is checked here; grammY and the adapter read the rest. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Receives updates Telegram pushes. The secret header is compared in constant time; a wrong
 * or missing one gets 401 and the update is not processed.
 */
export function telegramWebhook(options: TelegramWebhookOptions): FastifyPluginAsync {
  return async (app) => {
    app.post(options.path, async (request, reply) => {
      if (!sameSecret(request.headers["x-telegram-bot-api-secret-token"], options.secret)) {
        options.logger.warn(
          { ip: request.ip },
          "refused a Telegram webhook call without the right secret",
        );
        return reply.code(401).send({ ok: false, error: "unauthorized" });
      }
      const parsed = updateSchema.safeParse(request.body);
      if (!parsed.success)
        return reply.code(400).send({ ok: false, error: "not a Telegram update" });
      await options.handleUpdate(parsed.data);
      return reply.send({ ok: true });
    });
  };
}
