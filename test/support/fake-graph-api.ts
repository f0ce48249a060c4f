import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeCloudCitizen } from "./fake-cloud-citizen.js";
import {
  checkMessage,
  errorBody,
  GRAPH_FAILURES,
  invalid,
  multipartParts,
  Refusal,
  type GraphFailure,
  type Json,
  type SentCloudMessage,
} from "./fake-graph-messages.js";

export interface FakeTemplate {
  readonly languages: readonly string[];
  readonly parameters: number;
  readonly quickReplies?: number;
}
interface Media {
  readonly bytes: Buffer;
  readonly mimeType: string;
  /** Whether the media endpoint states the size (Meta usually does). */
  readonly declaresSize: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The WhatsApp Cloud API (Graph API) over real HTTP for tests: the channel talks to it through
 * WHATSAPP_CLOUD_API_ROOT. It checks the bearer token and each message against Meta's limits,
 * keeps what was sent, serves media, enforces the 24-hour window and (when asked) the
 * throughput and pair rate limits with Meta's error bodies, can fail calls on purpose, and
 * posts signed webhooks for simulated citizens.
 */ export class FakeGraphApi {
  readonly accessToken = `EAAG${randomBytes(24).toString("hex")}`;
  readonly appSecret = randomBytes(16).toString("hex");
  readonly verifyToken = randomBytes(16).toString("hex");
  readonly phoneNumberId = "109876543210987";
  readonly displayPhoneNumber = "+62 811-0000-0000";
  /** The fake's clock: the 24-hour window and message timestamps follow it. */
  now: () => Date = () => new Date();
  readonly sent: SentCloudMessage[] = [];
  /** Ids of citizens' messages marked read. */
  readonly reads: string[] = [];
  readonly uploads = new Map<string, { bytes: Buffer; mimeType: string; fileName: string }>();
  readonly templates = new Map<string, FakeTemplate>();
  /** Meta's error code of every call refused, in order. */
  readonly refusals: number[] = [];
  /** Answers refused for exceeding a limit (130429, 131056), not injected failures. */
  rateLimited = 0;
  /** Files handed out by the download URL. */
  downloads = 0;
  private server?: Server;
  private webhookUrl?: string;
  private tokenValid = true;
  private readonly media = new Map<string, Media>();
  private readonly lastInbound = new Map<string, Date>();
  private readonly failures: { failure: GraphFailure; when: (body: Json) => boolean }[] = [];
  private limits?: { perSecond: number; pairIntervalMs: number };
  private sendTimes: number[] = [];
  private readonly pairTimes = new Map<string, number>();
  /** Per citizen, the delivery in flight: a chat's webhooks are posted one after another. */
  private readonly deliveries = new Map<string, Promise<unknown>>();

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the fake Graph API is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.route(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.deliveries.values());
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** The webhook URL set in the Meta app (Callback URL). */
  subscribe(url: string): void {
    this.webhookUrl = url;
  }

  approveTemplate(name: string, template: FakeTemplate): void {
    this.templates.set(name, template);
  }

  /** The next matching call(s) fail with this Graph API error. */
  failNext(
    failure: GraphFailure,
    options: { times?: number; when?: (body: Json) => boolean } = {},
  ): void {
    for (let index = 0; index < (options.times ?? 1); index++)
      this.failures.push({ failure, when: options.when ?? (() => true) });
  }

  /** The token is revoked or expires: every call from now on is refused with 190. */
  expireToken(): void {
    this.tokenValid = false;
  }

  /** From now on, sends beyond these limits get Meta's 130429 / 131056 answers. */
  enforceLimits(limits: { perSecond: number; pairIntervalMs: number }): void {
    this.limits = limits;
  }

  citizen(waId: string, name = `Warga ${waId.slice(-4)}`): FakeCloudCitizen {
    return new FakeCloudCitizen(this, waId, name);
  }

  messagesTo(waId: string): readonly SentCloudMessage[] {
    return this.sent.filter((message) => message.to === waId);
  }

  /** Meta forgets a file after a while (30 days for files citizens send). */
  expireMedia(mediaId: string): void {
    this.media.delete(mediaId);
  }

  /** A file a citizen sent; returns its media id. */
  addMedia(bytes: Buffer, mimeType: string, options: { declaresSize?: boolean } = {}): string {
    const id = String(1_000_000_000_000 + this.media.size);
    this.media.set(id, { bytes, mimeType, declaresSize: options.declaresSize ?? true });
    return id;
  }

  /** A citizen's message, as Meta posts it: the window opens at the fake's now(). */
  deliverMessage(
    waId: string,
    name: string,
    message: Json,
    options: { twice?: boolean } = {},
  ): Promise<number> {
    this.lastInbound.set(waId, this.now());
    const value = {
      contacts: [{ profile: { name }, wa_id: waId }],
      messages: [{ from: waId, timestamp: this.timestamp(), ...message }],
    };
    const first = this.post(waId, value);
    return options.twice ? first.then(() => this.post(waId, value)) : first;
  }

  /** Meta reports what became of a sent message. */
  deliverStatus(
    sent: SentCloudMessage,
    status: "sent" | "delivered" | "read" | "failed",
    failure?: GraphFailure,
  ): Promise<number> {
    return this.post(sent.to, {
      statuses: [
        {
          id: sent.id,
          status,
          timestamp: this.timestamp(),
          recipient_id: sent.to,
          ...(status === "failed" && failure
            ? {
                errors: [
                  {
                    code: failure.code,
                    title: failure.message.replace(/^\(#\d+\) /, ""),
                    message: failure.message.replace(/^\(#\d+\) /, ""),
                    error_data: { details: failure.details ?? "" },
                  },
                ],
              }
            : {
                conversation: { id: randomBytes(16).toString("hex"), origin: { type: "service" } },
                pricing: { billable: false, pricing_model: "PMP", category: "service" },
              }),
        },
      ],
    });
  }

  /** The body Meta would post for these changes, and its signature with the app secret. */
  signedWebhook(value: Json): { body: string; signature: string } {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: "628110000000",
                  phone_number_id: this.phoneNumberId,
                },
                ...value,
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac("sha256", this.appSecret).update(body).digest("hex")}`;
    return { body, signature };
  }

  private timestamp(): string {
    return String(Math.floor(this.now().getTime() / 1000));
  }

  /** Posts to the webhook after the chat's previous post; retried like Meta does, briefly. */
  private post(waId: string, value: Json): Promise<number> {
    const url = this.webhookUrl;
    if (!url) throw new Error("no webhook subscribed: call subscribe(url) first");
    const { body, signature } = this.signedWebhook(value);
    const previous = this.deliveries.get(waId) ?? Promise.resolve();
    const delivery = previous.then(async () => {
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": signature },
          body,
        }).catch(() => undefined);
        status = response?.status ?? 0;
      }
      return status;
    });
    this.deliveries.set(waId, delivery);
    return delivery;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const reply = (status: number, body: unknown, type = "application/json") => {
      response.writeHead(status, { "content-type": type });
      response.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    const refuse = (failure: GraphFailure) => reply(failure.status, errorBody(failure));
    const auth = request.headers.authorization;
    if (auth !== `Bearer ${this.accessToken}`) {
      refuse({
        status: 401,
        code: 190,
        message: "Invalid OAuth access token - Cannot parse access token",
      });
      return;
    }
    if (!this.tokenValid) {
      refuse(GRAPH_FAILURES.expiredToken);
      return;
    }
    const url = new URL(request.url ?? "/", "http://fake");
    try {
      const download = /^\/media-download\/(\w+)$/.exec(url.pathname);
      if (download) {
        const media = this.media.get(download[1] ?? "");
        if (!media) throw new Refusal({ status: 404, code: 100, message: "Media not found" });
        this.downloads++;
        reply(200, media.bytes, media.mimeType);
        return;
      }
      const path = /^\/v\d{1,3}\.\d\/(\w+)(?:\/(\w+))?$/.exec(url.pathname);
      if (!path) throw new Refusal({ status: 400, code: 100, message: "Unknown path components" });
      const [, node = "", edge] = path;
      if (request.method === "GET" && !edge) {
        reply(200, this.getNode(node));
        return;
      }
      if (request.method === "POST" && node === this.phoneNumberId && edge === "messages") {
        reply(200, this.postMessage(JSON.parse(raw.toString("utf8")) as Json));
        return;
      }
      if (request.method === "POST" && node === this.phoneNumberId && edge === "media") {
        const contentType = request.headers["content-type"] ?? "";
        reply(200, this.upload(raw, contentType));
        return;
      }
      throw new Refusal({ status: 400, code: 100, message: "Unsupported request" });
    } catch (error) {
      if (error instanceof Refusal) {
        this.refusals.push(error.failure.code);
        refuse(error.failure);
      } else reply(500, { error: { message: String(error), code: 1, type: "OAuthException" } });
    }
  }

  private getNode(node: string): Json {
    if (node === this.phoneNumberId)
      return { id: node, display_phone_number: this.displayPhoneNumber, verified_name: "Aduan" };
    const media = this.media.get(node);
    if (!media) {
      throw new Refusal({
        status: 400,
        code: 100,
        message: `Unsupported get request. Object with ID '${node}' does not exist`,
      });
    }
    return {
      messaging_product: "whatsapp",
      id: node,
      url: `${this.apiRoot}/media-download/${node}`,
      mime_type: media.mimeType,
      sha256: createHash("sha256").update(media.bytes).digest("hex"),
      ...(media.declaresSize ? { file_size: media.bytes.length } : {}),
    };
  }

  private postMessage(body: Json): Json {
    const injected = this.failures.findIndex((candidate) => candidate.when(body));
    if (injected >= 0) {
      const [entry] = this.failures.splice(injected, 1);
      if (entry) throw new Refusal(entry.failure);
    }
    if (body.messaging_product !== "whatsapp")
      throw new Refusal(invalid("messaging_product must be whatsapp"));
    if (body.status === "read") {
      this.reads.push(String(body.message_id));
      return { success: true };
    }
    const to = String(body.to);
    if (!/^\d{5,20}$/.test(to)) throw new Refusal(invalid("to is not a phone number"));
    const type = String(body.type);
    checkMessage(type, body, {
      checkTemplate: (template) => this.checkTemplate(template),
      hasUpload: (mediaId) => this.uploads.has(mediaId),
    });
    if (type !== "template") {
      const last = this.lastInbound.get(to);
      if (!last || this.now().getTime() - last.getTime() >= DAY_MS)
        throw new Refusal(GRAPH_FAILURES.reengagement);
    }
    this.checkLimits(to);
    const sent: SentCloudMessage = {
      id: `wamid.${randomBytes(18).toString("base64url")}`,
      to,
      type,
      body,
      at: this.now(),
    };
    this.sent.push(sent);
    return {
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: sent.id, ...(type === "template" ? { message_status: "accepted" } : {}) }],
    };
  }

  private checkLimits(to: string): void {
    const limits = this.limits;
    if (!limits) return;
    const now = Date.now();
    this.sendTimes = this.sendTimes.filter((time) => time > now - 1000);
    if (this.sendTimes.length >= limits.perSecond) {
      this.rateLimited++;
      throw new Refusal(GRAPH_FAILURES.throughput);
    }
    const last = this.pairTimes.get(to);
    if (last !== undefined && now - last < limits.pairIntervalMs) {
      this.rateLimited++;
      throw new Refusal(GRAPH_FAILURES.pairRate);
    }
    this.sendTimes.push(now);
    this.pairTimes.set(to, now);
  }

  private upload(raw: Buffer, contentType: string): Json {
    const parts = multipartParts(raw, contentType);
    const file = parts.get("file");
    if (parts.get("messaging_product")?.bytes.toString() !== "whatsapp" || !file?.fileName)
      throw new Refusal(invalid("expected messaging_product=whatsapp and a file"));
    const mimeType = file.type ?? "application/octet-stream";
    const id = this.addMedia(file.bytes, mimeType);
    this.uploads.set(id, { bytes: file.bytes, mimeType, fileName: file.fileName });
    return { id };
  }

  /** Whether a template message names an approved template with the right parameters. */
  checkTemplate(template: Json): void {
    const name = String(template.name);
    const approved = this.templates.get(name);
    const language = String((template.language as Json | undefined)?.code);
    if (!approved || !approved.languages.includes(language)) {
      throw new Refusal({
        status: 404,
        code: 132001,
        message: "(#132001) Template name does not exist in the translation",
        details: `template name (${name}) does not exist in ${language}`,
      });
    }
    const components = (template.components ?? []) as Json[];
    const parameters = components
      .filter((component) => component.type === "body")
      .flatMap((component) => component.parameters as Json[]);
    const bad = parameters.find(
      (parameter) => /[\n\t]| {5}/.test(String(parameter.text)) || parameter.text === "",
    );
    if (parameters.length !== approved.parameters || bad) {
      throw new Refusal({
        status: 400,
        code: 132000,
        message: "(#132000) Number of parameters does not match the expected number of params",
        details: `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${approved.parameters})`,
      });
    }
  }
}
