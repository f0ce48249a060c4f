import { EventEmitter } from "node:events";
import type {
  WhatsAppClient,
  WhatsAppClientEvents,
  WhatsAppMedia,
  WhatsAppMediaOptions,
  WhatsAppMessage,
} from "../../src/channels/whatsapp/transport.js";
import { pendingNotice } from "./privacy-consent.js";
import { eventually } from "./wait.js";

export interface SentText {
  readonly chatId: string;
  /** The text, or a file's caption. */
  readonly text: string;
  readonly id: string;
  /** A photo or file the bot sent, with the bytes WhatsApp received. */
  readonly media?: {
    readonly mimetype: string;
    readonly bytes: Buffer;
    readonly filename?: string;
    readonly asDocument: boolean;
    readonly quotedMessageId?: string;
  };
}

type Failure = { readonly error: Error; readonly when: (chatId: string, text: string) => boolean };

/**
 * WhatsApp as whatsapp-web.js shows it to the channel: clients that emit `qr`,
 * `authenticated`, `ready`, `message`, `disconnected` and `auth_failure`, messages in the
 * library's shape, and a phone that keeps what citizens send while no client is connected
 * and delivers it on the next `ready`, as WhatsApp does.
 */
export class FakeWhatsApp {
  readonly clients: FakeWhatsAppClient[] = [];
  readonly sent: SentText[] = [];
  /** Whether a device is linked: a new client is then ready without a QR code. */
  linked = false;
  private readonly waiting: WhatsAppMessage[] = [];
  private readonly failures: Failure[] = [];
  private readonly initializeFailures: Error[] = [];
  private sequence = 0;

  readonly createClient = (): WhatsAppClient => {
    const client = new FakeWhatsAppClient(this);
    this.clients.push(client);
    return client;
  };

  get current(): FakeWhatsAppClient | undefined {
    return this.clients.at(-1);
  }

  /** The operator scans the QR code shown by the current client. */
  scanQr(): void {
    const client = this.current;
    if (client?.state !== "waiting_for_login") throw new Error("no QR code is shown");
    this.linked = true;
    client.becomeReady();
  }

  /** WhatsApp drops the session; like the library, the client destroys itself. */
  disconnect(reason = "CONFLICT"): void {
    const client = this.current;
    if (!client) throw new Error("no client");
    client.state = "destroyed";
    client.emit("disconnected", reason);
  }

  failNextInitialize(error: Error): void {
    this.initializeFailures.push(error);
  }

  failNextSend(error: Error, when: Failure["when"] = () => true): void {
    this.failures.push({ error, when });
  }

  citizen(phone: string, name = `Warga ${phone}`): FakeCitizen {
    return new FakeCitizen(this, `${phone}@c.us`, name);
  }

  /** The same person writing in a group (`from` is the group, `author` the person). */
  inGroup(person: FakeCitizen, groupId: string): FakeCitizen {
    return new FakeCitizen(this, person.chatId, person.name, groupId);
  }

  /** A message reaches WhatsApp: delivered now if a client is ready, else when one is. */
  deliver(message: WhatsAppMessage): void {
    const client = this.current;
    if (client?.state === "ready") client.emit("message", message);
    else this.waiting.push(message);
  }

  nextId(): string {
    return String(++this.sequence);
  }

  /** The photos and files the bot sent to this chat, in order. */
  mediaTo(chatId: string): NonNullable<SentText["media"]>[] {
    return this.sent.flatMap((sent) => (sent.chatId === chatId && sent.media ? [sent.media] : []));
  }

  textsTo(chatId: string): string[] {
    return this.sentTo(chatId).map((sent) => sent.text);
  }

  sentTo(chatId: string): SentText[] {
    return this.sent.filter((sent) => sent.chatId === chatId);
  }

  /** @internal */
  takeInitializeFailure(): Error | undefined {
    return this.initializeFailures.shift();
  }

  /** @internal */
  takeSendFailure(chatId: string, text: string): Error | undefined {
    const index = this.failures.findIndex((failure) => failure.when(chatId, text));
    return index < 0 ? undefined : this.failures.splice(index, 1)[0]?.error;
  }

