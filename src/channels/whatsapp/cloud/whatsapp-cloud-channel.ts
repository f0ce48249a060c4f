import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginAsync } from "fastify";
import {
  flattenChoices,
  traceIdOf,
  type Language,
  type OutboundFile,
  type OutboundMessage,
} from "../../../core/messages.js";
import { maskedAccount } from "../../../core/privacy/masked-account.js";
import { systemClock, type Clock } from "../../../core/time/clock.js";
import type { Logger } from "../../../infra/logger.js";
import {
  isTracked,
  sendInParts,
  sendsText,
  type ChannelAdapter,
  type ChannelHealth,
  type DeliveryError,
  type MessageHandler,
  type SendContext,
  type SendResult,
  type StoredFiles,
} from "../../channel.js";
import { ChatOrder } from "../../chat-order.js";
import { waIdOf } from "./chat-ids.js";
import type { CloudSettings } from "./config.js";
import {
  CloudDeliveryError,
  failureKind,
  toCloudDeliveryError,
  type CloudFailureKind,
  type GraphApiError,
} from "./errors.js";
import { GraphClient } from "./graph-client.js";
import { toInbound } from "./inbound.js";
import type { LastInbound } from "./last-inbound.js";
import type { CloudMessageContent } from "./message-content.js";
import type { CloudWebhookEvent } from "./notifications.js";
import { renderCloudMessage, renderCloudReply } from "./render.js";
import { escapeWhatsApp } from "../render.js";
import { NoticeHeldError, planDelivery, templatePlan, type HeldNotice } from "./service-window.js";
import type { CloudStatusEvent } from "./statuses.js";
import { templateContent, waitingContent, type TemplateBook } from "./templates.js";
import type { WebhookContact, WebhookMessage } from "./webhook-schemas.js";
import { cloudWebhook } from "./webhook.js";

export interface WhatsAppCloudChannelOptions {
  readonly settings: CloudSettings;
  readonly templates: TemplateBook;
  readonly lastInbound: LastInbound;
  readonly maxMediaBytes: number;
  /** The language of the `waiting` template told for a message that is no notice (a card). */
  readonly language: Language;
  /** Where the files a message carries are read from (the MediaStore). */
  readonly files: StoredFiles;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Each status Meta reports for a sent message (sent, delivered, read, failed). */
  readonly onStatus?: (event: CloudStatusEvent) => Promise<void>;
  /** A citizen wrote, which opens their window again: what waited for them can go. */
  readonly onWindowOpened?: (chatId: string) => Promise<void>;
  /** Where the HTTP role serves the webhook. */
  readonly webhookPath?: string;
}

/** Immediate replies retry in place on a rate limit rather than lose the answer. */
const REPLY_ATTEMPTS = 3;
const REPLY_RETRIED: ReadonlySet<CloudFailureKind> = new Set([
  "throughput",
  "pair_rate",
  "transient",
]);

/**
 * WhatsApp through Meta's Cloud API. Citizens' messages arrive on the webhook and are handled
 * one after another per chat; replies go straight back, later messages through the outbound
 * queue, free-form within the 24-hour window and as an approved template after it.
 */
export class WhatsAppCloudChannel implements ChannelAdapter {
  readonly channel = "whatsapp" as const;
  readonly rateLimit: { readonly max: number; readonly durationMs: number };
  private readonly client: GraphClient;
  private readonly clock: Clock;
  private readonly chats = new ChatOrder();
  private handler?: MessageHandler;
  private started = false;
  /** Set while Meta refuses the token or the number, for /readyz; cleared by a good answer. */
  private problem?: string;

  constructor(private readonly options: WhatsAppCloudChannelOptions) {
    const { settings } = options;
    this.clock = options.clock ?? systemClock;
    this.rateLimit = { max: settings.sendPerSecond, durationMs: 1000 };
    this.client = new GraphClient({
      apiRoot: settings.apiRoot,
      apiVersion: settings.apiVersion,
      accessToken: settings.accessToken,
      phoneNumberId: settings.phoneNumberId,
      observe: (outcome) => this.observe(outcome),
    });
  }

