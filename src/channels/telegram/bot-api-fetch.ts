import type { Readable } from "node:stream";
import { Api, HttpError, InputFile, type Transformer } from "grammy";
import { Pool, errors } from "undici";

/** grammY's own timeout of a call, which a long poll's 30 s stay well inside. */
const CALL_TIMEOUT_SECONDS = 500;

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
 * (node-fetch over `http.Agent`): a report costs about a dozen calls, and that stack was a
 * tenth of the bot process's CPU in the burst. undici's pool keeps its connections to the Bot
 * API alive; JSON calls skip grammY's per-call machinery (`transport`), uploads keep it
 * (`fetch`).
 *
 * A failure to connect becomes an HttpError carrying the socket's own error (`connect
 * ECONNREFUSED`), as grammY's client makes it, so its retries and our "cannot reach Telegram"
 * lines still apply. A call ends at its client's timeout or its caller's signal; the pool's own
 * timers are off, as they would cut a long poll.
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

  /**
   * A grammY client of this API root: JSON calls through `transport`, uploads through `fetch`.
   * `timeoutSeconds` ends a call that long without an answer, as grammY's option does.
   */
  api(token: string, timeoutSeconds = CALL_TIMEOUT_SECONDS): Api {
    // grammY declares `fetch` as node-fetch's, whose types are not installed; `fetch` takes
    // what grammY's client passes and answers with all it reads (json).
    const api = new Api(token, { apiRoot: this.apiRoot, fetch: this.fetch, timeoutSeconds });
    api.config.use(this.transport(token, timeoutSeconds));
    return api;
  }

  /**
   * A grammY transformer that makes a JSON call itself, installed before any other:
   * grammY's own way builds an abort controller (a polyfill), a timer and three promises for
   * every call, about a third of the CPU a reply costs. It answers as grammY's client does: the
   * parsed body whatever the status (grammY turns a refusal into a GrammyError), and an
   * HttpError carrying the cause when there is no answer. An upload goes on to grammY, which
   * streams its multipart body through `fetch`.
   */
  private transport(token: string, timeoutSeconds: number): Transformer {
    const timeoutMs = timeoutSeconds * 1000;
    const basePath = `${this.basePath}/bot${token}/`;
    return async (previous, method, payload, signal) => {
      if (carriesFile(payload)) return previous(method, payload, signal);
      try {
        const { body } = await this.pool.request({
          path: basePath + method,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload, withoutNulls),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          ...(signal ? { signal } : {}),
        });
        // What Telegram answers for this method, as grammY's client takes it on trust too.
        return (await body.json()) as Awaited<ReturnType<typeof previous<typeof method>>>;
      } catch (error) {
        throw new HttpError(
          `Network request for '${method}' failed!`,
          timedOut(error, method, timeoutSeconds),
        );
      }
    };
  }

  /** For grammY's `fetch` option: every URL it builds starts with the API root it was given. */
  private readonly fetch = async (
    url: string,
    init: BotApiRequestInit,
  ): Promise<BotApiResponse> => {
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

/** As grammY sends a payload: a null stands for a parameter left out. */
const withoutNulls = (_key: string, value: unknown): unknown => value ?? undefined;

/** Whether a payload holds a file to upload, anywhere in it (an album's media, a thumbnail). */
function carriesFile(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (value instanceof InputFile) return true;
  if (Array.isArray(value)) return value.some(carriesFile);
  for (const key in value) if (carriesFile((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** undici's timeout, in grammY's words, which the "cannot reach Telegram" lines repeat. */
function timedOut(error: unknown, method: string, seconds: number): unknown {
  return error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError
    ? new Error(`Request to '${method}' timed out after ${seconds} seconds`)
    : error;
}
