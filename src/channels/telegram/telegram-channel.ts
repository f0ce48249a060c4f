import { setTimeout as sleep } from "node:timers/promises";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Context, GrammyError, HttpError, type Api } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { FastifyPluginAsync } from "fastify";
import type { FlowSet } from "../../core/flows/loader.js";
import { flattenChoices, traceIdOf, type OutboundMessage } from "../../core/messages.js";
import { maskedAccount } from "../../core/privacy/masked-account.js";
import type { StaffRole } from "../../core/words.js";
import { secretScrubber, type Logger } from "../../infra/logger.js";
import { connectionProblem } from "../../infra/startup.js";
import {
  inParts,
  isTracked,
  type ChannelAdapter,
  type ChannelHealth,
  type MessageHandler,
  type SendContext,
  type SendResult,
  type StoredFiles,
} from "../channel.js";
import { ChatOrder } from "../chat-order.js";
import { BotApiHttp } from "./bot-api-fetch.js";
import { publishCommandMenu, publishStaffMenu, type StaffMenus } from "./command-menu.js";
import { toDeliveryError } from "./errors.js";
import { telegramFileFetcher } from "./files.js";
import { CAPTION_LIMIT, TelegramFileSender } from "./files-out.js";
import { ShownKeyboards } from "./keyboards.js";
import { renderEdit, renderMessages, toTelegramHtml, type KeyboardKind } from "./render.js";
import { toPlainText } from "../../core/text.js";
import { toInbound, type FileFetcher } from "./updates.js";
import { telegramWebhook } from "./webhook.js";

export interface TelegramChannelOptions {
  readonly token: string;
  readonly apiRoot: string;
  readonly mode: "polling" | "webhook";
  readonly webhook?: { readonly url: string; readonly secret: string };
  readonly flows: FlowSet;
  readonly maxMediaBytes: number;
  /** Where the files a message carries are read from (the MediaStore). */
  readonly files: StoredFiles;
  readonly sendPerSecond: number;
  readonly logger: Logger;
  /** Group chats where staff work (the desk's, the agencies'); every other group is ignored. */
  readonly staffChats?: readonly string[];
  /** Staff chats get a menu of the desk commands their role may use (bot processes). */
  readonly staffMenus?: StaffMenus;
  /** Telegram refused the token: a configuration error, which no retry fixes. */
  readonly onTokenRejected: (error: TelegramTokenRejectedError) => void;
}

const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/**
 * How long one call may take while connecting, so that an unroutable address fails in seconds
 * and is retried, rather than after grammY's default of 500 s.
 */
const CONNECT_TIMEOUT_SECONDS = 10;
const MAX_RETRY_SECONDS = 60;
/**
 * Updates handled at once while polling (the runner's default is 500). A turn waits mostly on
 * Redis and the Bot API for a few milliseconds, so a hundred keep both cores busy; more only
 * hold more half-done updates in memory when a crowd writes at once.
 */
const UPDATES_IN_FLIGHT = 100;

/** How an immediate reply is retried in place when Telegram answers 429 or 5xx. */
const REPLY_RETRIES = { maxRetryAttempts: 3, maxDelaySeconds: 30 } as const;

/** What a stale reply-keyboard key becomes: a choice no menu offers ("no longer active"). */
const STALE_KEY = "~stale-key";

/**
 * The longest a reply can still be on its way: a confirmation owed for less may yet arrive, so
 * sending it again through the outbox sooner would tell the citizen their code twice.
 */
export const REPLY_RETRY_SECONDS = REPLY_RETRIES.maxRetryAttempts * REPLY_RETRIES.maxDelaySeconds;

export class TelegramTokenRejectedError extends Error {
  override name = "TelegramTokenRejectedError";
}

