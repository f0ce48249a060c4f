import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pendingNotice } from "./privacy-consent.js";
import { eventually } from "./wait.js";

/** A message the bot sent, as the fake keeps it (text is Telegram HTML, as sent). */
export interface SentMessage {
  message_id: number;
  chat: { id: number; type: "private" | "group" | "supergroup" };
  date: number;
  /** The text, or a photo's or document's caption ("" without one). */
  text: string;
  /** A photo or document the bot sent: what Telegram received, bytes included. */
  media?: SentMedia;
  /** The message this one replies to (reply_parameters.message_id). */
  replyTo?: number;
  photo?: { file_id: string; file_unique_id: string; width: number; height: number }[];
  document?: { file_id: string; file_unique_id: string; file_name?: string; file_size: number };
  reply_markup?: {
    inline_keyboard?: { text: string; callback_data?: string }[][];
    keyboard?: { text: string; request_location?: boolean }[][];
    remove_keyboard?: boolean;
    force_reply?: boolean;
  };
}

export interface SentMedia {
  readonly kind: "photo" | "document";
  readonly bytes: Buffer;
  readonly fileName?: string;
  readonly fileId: string;
  /** Whether the bot uploaded the bytes (false: it sent a file_id it held). */
  readonly uploaded: boolean;
}

/** A file in a multipart upload, as grammY sends InputFile. */
interface Upload {
  readonly upload: Buffer;
  readonly filename?: string;
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

interface Failure {
  method: string;
  status: number;
  description: string;
  retryAfter?: number;
  /** Only calls whose payload matches fail. */
  when?: (payload: Record<string, unknown>) => boolean;
}

type Json = Record<string, unknown>;

/** Telegram's published sending limits, which the fake can enforce. */
export interface SendLimits {
  /** Messages per second across all chats (Telegram: about 30). */
  perBotPerSecond: number;
  /** Messages per second to one private chat (Telegram: 1). */
  perChatPerSecond: number;
  /** Messages per minute to one group (Telegram: 20). */
  perGroupPerMinute: number;
}

export const TELEGRAM_LIMITS: SendLimits = {
  perBotPerSecond: 30,
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
};

/** What a user sees of an HTML message: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * A Telegram Bot API server over real HTTP for tests: the real grammY bot talks to it through
 * TELEGRAM_API_ROOT. It answers the methods the bot uses, records every call, serves files,
 * can fail calls the way Telegram does (429 with retry_after, 5xx, 403), can enforce Telegram's
 * sending limits, and can deliver an update twice.
 */
export class FakeTelegram {
  readonly token: string;
  readonly bot = { id: 123456789, is_bot: true, first_name: "Aduan", username: "aduan_test_bot" };
  readonly calls: ApiCall[] = [];
  readonly sent: SentMessage[] = [];
  private server?: Server;
  private updates: Json[] = [];
  private redeliveries: Json[] = [];
  private nextUpdateId = 1;
  /** One rising sequence for every message, the bot's and the people's, as a bot sees them. */
  private nextMessageId = 1;
  private waiters: (() => void)[] = [];
  private failures: Failure[] = [];
  private hangs: Required<Pick<Failure, "method" | "when">>[] = [];
  private files = new Map<string, { path: string; bytes: Buffer }>();
  private limits?: SendLimits;
  private sendTimes: number[] = [];
  private chatSendTimes = new Map<number, number[]>();
  /** 429 answers the fake gave because a limit was exceeded (not injected failures). */
  tooManyRequests = 0;
  /** performance.now() when each update (by id) was first handed to the bot by getUpdates. */
  readonly handedOutAt = new Map<number, number>();
  /** performance.now() when each message (by message_id) reached the fake. */
  readonly receivedAt = new Map<number, number>();
  /** Called with every message the bot sends, as it arrives. */
  onMessage?: (message: SentMessage) => void;
  private readonly sentByChat = new Map<number, SentMessage[]>();
  /**
   * Endpoints registered with setWebhook. Telegram keeps one per bot; the fake keeps each bot
   * process's, standing in for the load balancer that would spread one URL over them.
   */
  private webhooks: { url: string; secret: string }[] = [];
  private nextWebhook = 0;
  /** Per chat, the delivery in flight: a chat's updates are posted one after another. */
  private chatDeliveries = new Map<number, Promise<void>>();

