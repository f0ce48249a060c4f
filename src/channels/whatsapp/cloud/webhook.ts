import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { Logger } from "../../../infra/logger.js";
import { readNotification, type CloudWebhookEvent } from "./notifications.js";
import { hasValidSignature } from "./signature.js";

export interface CloudWebhookOptions {
  /** Served by the HTTP role at /whatsapp/webhook. */
  readonly path: string;
  readonly verifyToken: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  /** Takes the events of one delivery and returns at once; the work happens afterwards. */
  readonly onEvents: (events: readonly CloudWebhookEvent[]) => void;
  readonly logger: Logger;
}

const handshakeSchema = z.object({
  "hub.mode": z.literal("subscribe"),
  "hub.verify_token": z.string(),
  "hub.challenge": z.string().min(1).max(256),
});

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Meta's webhook for the number: the GET handshake that proves we own the URL, and signed
 * POSTs of messages and statuses. A POST whose X-Hub-Signature-256 is missing or wrong gets
 * 401 and nothing is handed on; a signed one is answered 200 at once, since Meta retries
 * (and eventually disables the webhook) when answers are slow or fail.
 */
export function cloudWebhook(options: CloudWebhookOptions): FastifyPluginAsync {
  return async (app) => {
    // The signature covers the bytes received, so this route keeps the raw body. The parser
    // is registered inside this plugin and stays out of every other route.
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
      done(null, body);
    });

    app.get(options.path, async (request, reply) => {
      const handshake = handshakeSchema.safeParse(request.query);
      const token = handshake.success ? handshake.data["hub.verify_token"] : "";
      if (!handshake.success || !timingSafeEqual(digest(token), digest(options.verifyToken))) {
        options.logger.warn(
          { ip: request.ip },
          "refused a WhatsApp webhook verification: wrong hub.verify_token (compare WHATSAPP_CLOUD_VERIFY_TOKEN with the Verify token in the Meta app)",
        );
        return reply.code(403).send({ error: "verification failed" });
      }
      return reply.type("text/plain").send(handshake.data["hub.challenge"]);
    });

    app.post(options.path, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!hasValidSignature(raw, request.headers["x-hub-signature-256"], options.appSecret)) {
        options.logger.warn(
          { ip: request.ip },
          "refused a WhatsApp webhook call without a valid X-Hub-Signature-256 (check WHATSAPP_CLOUD_APP_SECRET)",
        );
        return reply.code(401).send({ error: "invalid signature" });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString("utf8"));
      } catch {
        return reply.code(400).send({ error: "not JSON" });
      }
      const { events, skipped } = readNotification(payload, options.phoneNumberId);
      if (skipped.length > 0)
        options.logger.warn({ skipped }, "parts of a WhatsApp webhook call were not used");
      options.onEvents(events);
      return reply.send({ ok: true });
    });
  };
}
