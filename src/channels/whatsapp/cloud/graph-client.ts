import type { z } from "zod";
import { MediaTooLargeError } from "../../../core/media/media-store.js";
import { GraphApiError } from "./errors.js";
import {
  graphErrorBodySchema,
  mediaInfoSchema,
  phoneNumberSchema,
  sendResponseSchema,
  successResponseSchema,
  uploadResponseSchema,
  type MediaInfo,
  type PhoneNumberInfo,
} from "./graph-schemas.js";
import type { CloudMessageContent } from "./message-content.js";

export interface GraphClientOptions {
  /** Such as https://graph.facebook.com (WHATSAPP_CLOUD_API_ROOT), no trailing slash. */
  readonly apiRoot: string;
  readonly apiVersion: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly timeoutMs?: number;
  /** Told about every answer, so the channel knows whether the token still works. */
  readonly observe?: (outcome: GraphApiError | "ok") => void;
}

/**
 * A thin typed client of the Cloud API over fetch: the few calls Aduan makes, each answer
 * checked with zod. The token travels only in the Authorization header, never in a URL.
 */
export class GraphClient {
  private readonly base: string;

  constructor(private readonly options: GraphClientOptions) {
    this.base = `${options.apiRoot}/${options.apiVersion}`;
  }

  /**
   * Sends a message to a WhatsApp user (by phone number), quoting `replyTo` (a wamid) when
   * given; returns its wamid.
   */
  async send(to: string, content: CloudMessageContent, replyTo?: string): Promise<string> {
    const answer = await this.call(
      "POST",
      `${this.options.phoneNumberId}/messages`,
      sendResponseSchema,
      {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        ...content,
        ...(replyTo ? { context: { message_id: replyTo } } : {}),
      },
    );
    const [sent] = answer.messages;
    if (!sent) throw new GraphApiError("the messages endpoint returned no message id", 200);
    return sent.id;
  }

  /** Shows the citizen's message as read (blue ticks). */
  async markRead(messageId: string): Promise<void> {
    await this.call("POST", `${this.options.phoneNumberId}/messages`, successResponseSchema, {
      messaging_product: "whatsapp",
      status: "read",
      message_id: messageId,
    });
  }

  /** The business number behind WHATSAPP_CLOUD_PHONE_NUMBER_ID; proves the token works. */
  async phoneNumber(): Promise<PhoneNumberInfo> {
    return this.call(
      "GET",
      `${this.options.phoneNumberId}?fields=display_phone_number,verified_name`,
      phoneNumberSchema,
    );
  }

  async mediaInfo(mediaId: string): Promise<MediaInfo> {
    return this.call("GET", encodeURIComponent(mediaId), mediaInfoSchema);
  }

  /**
   * Downloads a file a citizen sent: media id → short-lived URL → the bytes, fetched with the
   * token. Refused above `maxBytes` before downloading when Meta states the size, and while
   * downloading otherwise.
   */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<Buffer> {
    const info = await this.mediaInfo(mediaId);
    if (info.file_size !== undefined && info.file_size > maxBytes)
      throw new MediaTooLargeError(info.file_size);
    const response = await this.fetch(info.url, { method: "GET" });
    if (!response.ok) throw await this.failure(response);
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new MediaTooLargeError(declared);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).byteLength;
      if (size > maxBytes) throw new MediaTooLargeError(size);
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    this.options.observe?.("ok");
    return Buffer.concat(chunks);
  }

  /** Uploads a file (a staff member's proof photo) to send by id; returns the media id. */
  async uploadMedia(bytes: Buffer, mimeType: string, fileName: string): Promise<string> {
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append("type", mimeType);
    form.append("file", new Blob([new Uint8Array(bytes)], { type: mimeType }), fileName);
    const response = await this.fetch(`${this.base}/${this.options.phoneNumberId}/media`, {
      method: "POST",
      body: form,
    });
    return (await this.read(response, uploadResponseSchema)).id;
  }

  private async call<Schema extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: Schema,
    body?: Record<string, unknown>,
  ): Promise<z.infer<Schema>> {
    const response = await this.fetch(`${this.base}/${path}`, {
      method,
      ...(body
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    return this.read(response, schema);
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.options.accessToken}`);
    try {
      return await fetch(url, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphApiError(`cannot reach ${this.options.apiRoot}: ${reason}`, undefined);
    }
  }

  private async read<Schema extends z.ZodType>(
    response: Response,
    schema: Schema,
  ): Promise<z.infer<Schema>> {
    if (!response.ok) throw await this.failure(response);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new GraphApiError(
        `unexpected answer from the Graph API: ${parsed.error.issues[0]?.message ?? "invalid"}`,
        response.status,
      );
    }
    this.options.observe?.("ok");
    return parsed.data;
  }

  private async failure(response: Response): Promise<GraphApiError> {
    const text = await response.text().catch(() => "");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = graphErrorBodySchema.safeParse(json);
    const error = parsed.success
      ? new GraphApiError(parsed.data.error.message, response.status, parsed.data.error)
      : new GraphApiError(`HTTP ${response.status} ${text.slice(0, 200)}`.trim(), response.status);
    this.options.observe?.(error);
    return error;
  }
}