  /** `token`: the one bot token it accepts (the benchmark's reference bots have fixed ones). */
  constructor(options: { readonly token?: string } = {}) {
    this.token = options.token ?? `123456789:${randomBytes(18).toString("hex")}`;
  }

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the fake Telegram server is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.route(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.wake();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** Queues an update for getUpdates; `twice` delivers the same update id again later. */
  pushUpdate(update: Json, options: { twice?: boolean } = {}): number {
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.webhooks.length > 0) {
      this.postToWebhook(full);
      if (options.twice) this.postToWebhook(full);
      return full.update_id;
    }
    this.updates.push(full);
    if (options.twice) this.redeliveries.push(full);
    this.wake();
    return full.update_id;
  }

  /**
   * Posts an update to the next registered endpoint, after the chat's previous update was
   * answered, retrying while the endpoint fails, as Telegram does.
   */
  private postToWebhook(update: Json): void {
    const chatId = chatOf(update);
    const previous = this.chatDeliveries.get(chatId) ?? Promise.resolve();
    const delivery = previous.then(async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const webhook = this.webhooks[this.nextWebhook++ % this.webhooks.length];
        if (!webhook) return;
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": webhook.secret,
          },
          body: JSON.stringify(update),
        }).catch(() => undefined);
        if (response?.ok) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    this.chatDeliveries.set(chatId, delivery);
  }

  /** Makes the next call(s) of `method` fail like Telegram does. */
  failNext(method: string, failure: Omit<Failure, "method">, times = 1): void {
    for (let index = 0; index < times; index++) this.failures.push({ method, ...failure });
  }

  /**
   * The next matching call of `method` never reaches "Telegram": it is neither performed nor
   * answered, as when the bot dies while sending it.
   */
  hangNext(method: string, when: (payload: Record<string, unknown>) => boolean): void {
    this.hangs.push({ method, when });
  }

  /** From now on, answers sendMessage calls beyond Telegram's limits with 429 and retry_after. */
  enforceLimits(limits: SendLimits = TELEGRAM_LIMITS): void {
    this.limits = limits;
  }

  /** Seconds to wait when this send would exceed a limit; records the send otherwise. */
  private limitExceeded(chatId: number): number | undefined {
    const limits = this.limits;
    if (!limits) return undefined;
    const now = Date.now();
    this.sendTimes = this.sendTimes.filter((time) => time > now - 1000);
    const group = chatId < 0;
    const windowMs = group ? 60_000 : 1000;
    const allowed = group ? limits.perGroupPerMinute : limits.perChatPerSecond;
    const chatTimes = (this.chatSendTimes.get(chatId) ?? []).filter(
      (time) => time > now - windowMs,
    );
    const waitFor = (times: number[], window: number) =>
      Math.max(1, Math.ceil(((times[0] ?? now) + window - now) / 1000));
    if (this.sendTimes.length >= limits.perBotPerSecond) return waitFor(this.sendTimes, 1000);
    if (chatTimes.length >= allowed) return waitFor(chatTimes, windowMs);
    this.sendTimes.push(now);
    this.chatSendTimes.set(chatId, [...chatTimes, now]);
    return undefined;
  }

  /** Registers a file a user "uploaded"; returns its file_id. */
  addFile(bytes: Buffer, extension: string): string {
    const fileId = `file-${randomBytes(6).toString("hex")}`;
    this.files.set(fileId, { path: `photos/${fileId}.${extension}`, bytes });
    return fileId;
  }

  /** Forgets a file, as Telegram does after a while. */
  expireFile(fileId: string): void {
    this.files.delete(fileId);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  messagesTo(chatId: number): readonly SentMessage[] {
    return this.sentByChat.get(chatId) ?? [];
  }

  citizen(id: number, firstName = `Warga${id}`): TelegramCitizen {
    return new TelegramCitizen(this, {
      id,
      is_bot: false,
      first_name: firstName,
      username: `warga${id}`,
      language_code: "id",
    });
  }

  /** The id of a message someone writes now. */
  newMessageId(): number {
    return this.nextMessageId++;
  }

  /** The same person writing in a group chat (a staff group) instead of privately. */
  inGroup(person: TelegramCitizen, groupId: number, title = "Meja Aduan"): TelegramCitizen {
    return new TelegramCitizen(this, person.user, { id: groupId, type: "supergroup", title });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const entry = [...this.files.values()].find((candidate) => candidate.path === file[2]);
      if (file[1] !== this.token || !entry) {
        response.writeHead(404).end("Not Found");
        return;
      }
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(entry.bytes);
      return;
    }
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const contentType = request.headers["content-type"] ?? "";
    const body = contentType.startsWith("multipart/form-data")
      ? parseMultipart(raw, contentType)
      : chunks.length > 0
        ? (JSON.parse(raw.toString("utf8")) as Json)
        : {};
    const reply = (status: number, json: Json) => {
      if (!response.headersSent)
        response
          .writeHead(status, { "content-type": "application/json" })
          .end(JSON.stringify(json));
    };
    if (!call || call[1] !== this.token) {
      reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const method = call[2] ?? "";
    this.calls.push({ method, payload: body });
    const hangIndex = this.hangs.findIndex((hang) => hang.method === method && hang.when(body));
    if (hangIndex >= 0) {
      this.hangs.splice(hangIndex, 1);
      return;
    }
    const failureIndex = this.failures.findIndex(
      (failure) => failure.method === method && (failure.when?.(body) ?? true),
    );
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      if (failure) {
        reply(failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description,
          ...(failure.retryAfter !== undefined
            ? { parameters: { retry_after: failure.retryAfter } }
            : {}),
        });
        return;
      }
    }
    const retryAfter =
      method === "sendMessage" ? this.limitExceeded(Number(body.chat_id)) : undefined;
    if (retryAfter !== undefined) {
      this.tooManyRequests++;
      reply(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
      return;
    }
    try {
      const result = await this.answer(method, body, request);
      reply(200, { ok: true, result });
    } catch (error) {
      const [status, description] =
        error instanceof ApiFailure ? [error.status, error.message] : [500, String(error)];
      reply(status, { ok: false, error_code: status, description });
    }
  }

  private async answer(method: string, body: Json, request: IncomingMessage): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.bot;
      case "setWebhook":
        this.webhooks = [
          ...this.webhooks.filter((webhook) => webhook.url !== body.url),
          {
            url: String(body.url),
            secret: typeof body.secret_token === "string" ? body.secret_token : "",
          },
        ];
        return true;
      case "deleteWebhook":
        this.webhooks = [];
        return true;
      case "setMyCommands":
      case "deleteMyCommands":
      case "answerCallbackQuery":
        return true;
      case "getUpdates":
        return this.getUpdates(body, request);
      case "sendMessage": {
        checkText(body.text, body.parse_mode === "HTML");
        const message: SentMessage = {
          message_id: this.nextMessageId++,
          chat: {
            id: Number(body.chat_id),
            type: Number(body.chat_id) < 0 ? "supergroup" : "private",
          },
          date: Math.floor(Date.now() / 1000),
          text: String(body.text),
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
        this.record(message);
        return message;
      }
      case "sendPhoto":
      case "sendDocument": {
        const kind = method === "sendPhoto" ? "photo" : "document";
        return this.sendFile(body, kind, body[kind], body.caption);
      }
      case "sendMediaGroup": {
        const items = body.media as Json[] | undefined;
        if (!Array.isArray(items) || items.length < 2 || items.length > 10)
          throw new ApiFailure(400, "Bad Request: wrong number of media in the album");
        const kinds = new Set(items.map((item) => item.type));
        if (kinds.size !== 1 || !(kinds.has("photo") || kinds.has("document")))
          throw new ApiFailure(400, "Bad Request: an album holds photos or documents only");
        return items.map((item) =>
          this.sendFile(
            body,
            item.type === "photo" ? "photo" : "document",
            item.media,
            item.caption,
          ),
        );
      }
      case "editMessageText":
      case "editMessageReplyMarkup": {
        const message = this.messagesTo(Number(body.chat_id)).find(
          (candidate) => candidate.message_id === Number(body.message_id),
        );
        if (!message) throw new ApiFailure(400, "Bad Request: message to edit not found");
        if (method === "editMessageText") checkText(body.text, body.parse_mode === "HTML");
        if (typeof body.text === "string") message.text = body.text;
        message.reply_markup = body.reply_markup as SentMessage["reply_markup"];
        return message;
      }
      case "getFile": {
        const entry = this.files.get(String(body.file_id));
        if (!entry) throw new ApiFailure(400, "Bad Request: invalid file_id");
        return {
          file_id: body.file_id,
          file_unique_id: body.file_id,
          file_size: entry.bytes.length,
          file_path: entry.path,
        };
      }
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  /** A photo or document arriving: uploaded bytes, or a file_id Telegram already holds. */
  private sendFile(
    body: Json,
    kind: "photo" | "document",
    media: unknown,
    caption: unknown,
  ): SentMessage {
    let bytes: Buffer;
    let fileName: string | undefined;
    let fileId: string;
    const uploaded = typeof media === "object" && media !== null && "upload" in media;
    if (uploaded) {
      const upload = media as Upload;
      bytes = upload.upload;
      fileName = upload.filename;
      fileId = this.addFile(bytes, fileName?.split(".").pop() ?? "bin");
    } else {
      const known = this.files.get(String(media));
      if (!known)
        throw new ApiFailure(400, "Bad Request: wrong file identifier/HTTP URL specified");
      bytes = known.bytes;
      fileId = String(media);
    }
    if (bytes.length > (kind === "photo" ? 10 : 50) * 1024 * 1024)
      throw new ApiFailure(400, "Bad Request: file is too big");
    const chatId = Number(body.chat_id);
    const reply = body.reply_parameters as { message_id?: number } | undefined;
    const message: SentMessage = {
      message_id: this.nextMessageId++,
      chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" },
      date: Math.floor(Date.now() / 1000),
      text: typeof caption === "string" ? caption : "",
      media: { kind, bytes, fileId, uploaded, ...(fileName ? { fileName } : {}) },
      ...(reply?.message_id ? { replyTo: reply.message_id } : {}),
      ...(kind === "photo"
        ? { photo: [{ file_id: fileId, file_unique_id: fileId, width: 8, height: 4 }] }
        : {
            document: {
              file_id: fileId,
              file_unique_id: fileId,
              file_size: bytes.length,
              ...(fileName ? { file_name: fileName } : {}),
            },
          }),
    };
    this.record(message);
    return message;
  }

  private record(message: SentMessage): void {
    this.sent.push(message);
    const chat = this.sentByChat.get(message.chat.id);
    if (chat) chat.push(message);
    else this.sentByChat.set(message.chat.id, [message]);
    this.receivedAt.set(message.message_id, performance.now());
    this.onMessage?.(message);
  }

  /** The photos and documents the bot sent to a chat, in order. */
  mediaTo(chatId: number): SentMedia[] {
    return this.messagesTo(chatId).flatMap((message) => (message.media ? [message.media] : []));
  }

  private async getUpdates(body: Json, request: IncomingMessage): Promise<Json[]> {
    const offset = Number(body.offset ?? 0);
    const timeoutMs = Math.min(Number(body.timeout ?? 0), 30) * 1000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.updates = this.updates.filter((update) => Number(update.update_id) >= offset);
      const batch = [
        ...this.updates,
        ...this.redeliveries.filter((update) => Number(update.update_id) < offset),
      ];
      // The request itself is already destroyed once its body is read; the socket tells
      // whether the bot still waits.
      if (batch.length > 0 || Date.now() >= deadline || request.socket.destroyed) {
        this.redeliveries = this.redeliveries.filter((update) => !batch.includes(update));
        const handedOut = batch.slice(0, Number(body.limit ?? 100));
        const now = performance.now();
        for (const update of handedOut) {
          const id = Number(update.update_id);
          if (!this.handedOutAt.has(id)) this.handedOutAt.set(id, now);
        }
        return handedOut;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          request.socket.off("close", done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        request.socket.once("close", done);
        this.waiters.push(done);
      });
    }
  }
}