  /** @internal */
  flushWaiting(client: FakeWhatsAppClient): void {
    for (const message of this.waiting.splice(0)) client.emit("message", message);
  }
}

export class FakeWhatsAppClient implements WhatsAppClient {
  state: "new" | "waiting_for_login" | "ready" | "failed" | "destroyed" = "new";
  destroyCalls = 0;
  private readonly events = new EventEmitter();

  constructor(private readonly world: FakeWhatsApp) {}

  on<E extends keyof WhatsAppClientEvents>(
    event: E,
    listener: (...args: WhatsAppClientEvents[E]) => void,
  ): void {
    this.events.on(event, listener as (...args: unknown[]) => void);
  }

  emit<E extends keyof WhatsAppClientEvents>(event: E, ...args: WhatsAppClientEvents[E]): void {
    this.events.emit(event, ...args);
  }

  async initialize(): Promise<void> {
    const failure = this.world.takeInitializeFailure();
    if (failure) {
      this.state = "failed";
      throw failure;
    }
    setImmediate(() => {
      if (this.state !== "new") return;
      if (this.world.linked) {
        this.becomeReady();
        return;
      }
      this.state = "waiting_for_login";
      this.emit("qr", `2@fake-qr-${this.world.nextId()}`);
    });
  }

  becomeReady(): void {
    this.emit("authenticated");
    this.state = "ready";
    this.emit("ready");
    this.world.flushWaiting(this);
  }

  async destroy(): Promise<void> {
    this.destroyCalls += 1;
    this.state = "destroyed";
  }

  async sendText(chatId: string, text: string): Promise<string> {
    // What puppeteer says when the page behind a client is gone.
    if (this.state !== "ready") throw new Error("Protocol error: Session closed.");
    const failure = this.world.takeSendFailure(chatId, text);
    if (failure) throw failure;
    const id = `true_${chatId}_${this.world.nextId()}`;
    this.world.sent.push({ chatId, text, id });
    return id;
  }

  async sendMedia(
    chatId: string,
    media: WhatsAppMedia,
    options: WhatsAppMediaOptions,
  ): Promise<string> {
    if (this.state !== "ready") throw new Error("Protocol error: Session closed.");
    const caption = options.caption ?? "";
    const failure = this.world.takeSendFailure(chatId, caption);
    if (failure) throw failure;
    const id = `true_${chatId}_${this.world.nextId()}`;
    this.world.sent.push({
      chatId,
      text: caption,
      id,
      media: {
        mimetype: media.mimetype,
        bytes: Buffer.from(media.data, "base64"),
        ...(media.filename ? { filename: media.filename } : {}),
        asDocument: options.asDocument,
        ...(options.quotedMessageId ? { quotedMessageId: options.quotedMessageId } : {}),
      },
    });
    return id;
  }
}

interface MessageFields {
  readonly type: string;
  readonly body?: string;
  readonly from?: string;
  readonly isStatus?: boolean;
  readonly broadcast?: boolean;
  readonly media?: WhatsAppMedia | "expired";
  readonly fileName?: string;
  readonly location?: { latitude: number; longitude: number };
  /** The id of the message this one replies to. */
  readonly quotedMessageId?: string;
}

/** A person chatting with the bot from their phone. */
export class FakeCitizen {
  private read = 0;
  /** Accepts the privacy notice while waiting for something else (see privacy-consent.ts). */
  agreesToPrivacyNotice = true;
  private noticesSeen = 0;

  constructor(
    private readonly world: FakeWhatsApp,
    /** The person's own chat id, which is also their account. */
    readonly chatId: string,
    readonly name: string,
    /** Set when this is the person writing in a group: messages come from it, answers go there. */
    readonly groupId?: string,
  ) {}

  /** Where this person reads and writes: their private chat, or the group. */
  get chat(): string {
    return this.groupId ?? this.chatId;
  }

