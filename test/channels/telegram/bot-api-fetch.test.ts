import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { autoRetry } from "@grammyjs/auto-retry";
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BotApiHttp } from "../../../src/channels/telegram/bot-api-fetch.js";
import { freePort } from "../../support/services.js";
import { eventually } from "../../support/wait.js";

const TOKEN = "123:secret";

interface Received {
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

/** A Bot API of one answer at a time: `answer` decides how the next calls are answered. */
let answer: (request: Received, response: ServerResponse) => void;
let received: Received[] = [];
/** Calls whose client went away before an answer. */
let abandoned = 0;
let server: Server;
let apiRoot: string;
const clients: BotApiHttp[] = [];

/** A grammY client on a BotApiHttp of its own, as the channel builds them. */
function api(root = apiRoot, timeoutSeconds?: number): { api: Api; http: BotApiHttp } {
  const http = new BotApiHttp(root);
  clients.push(http);
  return { api: http.api(TOKEN, timeoutSeconds), http };
}

/** grammY types a call's signal as its polyfill's; the runner hands it node's. */
const callSignal = (signal: AbortSignal) =>
  signal as unknown as NonNullable<Parameters<Api["getUpdates"]>[1]>;

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const call = {
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      received.push(call);
      response.on("close", () => {
        if (!response.writableFinished) abandoned++;
      });
      answer(call, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  apiRoot = `http://127.0.0.1:${address.port}`;
});

afterEach(() => {
  received = [];
  abandoned = 0;
});

afterAll(async () => {
  await Promise.all(clients.map((http) => http.close()));
  await new Promise((resolve) => server.close(resolve));
});

describe("the Telegram channel's Bot API client", () => {
  it("sends a JSON call and parses the answer", async () => {
    answer = (_, response) => json(response, 200, { ok: true, result: { message_id: 42 } });
    const sent = await api().api.sendMessage(7, "Halo");
    expect(sent).toEqual({ message_id: 42 });
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe(`/bot${TOKEN}/sendMessage`);
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received[0]?.body.toString() ?? "")).toEqual({ chat_id: 7, text: "Halo" });
  });

  it("leaves out parameters given as null, as grammY does", async () => {
    answer = (_, response) => json(response, 200, { ok: true, result: { message_id: 44 } });
    // grammY's types allow no null here, but a caller's object may still carry one.
    const options = { reply_markup: null } as unknown as { reply_markup?: never };
    await api().api.sendMessage(7, "Halo", options);
    expect(JSON.parse(received[0]?.body.toString() ?? "")).toEqual({ chat_id: 7, text: "Halo" });
  });

  it("answers a call from the transformers installed after it, as grammY's client would", async () => {
    let calls = 0;
    answer = (_, response) => {
      calls++;
      if (calls === 1) {
        json(response, 429, {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        });
      } else json(response, 200, { ok: true, result: { message_id: 45 } });
    };
    const { api: retrying } = api();
    retrying.config.use(autoRetry({ maxRetryAttempts: 1, maxDelaySeconds: 5 }));
    expect(await retrying.sendMessage(7, "Halo")).toEqual({ message_id: 45 });
    expect(received).toHaveLength(2);
  });

  it("keeps the path of an API root behind a proxy", async () => {
    answer = (_, response) => json(response, 200, { ok: true, result: true });
    await api(`${apiRoot}/proxy`).api.deleteWebhook();
    expect(received[0]?.url).toBe(`/proxy/bot${TOKEN}/deleteWebhook`);
  });

  it("streams an upload's multipart body unchanged", async () => {
    answer = (_, response) => json(response, 200, { ok: true, result: { message_id: 43 } });
    const bytes = Buffer.alloc(256 * 1024, 0xab);
    const chunks = [bytes.subarray(0, 100_000), bytes.subarray(100_000)];
    await api().api.sendDocument(7, new InputFile(Readable.from(chunks), "laporan.pdf"));
    const [upload] = received;
    const boundary = /boundary=(.+)$/.exec(upload?.headers["content-type"] ?? "")?.[1];
    expect(boundary).toBeDefined();
    expect(upload?.headers["transfer-encoding"]).toBe("chunked");
    expect(upload?.body.includes(bytes)).toBe(true);
    expect(upload?.body.includes("filename=laporan.pdf")).toBe(true);
  });

  it("parses refusals, so grammY reports Telegram's error and its retry_after", async () => {
    answer = (_, response) =>
      json(response, 429, {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 7",
        parameters: { retry_after: 7 },
      });
    const limited = await api()
      .api.sendMessage(7, "Halo")
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(GrammyError);
    expect((limited as GrammyError).parameters.retry_after).toBe(7);

    answer = (_, response) =>
      json(response, 403, { ok: false, error_code: 403, description: "Forbidden: bot blocked" });
    const blocked = await api()
      .api.sendMessage(7, "Halo")
      .catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(GrammyError);
    expect((blocked as GrammyError).error_code).toBe(403);
  });

  it("drops a call that gets no answer in time, in grammY's words", async () => {
    answer = () => undefined;
    const timedOut = await api(apiRoot, 1)
      .api.getMe()
      .catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(HttpError);
    expect(((timedOut as HttpError).error as Error).message).toBe(
      "Request to 'getMe' timed out after 1 seconds",
    );
    await eventually(() => abandoned === 1, { what: "the timed-out call to be dropped" });
  });

  it("drops a call whose signal aborts (the runner stopping a long poll)", async () => {
    answer = () => undefined;
    const stopping = new AbortController();
    const polling = api()
      .api.getUpdates({ timeout: 30 }, callSignal(stopping.signal))
      .catch((error: unknown) => error);
    await eventually(() => received.length === 1, { what: "the poll to arrive" });
    stopping.abort();
    expect(await polling).toBeInstanceOf(HttpError);
    await eventually(() => abandoned === 1, { what: "the aborted poll to be dropped" });
  });

  it("drops an upload whose signal aborts", async () => {
    answer = () => undefined;
    const stopping = new AbortController();
    const file = new InputFile(Buffer.from("foto"), "foto.jpg");
    const sending = api()
      .api.sendPhoto(7, file, undefined, callSignal(stopping.signal))
      .catch((error: unknown) => error);
    await eventually(() => received.length === 1, { what: "the upload to arrive" });
    stopping.abort();
    expect(await sending).toBeInstanceOf(HttpError);
    await eventually(() => abandoned === 1, { what: "the aborted upload to be dropped" });
  });

  it("rejects with the socket's error when nothing listens, which grammY wraps", async () => {
    const root = `http://127.0.0.1:${await freePort()}`;
    const refused = await api(root)
      .api.getMe()
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).error).toMatchObject({
      code: "ECONNREFUSED",
      syscall: "connect",
    });
  });

  it("lets go of its connections when closed", async () => {
    answer = (_, response) => json(response, 200, { ok: true, result: true });
    const { api: own, http } = api();
    await own.deleteWebhook();
    const open = () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    const before = await open();
    await http.close();
    await eventually(async () => (await open()) === before - 1, {
      what: "the connection to close",
    });
  });
});