function buttonOf(message: SentMessage, label: string) {
  return message.reply_markup?.inline_keyboard
    ?.flat()
    .find((candidate) => candidate.text.includes(label));
}

/**
 * The reply keyboard on the chat's screen: the newest message that set or removed one decides
 * (a message with inline buttons or none leaves it). One-time keyboards hide after a press, but
 * the app keeps them a tap away until replaced, so they stay here.
 */
export function replyKeyboardOf(messages: readonly SentMessage[]): SentMessage | undefined {
  const last = messages.findLast(
    (message) => message.reply_markup?.keyboard ?? message.reply_markup?.remove_keyboard,
  );
  return last?.reply_markup?.keyboard ? last : undefined;
}

function keyOf(message: SentMessage, label: string) {
  return message.reply_markup?.keyboard
    ?.flat()
    .find((candidate) => !candidate.request_location && candidate.text.includes(label));
}

/** The chat an update belongs to: a message's, or the chat of a pressed button's message. */
function chatOf(update: Json): number {
  const message = (update.message ?? (update.callback_query as Json | undefined)?.message) as
    { chat?: { id?: number } } | undefined;
  return message?.chat?.id ?? 0;
}

/**
 * Refuses a text as Telegram does: empty, longer than 4,096 characters after entity parsing
 * (tags are free; Telegram counts Unicode code points, so an emoji is one), HTML it cannot
 * parse, or strings that are not valid UTF-8 (a lone surrogate).
 */