/** What went wrong with a call, in a few words: `connect ECONNREFUSED`, `502 Bad Gateway`. */
function callProblem(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code} ${error.description}`;
  // BotApiHttp rejects with the socket's own error, which grammY wraps.
  if (error instanceof HttpError) return connectionProblem(error.error);
  return connectionProblem(error);
}

/**
 * Telegram through grammY. Updates of one chat are handled strictly in order (different chats
 * concurrently); replies go straight back, later messages through the outbound queue.
 */
export class TelegramChannel implements ChannelAdapter {
  readonly channel = "telegram" as const;
  readonly rateLimit: {
    readonly max: number;
    readonly durationMs: number;
    readonly bulkOnly: true;
  };
  /** Replies, polls, files and menus: retried in place on a 429 or a 5xx. */
  private readonly api: Api;
  /** Who the bot is, once getMe answered: every update's context names it. */
  private me?: UserFromGetMe;
  private readonly chats = new ChatOrder();
  /** Every Bot API call of this channel goes through it, from whichever grammY client. */
  private readonly http: BotApiHttp;
  /** Without auto-retry: the outbound queue retries, honouring retry_after across the queue. */
  private readonly deliveryApi: Api;
  /**
   * For the second and later parts of a long message: retried in place, since retrying the
   * whole delivery would send the parts already delivered again.
   */
  private readonly continuationApi: Api;
  private readonly fetchFile: FileFetcher;
  private readonly fileSender: TelegramFileSender;
  private runner?: RunnerHandle;
  /** Set once getMe succeeded and the webhook is registered (webhook mode). */
  private webhookSet = false;
  private connected = false;
  /** Until the bot is connected: why the last attempt to reach Telegram failed, if one did. */
  private connectProblem?: string;
  private readonly stopping = new AbortController();
  private handler?: MessageHandler;
  private readonly staffChats: ReadonlySet<string>;
  private readonly keyboards = new ShownKeyboards();
  /** Kept out of delivery errors, which end up on outbox rows and timelines. */
  private readonly secrets: readonly string[];
  /** Menu updates in the order staff changed, so a quick remove-and-add ends added. */
  private menuUpdates: Promise<void> = Promise.resolve();

  constructor(private readonly options: TelegramChannelOptions) {
    this.secrets = [options.token, options.webhook?.secret ?? ""];
    this.http = new BotApiHttp(options.apiRoot);
    // Telegram's ~30 messages a second are for broadcasts: a confirmation answering Kirim is
    // part of the conversation and does not queue behind the bulk pacer (per-chat spacing and
    // every 429's retry_after still hold).
    this.rateLimit = { max: options.sendPerSecond, durationMs: 1000, bulkOnly: true };
    this.staffChats = new Set(options.staffChats ?? []);
    this.api = this.http.api(options.token);
    this.deliveryApi = this.http.api(options.token);
    this.continuationApi = this.http.api(options.token);
    this.continuationApi.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
    this.fileSender = new TelegramFileSender(options.files);
    this.fetchFile = telegramFileFetcher({
      api: this.api,
      apiRoot: options.apiRoot,
      token: options.token,
      maxBytes: options.maxMediaBytes,
    });

    this.api.config.use(async (previous, method, payload, signal) => {
      try {
        return await previous(method, payload, signal);
      } catch (error) {
        // An aborted poll is the runner stopping, not a failure.
        if (method === "getUpdates" && !signal?.aborted) {
          options.logger.warn({ err: error }, "cannot fetch Telegram updates; retrying");
        }
        throw error;
      }
    });
    // Immediate replies retry in place: a 429 or a 5xx should not lose the answer.
    this.api.config.use(autoRetry(REPLY_RETRIES));
  }

  /**
   * An update from the long poll or the webhook, handled after the earlier ones of its chat
   * (different chats side by side): nothing reads a conversation's state out of turn. What
   * fails is logged, not thrown, as the update is then handled as far as it can be.
   */
  private readonly receive = async (update: Update): Promise<void> => {
    // The webhook may be called before getMe answered: Telegram sends the update again.
    if (!this.me) throw new Error("a Telegram update came before the bot knew who it is (getMe)");
    // Telegram is asked for these kinds only; a webhook may still be handed others.
    if (!ALLOWED_UPDATES.some((kind) => update[kind] !== undefined)) return;
    const ctx = new Context(update, this.api, this.me);
    // Without a chat (a press on an inline-mode message) nobody here is answered.
    if (!ctx.chat) return;
    await this.chats.run(
      String(ctx.chat.id),
      () => this.onUpdate(ctx),
      (error) => this.logUpdateError(error, update),
    );
  };

  /**
   * Connects in the background, so the rest of the process (its HTTP server, its workers) does
   * not wait for Telegram: an unreachable Bot API is retried with waits of 1, 2, 4 … 60 s, each
   * failure logged and shown on `/readyz`. A refused token is reported through onTokenRejected.
   */
  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
    void this.connect(this.stopping.signal);
  }

  async stop(): Promise<void> {
    // A call in flight while connecting ends within its timeout; nothing starts after this.
    this.stopping.abort();
    this.webhookSet = false;
    if (this.runner?.isRunning()) await this.runner.stop();
    await this.chats.idle();
  }

  /** After stop, once the outbound workers are done sending on this channel too. */
  async close(): Promise<void> {
    await this.http.close();
  }

  private async connect(signal: AbortSignal): Promise<void> {
    const scrub = secretScrubber(this.secrets);
    // A function, so the check after an await is not narrowed away by the loop's condition.
    const stopped = () => signal.aborted;
    for (let attempt = 1; !stopped(); attempt++) {
      try {
        await this.connectOnce(signal);
        return;
      } catch (error) {
        if (stopped()) return;
        if (error instanceof GrammyError && error.error_code === 401) {
          this.options.onTokenRejected(
            new TelegramTokenRejectedError(
              `Telegram refused the bot token (${error.error_code} ${error.description} from ` +
                `${this.options.apiRoot}): check TELEGRAM_BOT_TOKEN with @BotFather`,
            ),
          );
          return;
        }
        const problem = scrub(callProblem(error));
        const delaySeconds = Math.min(2 ** (attempt - 1), MAX_RETRY_SECONDS);
        this.connectProblem = problem;
        this.options.logger.warn(
          { apiRoot: this.options.apiRoot, attempt },
          `cannot reach Telegram at ${this.options.apiRoot} (TELEGRAM_API_ROOT): ${problem}; ` +
            `retrying in ${delaySeconds} s`,
        );
        await sleep(delaySeconds * 1000, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** One attempt: who the bot is, its menus, then the webhook or long polling. */
  private async connectOnce(signal: AbortSignal): Promise<void> {
    const api = this.http.api(this.options.token, CONNECT_TIMEOUT_SECONDS);
    this.me = await api.getMe();
    await publishCommandMenu(api, this.options.flows).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "could not publish the Telegram command menu");
    });
    this.publishStaffMenus();
    const bot = this.me.username;
    if (this.options.mode === "webhook" && this.options.webhook) {
      await api.setWebhook(this.options.webhook.url, {
        secret_token: this.options.webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      if (signal.aborted) return;
      this.webhookSet = true;
      this.options.logger.info({ bot, url: this.options.webhook.url }, "Telegram webhook set");
    } else {
      await api.deleteWebhook();
      if (signal.aborted) return;
      // grammY's runner fetches the updates and counts those in flight; none of grammY's
      // middleware is needed between it and the conversation engine.
      const updates = { api: this.api, handleUpdate: this.receive, errorHandler: () => undefined };
      this.runner = run(updates, {
        runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
        sink: { concurrency: UPDATES_IN_FLIGHT },
      });
      this.options.logger.info({ bot }, "Telegram long polling started");
    }
    this.connected = true;
    this.connectProblem = undefined;
  }

  /** Shows a staff chat the commands of its role, or the citizens' menu again for null. */
  showStaffMenu(chatId: string, role: StaffRole | null): void {
    const menus = this.options.staffMenus;
    if (!menus) return;
    this.menuUpdates = this.menuUpdates.then(() =>
      publishStaffMenu(this.api, menus, chatId, role).catch((error: unknown) => {
        this.options.logger.warn(
          { err: error, chatId: maskedAccount(chatId) },
          "could not update a staff chat's command menu",
        );
      }),
    );
  }

  /** At start: every staff chat gets its role's menu, every removed staff member's goes back. */
  private publishStaffMenus(): void {
    const menus = this.options.staffMenus;
    if (!menus) return;
    for (const group of menus.groups) this.showStaffMenu(group.chatId, group.role);
    menus.accounts().then(
      (accounts) => {
        for (const { chatId, role } of accounts) if (chatId) this.showStaffMenu(chatId, role);
      },
      (error: unknown) =>
        this.options.logger.warn(
          { err: error },
          "could not load staff accounts for their command menus",
        ),
    );
  }

  /**
   * Polling: the runner is still fetching updates. Webhook: Telegram accepted our endpoint.
   * Before either, `connecting` and why the last attempt failed.
   */
  health(): ChannelHealth {
    if (!this.connected) {
      const problem = this.connectProblem;
      return { ok: false, state: problem === undefined ? "connecting" : `connecting: ${problem}` };
    }
    if (this.options.mode === "webhook") {
      return { ok: this.webhookSet, state: this.webhookSet ? "webhook" : "webhook not set" };
    }
    const polling = this.runner?.isRunning() ?? false;
    return { ok: polling, state: polling ? "polling" : "not polling" };
  }

  /** The webhook endpoint, served by the HTTP server of this process (webhook mode only). */
  webhookRoute(): FastifyPluginAsync | undefined {
    const webhook = this.options.webhook;
    if (this.options.mode !== "webhook" || !webhook) return undefined;
    return telegramWebhook({
      path: new URL(webhook.url).pathname,
      secret: webhook.secret,
      // Our own failure is logged by receive, never answered 500: Telegram would redeliver an
      // update the engine has already recorded as handled.
      handleUpdate: this.receive,
      logger: this.options.logger,
    });
  }

  /**
   * Telegram allows about one message a second in a private chat and 20 a minute in a group
   * (negative chat ids); the margin absorbs network jitter.
   */
  chatIntervalMs(chatId: string): number {
    return chatId.startsWith("-") ? 3_100 : 1_100;
  }

  /**
   * Sends a message, in several parts when it is longer than Telegram takes. The id kept is the
   * last part's: it carries the buttons, and it is the one nearest the reply box (a staff card
   * never splits, see renderEdit); every part's id is said too, since a person may quote any.
   */
  async send(
    chatId: string,
    message: OutboundMessage,
    context: SendContext = {},
  ): Promise<SendResult> {
    try {
      const sent = await this.deliver(this.deliveryApi, this.continuationApi, chatId, message, {
        ...(context.replyTo ? { replyTo: Number(context.replyTo) } : {}),
      });
      return inParts(sent.kept === undefined ? undefined : String(sent.kept), sent.ids.map(String));
    } catch (error) {
      throw toDeliveryError(error, this.secrets);
    }
  }

  /**
   * The text (in parts when long), then the files replying to the card or to the text. A short
   * text of a message with files is the first file's caption instead of a message of its own.
   * Returns the id a reply quotes (`kept`: the text's last part, else the first file's message)
   * and every message sent, in order.
   */
  private async deliver(
    first: Api,
    continuation: Api,
    chatId: string,
    message: OutboundMessage,
    options: { readonly replyTo?: number; readonly keyboard?: KeyboardKind },
  ): Promise<{ kept: number | undefined; ids: number[] }> {
    const files = message.files ?? [];
    if (files.length === 0) {
      const ids = await this.sendText(first, continuation, chatId, message, options.keyboard);
      return { kept: ids.at(-1), ids };
    }
    const plain = toPlainText(message.text);
    const asCaption =
      !message.choices?.length &&
      !message.input &&
      // Room for a document's own caption line under it.
      Array.from(plain).length <= CAPTION_LIMIT - 200;
    const ids =
      !asCaption && plain.trim() !== ""
        ? await this.sendText(first, continuation, chatId, message, options.keyboard)
        : [];
    const textId = ids.at(-1);
    const replyTo = options.replyTo ?? textId;
    const caption = asCaption && plain.trim() !== "" ? toTelegramHtml(message.text) : undefined;
    const fileIds = await this.fileSender.send(
      textId === undefined ? first : continuation,
      continuation,
      chatId,
      files,
      { ...(caption ? { caption } : {}), ...(replyTo ? { replyTo } : {}) },
    );
    ids.push(...fileIds);
    return { kept: textId ?? fileIds[0], ids };
  }

  /** The message's text, in as many parts as it takes; their ids, the last with the buttons. */
  private async sendText(
    first: Api,
    continuation: Api,
    chatId: string,
    message: OutboundMessage,
    keyboard: KeyboardKind | undefined,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (const [index, { text, ...rendered }] of renderMessages(message, keyboard).entries()) {
      const api = index === 0 ? first : continuation;
      ids.push((await api.sendMessage(chatId, text, rendered)).message_id);
    }
    return ids;
  }

  async edit(
    chatId: string,
    platformMessageId: string,
    message: OutboundMessage,
  ): Promise<SendResult> {
    const { text, reply_markup, ...options } = renderEdit(message);
    const keyboard =
      reply_markup && "inline_keyboard" in reply_markup ? reply_markup : { inline_keyboard: [] };
    try {
      await this.deliveryApi.editMessageText(chatId, Number(platformMessageId), text, {
        ...options,
        reply_markup: keyboard,
      });
    } catch (error) {
      // Nothing changed on the card since it was last drawn: that is a success.
      if (error instanceof GrammyError && error.description.includes("message is not modified")) {
        return { platformMessageId };
      }
      throw toDeliveryError(error, this.secrets);
    }
    return { platformMessageId };
  }

  private async onUpdate(ctx: Context): Promise<void> {
    const read = toInbound(ctx, this.fetchFile, this.staffChats);
    if (!read || !this.handler) return;
    const text = ctx.message?.text;
    // A key of a keyboard already replaced answers nothing: it goes in as a stale button.
    const inbound =
      !read.group &&
      text !== undefined &&
      this.keyboards.isStale(read.chatId, ctx.message?.message_id ?? 0, text)
        ? { ...read, content: { kind: "choice" as const, value: STALE_KEY } }
        : read;
    // Inline buttons are on staff cards and on messages sent later (the answers to a person's
    // own messages use the reply keyboard). A card keeps its buttons until the report changes
    // (it is redrawn then); a private message loses them, so it cannot be answered twice.
    // Acknowledged while the press is handled, before the answer is sent, so the chat reads in
    // order.
    const acknowledged = !ctx.callbackQuery
      ? undefined
      : inbound.group
        ? ctx.answerCallbackQuery().then(
            () => undefined,
            () => undefined,
          )
        : this.acknowledgePress(ctx);
    const replies = await this.handler.handle(inbound);
    await acknowledged;
    for (const reply of replies) {
      const { kept: sent } = await this.deliver(ctx.api, ctx.api, inbound.chatId, reply, {
        keyboard: inbound.group ? "inline" : "reply",
      });
      // The last part carries the reply markup: it is the message the answer quotes.
      if (isTracked(reply) && sent) await this.handler.shown?.(inbound, String(sent), reply);
      if (!inbound.group && sent !== undefined && (reply.input || reply.choices?.length)) {
        const keys = reply.input?.kind === "dismiss" ? [] : flattenChoices(reply);
        this.keyboards.shown(
          inbound.chatId,
          sent,
          keys.map((choice) => choice.label),
        );
      }
    }
  }

  private logUpdateError(error: unknown, update: Update): void {
    this.options.logger.error(
      {
        err: error,
        traceId: traceIdOf({ channel: this.channel, messageId: String(update.update_id) }),
      },
      "failed to handle a Telegram update",
    );
  }

  /**
   * Answers the button press and takes the buttons away, noting the choice under the question,
   * so the same keyboard cannot be pressed twice by mistake.
   */
  private async acknowledgePress(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    const quiet = (error: unknown) => {
      this.options.logger.debug({ err: error }, "could not acknowledge a button press");
    };
    const answered = ctx.answerCallbackQuery().catch(quiet);
    const message = query.message;
    if (!message || !("text" in message) || message.text === undefined) {
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(quiet);
      await answered;
      return;
    }
    const pressed = message.reply_markup?.inline_keyboard
      .flat()
      .find((button) => "callback_data" in button && button.callback_data === query.data);
    await ctx
      .editMessageText(pressed ? `${message.text}\n\n✅ ${pressed.text}` : message.text, {
        ...(message.entities ? { entities: message.entities } : {}),
        reply_markup: { inline_keyboard: [] },
      })
      .catch(quiet);
    await answered;
  }
}