  /** Checks the token and the number with Meta, then hands webhook messages to `handler`. */
  async start(handler: MessageHandler): Promise<void> {
    const { settings } = this.options;
    let number: Awaited<ReturnType<GraphClient["phoneNumber"]>>;
    try {
      number = await this.client.phoneNumber();
    } catch (error) {
      throw new Error(
        `The WhatsApp Cloud API refused the access token or the phone number id, or cannot be reached at ${settings.apiRoot} ` +
          `(check WHATSAPP_CLOUD_ACCESS_TOKEN, WHATSAPP_CLOUD_PHONE_NUMBER_ID and WHATSAPP_CLOUD_API_ROOT): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.handler = handler;
    this.started = true;
    this.options.logger.info(
      { number: number.display_phone_number, apiVersion: settings.apiVersion },
      "WhatsApp Cloud API ready; messages arrive on the webhook",
    );
  }

  async stop(): Promise<void> {
    this.started = false;
    this.handler = undefined;
    await this.chats.idle();
  }

  health(): ChannelHealth {
    if (this.problem) return { ok: false, state: this.problem };
    return this.started ? { ok: true, state: "webhook" } : { ok: false, state: "not started" };
  }

  /** Meta's pair rate limit: notices to one citizen are spaced out. */
  chatIntervalMs(): number {
    return this.options.settings.pairIntervalMs;
  }

  /** The citizen wrote after the window was found closed for `held` (they opened it again). */
  async wroteSinceHeld(chatId: string, held: DeliveryError): Promise<boolean> {
    if (!(held instanceof NoticeHeldError)) return false;
    const latest = await this.options.lastInbound.lastInboundAt(chatId);
    // A notice Meta sent back (131047) is held without reading when they last wrote: only a
    // message after it was held counts then.
    const seen = held.held.lastInboundAt ?? held.held.heldAt;
    return latest !== undefined && latest > seen;
  }

  /**
   * Sends a message the outbound worker holds: free-form while the citizen's window is open,
   * else the notice's template; without one the message is held (NoticeHeldError).
   */
  async send(
    chatId: string,
    message: OutboundMessage,
    context: SendContext = {},
  ): Promise<SendResult> {
    const { notice } = message;
    const to = this.recipient(chatId);
    const lastInboundAt = context.windowClosed
      ? undefined
      : await this.options.lastInbound.lastInboundAt(chatId);
    const question = {
      chatId,
      lastInboundAt,
      now: this.clock(),
      templates: this.options.templates,
      ...(notice ? { notice } : {}),
    };
    const plan = planDelivery(question);
    if (plan.kind === "hold") throw await this.held(to, message, plan.held);
    if (plan.kind === "template") {
      return this.deliver(to, templateContent(plan.template, plan.notice, flattenChoices(message)));
    }
    try {
      return await this.deliverFreeForm(to, message, context);
    } catch (error) {
      if (!(error instanceof CloudDeliveryError) || error.kind !== "reengagement_required")
        throw error;
      // Meta saw the window closed although our record said open (a message it never posted
      // to us, or a clock apart): the template, if there is one, goes instead.
      const fallback = templatePlan(question);
      if (!fallback) {
        throw await this.held(to, message, {
          chatId,
          ...(notice ? { noticeKind: notice.kind } : {}),
          ...(lastInboundAt ? { lastInboundAt } : {}),
          heldAt: question.now,
        });
      }
      return this.deliver(
        to,
        templateContent(fallback.template, fallback.notice, flattenChoices(message)),
      );
    }
  }

  /**
   * The error that keeps `message` until its recipient writes, after telling them (once since
   * they last wrote, by the `waiting` template) that something waits: without it a staff
   * member silent for a day would never learn that new cards are kept for them.
   */
  private async held(
    to: string,
    message: OutboundMessage,
    held: HeldNotice,
  ): Promise<NoticeHeldError> {
    const { templates, lastInbound, logger } = this.options;
    const template = templates.waiting;
    if (!template) return new NoticeHeldError(held);
    // A re-send after Meta's 131047 did not read when they last wrote: read it now.
    const seen = held.lastInboundAt ?? (await lastInbound.lastInboundAt(held.chatId));
    if (!(await lastInbound.claimWaitingNotice(held.chatId, seen))) {
      return new NoticeHeldError(held);
    }
    const language = message.notice?.language ?? this.options.language;
    try {
      await this.deliver(to, waitingContent(template, language));
      return new NoticeHeldError(held);
    } catch (error) {
      logger.warn(
        { err: error, template: template.name },
        "could not tell a WhatsApp recipient that messages wait for their reply",
      );
      // Refused for good (the template not approved): not again in this silence. Anything
      // else (Meta busy, the token): the next message kept tells them. The message itself
      // waits either way: a failed side message must not fail it.
      if (error instanceof CloudDeliveryError && !error.permanent) {
        await lastInbound.releaseWaitingNotice(held.chatId);
      }
      return new NoticeHeldError(held);
    }
  }

  /** The webhook endpoint, served by the HTTP server of the process that receives. */
  webhookRoute(): FastifyPluginAsync {
    const { settings } = this.options;
    return cloudWebhook({
      path: this.options.webhookPath ?? "/whatsapp/webhook",
      verifyToken: settings.verifyToken,
      appSecret: settings.appSecret,
      phoneNumberId: settings.phoneNumberId,
      onEvents: (events) => this.accept(events),
      logger: this.options.logger,
    });
  }

  private recipient(chatId: string): string {
    const to = waIdOf(chatId);
    if (!to) {
      throw new CloudDeliveryError(
        `WhatsApp Cloud API: ${chatId} is not a phone number's chat and cannot be addressed`,
        "undeliverable",
        undefined,
      );
    }
    return to;
  }