function checkText(text: unknown, html: boolean): void {
  const raw = typeof text === "string" ? text : "";
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(raw))
    throw new ApiFailure(400, "Bad Request: strings must be encoded in UTF-8");
  const open: string[] = [];
  for (const [, closing, name] of html ? raw.matchAll(/<(\/?)([a-z]+)[^>]*>/g) : []) {
    if (!closing) open.push(name ?? "");
    else if (open.pop() !== name)
      throw new ApiFailure(400, `Bad Request: can't parse entities: unmatched end tag ${name}`);
  }
  if (open.length > 0)
    throw new ApiFailure(400, "Bad Request: can't parse entities: unclosed start tag");
  const visible = html ? visibleText(raw) : raw;
  if (visible.trim() === "") throw new ApiFailure(400, "Bad Request: message text is empty");
  if (Array.from(visible).length > 4096)
    throw new ApiFailure(400, "Bad Request: message is too long");
}

/**
 * A multipart/form-data body as grammY sends one with files: fields (objects as JSON) and file
 * parts, which fields name as `attach://<part>`; those become `{ upload, filename }`.
 */
function parseMultipart(raw: Buffer, contentType: string): Json {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new ApiFailure(400, "Bad Request: multipart without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  const uploads = new Map<string, Upload>();
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length + 2;
    const end = raw.indexOf(delimiter, partStart);
    if (end < 0) break;
    const part = raw.subarray(partStart, end - 2);
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const value = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? "";
    const filename = /filename="?([^"\r\n;]+)"?/.exec(headers)?.[1];
    if (filename !== undefined) uploads.set(name, { upload: Buffer.from(value), filename });
    else fields.set(name, value.toString("utf8"));
    start = end;
  }
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string" && value.startsWith("attach://"))
      return uploads.get(value.slice("attach://".length)) ?? value;
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    return value;
  };
  const body: Json = {};
  for (const [name, value] of fields) {
    let parsed: unknown = value;
    if (/^[[{]/.test(value)) {
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = value;
      }
    }
    body[name] = resolve(parsed);
  }
  return body;
}

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A citizen in a private chat with the bot, on the fake server. */
export class TelegramCitizen {
  private read = 0;
  /** Accepts the privacy notice while waiting for something else (see privacy-consent.ts). */
  agreesToPrivacyNotice = true;
  private noticesSeen = 0;