  message(fields: MessageFields): WhatsAppMessage {
    const media = fields.media;
    const from = fields.from ?? this.chat;
    return {
      id: `false_${from}_${this.world.nextId()}`,
      from,
      ...(this.groupId ? { author: this.chatId } : {}),
      fromMe: false,
      isStatus: fields.isStatus ?? false,
      broadcast: fields.broadcast ?? false,
      type: fields.type,
      body: fields.body ?? "",
      hasMedia: media !== undefined,
      notifyName: this.name,
      ...(fields.location ? { location: fields.location } : {}),
      ...(fields.fileName ? { fileName: fields.fileName } : {}),
      ...(fields.quotedMessageId ? { quotedMessageId: fields.quotedMessageId } : {}),
      ...(media && media !== "expired"
        ? { fileSize: Buffer.from(media.data, "base64").length }
        : {}),
      // whatsapp-web.js resolves to undefined once WhatsApp has dropped the file.
      downloadMedia: async () => (media === "expired" ? undefined : media),
    };
  }

  /**
   * Sends a message; `twice` delivers it again with the same id, as after a reconnect;
   * `replyTo` makes it a reply to that message of the bot's.
   */
  send(text: string, options: { twice?: boolean; replyTo?: SentText } = {}): WhatsAppMessage {
    const message = this.message({
      type: "chat",
      body: text,
      ...(options.replyTo ? { quotedMessageId: options.replyTo.id } : {}),
    });
    this.world.deliver(message);
    if (options.twice) this.world.deliver(message);
    return message;
  }

  sendPhoto(bytes: Buffer, options: { expired?: boolean; caption?: string } = {}): void {
    this.world.deliver(
      this.message({
        type: "image",
        body: options.caption ?? "",
        media: options.expired
          ? "expired"
          : { mimetype: "image/png", data: bytes.toString("base64"), filesize: bytes.length },
      }),
    );
  }

  sendDocument(
    bytes: Buffer,
    fileName: string,
    mimetype: string,
    options: { caption?: string } = {},
  ): void {
    this.world.deliver(
      this.message({
        type: "document",
        body: options.caption ?? "",
        fileName,
        media: { mimetype, data: bytes.toString("base64"), filename: fileName },
      }),
    );
  }

  shareLocation(latitude: number, longitude: number): void {
    this.world.deliver(this.message({ type: "location", location: { latitude, longitude } }));
  }

  sendSticker(): void {
    this.world.deliver(this.message({ type: "sticker", media: "expired" }));
  }

  texts(): string[] {
    return this.world.textsTo(this.chat);
  }

  private agreeToNotice(texts: readonly string[]): void {
    if (!this.agreesToPrivacyNotice) return;
    const notice = pendingNotice(texts, Math.max(this.read, this.noticesSeen));
    // Numbered options answer the last message only: wait until the notice's are the last.
    if (!notice || !(texts.at(-1) ?? "").includes(notice.label)) return;
    this.noticesSeen = notice.index + 1;
    this.press(notice.label);
  }

  /** Waits for a message to this chat, after those earlier waits consumed, containing `text`. */
  async expect(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
    return (await this.expectSent(text, timeoutMs)).text;
  }

  /** As `expect`, with the sent message itself (to reply to it). */
  async expectSent(text: string | RegExp, timeoutMs = 20_000): Promise<SentText> {
    const found = await eventually(
      () => {
        const sent = this.world.sentTo(this.chat);
        for (let index = this.read; index < sent.length; index++) {
          const candidate = sent[index];
          if (!candidate) continue;
          const matches =
            typeof text === "string" ? candidate.text.includes(text) : text.test(candidate.text);
          if (matches) return { index, candidate };
        }
        this.agreeToNotice(sent.map((message) => message.text));
        return undefined;
      },
      {
        timeoutMs,
        what: () =>
          `${String(text)} in the chat of ${this.chat}:\n${this.texts().slice(this.read).join("\n---\n")}`,
      },
    );
    this.read = found.index + 1;
    return found.candidate;
  }

  /** Answers the last numbered list by typing the number of the option labelled `label`. */
  press(label: string): void {
    const last = this.texts().at(-1) ?? "";
    const option = new RegExp(`^\\*(\\d+)\\.\\* .*${escapeRegExp(label)}`, "m").exec(last);
    if (!option?.[1]) throw new Error(`no numbered option "${label}" in:\n${last}`);
    this.send(option[1]);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
