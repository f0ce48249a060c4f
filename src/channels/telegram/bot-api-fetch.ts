import type { Readable } from "node:stream";
import { Pool } from "undici";

/** What grammY's API client passes to `fetch` (grammy/out/core/client.js), as far as it is used. */
export interface BotApiRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, or the multipart stream of an upload (grammY's itrToStream), sent as it comes. */
  readonly body: string | Readable;
  /**
   * grammY's timeout and the caller's own signal (the runner's stop). At run time it is the
   * abort-controller polyfill's signal, which undici takes like any EventTarget.
   */
  readonly signal: AbortSignal;
}

/**
 * All grammY reads of an answer: it parses the body whatever the status, since Telegram explains
 * a 400, a 403 or a 429 (with `retry_after`) in JSON, which grammY turns into a GrammyError.
 */
export interface BotApiResponse {
  json(): Promise<unknown>;
}

/**
 * The HTTP client of one Telegram channel's Bot API calls, in place of grammY's default on Node
 * (node-fetch over `http.Agent`): a report costs about 32 calls, and that stack was a tenth of
 * the bot process's CPU in the burst. undici's pool keeps its connections to the Bot API alive
 * and spends about a third of node-fetch's CPU per call (grammY's own work per call included).
 *
 * A failure to connect rejects with the socket's own error (`connect ECONNREFUSED`), which
 * grammY wraps in an HttpError, so its retries and our "cannot reach Telegram" lines still
 * apply. Only grammY's timeout and the caller's signal end a call: undici's own header and body
 * timers are off, as they would cut a long poll grammY still waits for.
 */
export class BotApiHttp {
  private readonly pool: Pool;
  /** The path of the API root, which grammY's URLs continue (empty for a bare host). */
  private readonly basePath: string;

  constructor(private readonly apiRoot: string) {
    const root = new URL(apiRoot);
    this.basePath = root.pathname.replace(/\/$/, "");
    this.pool = new Pool(root.origin, { headersTimeout: 0, bodyTimeout: 0 });
  }

  /** For grammY's `fetch` option: every URL it builds starts with the API root it was given. */
  readonly fetch = async (url: string, init: BotApiRequestInit): Promise<BotApiResponse> => {
    if (!url.startsWith(this.apiRoot)) {
      throw new Error(`a Bot API call outside the API root ${this.apiRoot}`);
    }
    const { body } = await this.pool.request({
      path: this.basePath + url.slice(this.apiRoot.length),
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    return body;
  };

  /**
   * Once nothing sends on the channel: a call still in flight is cut off rather than awaited,
   * since grammY would wait up to its timeout of minutes for it.
   */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