  constructor(
    private readonly fake: FakeTelegram,
    readonly user: {
      id: number;
      is_bot: false;
      first_name: string;
      username: string;
      language_code: string;
    },
    private readonly group?: { id: number; type: "supergroup"; title: string },
  ) {}

  private get chat() {
    return (
      this.group ?? { id: this.user.id, type: "private" as const, first_name: this.user.first_name }
    );
  }

  /** Replies (Telegram's reply) to a message the bot sent in this chat. */
  reply(to: SentMessage, text: string): number {
    return this.fake.pushUpdate({
      message: this.message({
        text,
        reply_to_message: { ...to, from: this.fake.bot },
      }),
    });
  }

  private message(extra: Json): Json {
    return {
      message_id: this.fake.newMessageId(),
      date: Math.floor(Date.now() / 1000),
      chat: this.chat,
      from: this.user,
      ...extra,
    };
  }

  send(text: string, options: { twice?: boolean } = {}): number {
    const entities = text.startsWith("/")
      ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }]
      : undefined;
    return this.fake.pushUpdate(
      { message: this.message({ text, ...(entities ? { entities } : {}) }) },
      options,
    );
  }

  shareLocation(latitude: number, longitude: number): number {
    return this.fake.pushUpdate({ message: this.message({ location: { latitude, longitude } }) });
  }

  /** Shares a place picked on the map: Telegram sends its pin with the venue's name. */
  shareVenue(latitude: number, longitude: number, title: string, address: string): number {
    const location = { latitude, longitude };
    return this.fake.pushUpdate({
      message: this.message({ location, venue: { location, title, address } }),
    });
  }

  /** Sends a photo, with a caption (a command such as `/balas <kode> …`) or as a reply. */
  sendPhoto(bytes: Buffer, options: { caption?: string; replyTo?: SentMessage } = {}): string {
    const fileId = this.fake.addFile(bytes, "jpg");
    const caption = options.caption;
    this.fake.pushUpdate({
      message: this.message({
        ...(caption
          ? {
              caption,
              ...(caption.startsWith("/")
                ? {
                    caption_entities: [
                      {
                        type: "bot_command",
                        offset: 0,
                        length: caption.split(" ")[0]?.length ?? 0,
                      },
                    ],
                  }
                : {}),
            }
          : {}),
        ...(options.replyTo
          ? { reply_to_message: { ...options.replyTo, from: this.fake.bot } }
          : {}),
        photo: [
          { file_id: `${fileId}-thumb`, file_unique_id: "t", width: 90, height: 90, file_size: 10 },
          {
            file_id: fileId,
            file_unique_id: fileId,
            width: 800,
            height: 600,
            file_size: bytes.length,
          },
        ],
      }),
    });
    return fileId;
  }

  sendDocument(bytes: Buffer, fileName: string, mimeType: string): string {
    const fileId = this.fake.addFile(bytes, fileName.split(".").pop() ?? "bin");
    this.fake.pushUpdate({
      message: this.message({
        document: {
          file_id: fileId,
          file_unique_id: fileId,
          file_name: fileName,
          mime_type: mimeType,
          file_size: bytes.length,
        },
      }),
    });
    return fileId;
  }

  sendSticker(): number {
    return this.fake.pushUpdate({
      message: this.message({
        sticker: {
          file_id: "s",
          file_unique_id: "s",
          type: "regular",
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      }),
    });
  }

  /**
   * Presses the button with this label: on the reply keyboard showing, else the inline button
   * on the newest message that has it.
   */
  press(label: string, options: { twice?: boolean } = {}): number {
    const messages = this.fake.messagesTo(this.chat.id);
    const keyboard = replyKeyboardOf(messages);
    if (keyboard && keyOf(keyboard, label)) return this.pressOn(keyboard, label, options);
    for (let index = messages.length - 1; index >= 0; index--) {
      const message = messages[index];
      if (message && buttonOf(message, label)) return this.pressOn(message, label, options);
    }
    throw new Error(`no button '${label}' for ${this.user.id}:\n${this.texts().join("\n---\n")}`);
  }

  /**
   * Presses the button with this label on one particular message: an inline button, or a key
   * of the reply keyboard it brought, which must still be the one showing.
   */
  pressOn(message: SentMessage, label: string, options: { twice?: boolean } = {}): number {
    const key = keyOf(message, label);
    if (key) {
      if (replyKeyboardOf(this.fake.messagesTo(this.chat.id)) !== message) {
        throw new Error(`the keyboard with '${label}' of ${message.text} is no longer showing`);
      }
      return this.send(key.text, options);
    }
    const button = buttonOf(message, label);
    if (!button?.callback_data) throw new Error(`no button '${label}' on ${message.text}`);
    return this.fake.pushUpdate(
      {
        callback_query: {
          id: randomBytes(8).toString("hex"),
          from: this.user,
          chat_instance: "ci",
          data: button.callback_data,
          message: { ...message, from: this.fake.bot },
        },
      },
      options,
    );
  }

  /** Every message the bot sent this citizen, as the citizen sees it. */
  texts(): string[] {
    return this.fake.messagesTo(this.chat.id).map((message) => visibleText(message.text));
  }

  private agreeToNotice(messages: readonly SentMessage[]): void {
    if (!this.agreesToPrivacyNotice) return;
    const visible = messages.map((message) => visibleText(message.text));
    const notice = pendingNotice(visible, Math.max(this.read, this.noticesSeen));
    const message = notice ? messages[notice.index] : undefined;
    if (!notice || !message) return;
    this.noticesSeen = notice.index + 1;
    this.pressOn(message, notice.label);
  }

  /** Waits for a new message containing `text` and returns it; later waits look after it. */
  async expect(text: string | RegExp, timeoutMs = 15_000): Promise<SentMessage> {
    const found = await eventually(
      () => {
        const messages = this.fake.messagesTo(this.chat.id);
        for (let index = this.read; index < messages.length; index++) {
          const message = messages[index];
          const visible = message ? visibleText(message.text) : "";
          if (message && (typeof text === "string" ? visible.includes(text) : text.test(visible))) {
            return { message, index };
          }
        }
        this.agreeToNotice(messages);
        return undefined;
      },
      {
        timeoutMs,
        what: () =>
          `'${String(text)}' for ${this.user.id} in chat ${this.chat.id}; got:\n${this.texts().slice(this.read).join("\n---\n")}`,
      },
    );
    this.read = found.index + 1;
    return found.message;
  }
}