  /**
   * The text, then each file uploaded and sent by its media id, replying to the card where
   * there is one (see `sendInParts` for the id kept and a retry).
   */
  private async deliverFreeForm(
    to: string,
    message: OutboundMessage,
    context: SendContext,
  ): Promise<SendResult> {
    const files = message.files ?? [];
    // The last part is the one with the options, as on whatsapp-web.js.
    const texts = sendsText(message) ? renderCloudMessage(message) : [];
    return sendInParts(
      [
        ...texts.map((content) => ({
          kind: "text" as const,
          send: () => this.deliver(to, content),
        })),
        ...files.map((file) => ({
          kind: "file" as const,
          send: async () => this.deliver(to, await this.fileContent(file), context.replyTo),
        })),
      ],
      context,
    );
  }

  /** A stored file uploaded to Meta, as the message content that sends it. */
  private async fileContent(file: OutboundFile): Promise<CloudMessageContent> {
    let mediaId: string;
    try {
      const name = file.name ?? file.storagePath.split("/").pop() ?? "file";
      mediaId = await this.client.uploadMedia(await this.options.files.read(file), file.mime, name);
    } catch (error) {
      throw toCloudDeliveryError(error);
    }
    const caption = file.caption ? { caption: escapeWhatsApp(file.caption) } : {};
    return file.kind === "photo"
      ? { type: "image", image: { id: mediaId, ...caption } }
      : {
          type: "document",
          document: { id: mediaId, ...caption, ...(file.name ? { filename: file.name } : {}) },
        };
  }

  private async deliver(
    to: string,
    content: CloudMessageContent,
    replyTo?: string,
  ): Promise<SendResult> {
    try {
      return { platformMessageId: await this.client.send(to, content, replyTo) };
    } catch (error) {
      throw toCloudDeliveryError(error);
    }
  }

  private observe(outcome: GraphApiError | "ok"): void {
    if (outcome === "ok") {
      this.problem = undefined;
      return;
    }
    const kind = failureKind(outcome.code);
    if (kind === "access") {
      this.problem = `Meta refuses WHATSAPP_CLOUD_ACCESS_TOKEN (error ${outcome.code}: ${outcome.message}); set a valid system user token and restart`;
    } else if (kind === "number") {
      this.problem = `Meta refuses to send from WHATSAPP_CLOUD_PHONE_NUMBER_ID (error ${outcome.code}: ${outcome.message})`;
    }
  }

  private accept(events: readonly CloudWebhookEvent[]): void {
    for (const event of events) {
      if (event.kind === "status") this.recordStatus(event.status);
      else this.enqueue(event.message, event.contact);
    }
  }

  private recordStatus(status: CloudStatusEvent): void {
    this.options.onStatus?.(status).catch((error: unknown) => {
      this.options.logger.error(
        {
          err: error,
          platformMessageId: maskedAccount(status.platformMessageId),
          status: status.status,
        },
        "could not record a WhatsApp delivery status",
      );
    });
  }

  /** Chains the message after the earlier ones of its chat. */
  private enqueue(message: WebhookMessage, contact: WebhookContact | undefined): void {
    void this.chats.run(
      message.from,
      () => this.process(message, contact),
      (error) =>
        this.options.logger.error(
          { err: error, traceId: traceIdOf({ channel: this.channel, messageId: message.id }) },
          "failed to handle a WhatsApp Cloud API message",
        ),
    );
  }

  private async process(
    message: WebhookMessage,
    contact: WebhookContact | undefined,
  ): Promise<void> {
    const inbound = toInbound(
      message,
      contact,
      (mediaId, maxBytes) => this.client.downloadMedia(mediaId, maxBytes),
      this.options.maxMediaBytes,
    );
    if (!inbound) return;
    await this.options.lastInbound.record(inbound.chatId, inbound.receivedAt);
    await this.options.onWindowOpened?.(inbound.chatId).catch((error: unknown) => {
      this.options.logger.error(
        { err: error, traceId: traceIdOf(inbound) },
        "could not release the messages that waited for this citizen",
      );
    });
    const handler = this.handler;
    if (!handler) return;
    const replies = await handler.handle(inbound);
    await this.client.markRead(inbound.messageId).catch((error: unknown) => {
      this.options.logger.debug(
        { err: error, traceId: traceIdOf(inbound) },
        "could not mark a WhatsApp message read",
      );
    });
    try {
      for (const reply of replies) {
        const sent = await this.reply(inbound.chatId, reply);
        if (isTracked(reply) && sent.platformMessageId)
          await handler.shown?.(inbound, sent.platformMessageId, reply);
      }
    } catch (error) {
      this.options.logger.error(
        { err: error, traceId: traceIdOf(inbound) },
        "could not send a WhatsApp Cloud API reply",
      );
    }
  }

  /**
   * The citizen just wrote, so the window is open: free-form, each part retried in place when
   * paced; the last part's id is kept.
   */
  private async reply(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const to = this.recipient(chatId);
    let result: SendResult = {};
    for (const part of renderCloudReply(message)) result = await this.replyPart(to, part);
    return result;
  }

  private async replyPart(to: string, content: CloudMessageContent): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deliver(to, content);
      } catch (error) {
        const paced = error instanceof CloudDeliveryError && REPLY_RETRIED.has(error.kind);
        if (!paced || attempt >= REPLY_ATTEMPTS) throw error;
        await sleep(Math.min(error.retryAfterMs ?? 1000 * attempt, 5_000));
      }
    }
  }
}
