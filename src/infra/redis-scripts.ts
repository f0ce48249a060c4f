import { EventEmitter } from "node:events";
import { connect as connectTcp, isIP, type Socket } from "node:net";
import { connect as connectTls, type ConnectionOptions as TlsOptions } from "node:tls";
import type { RedisArgument, RedisReply, RedisScript, ScriptRunner } from "../core/redis-script.js";

/** An error reply of Redis (a script's own error, NOSCRIPT, WRONGPASS …). */
export class RedisReplyError extends Error {
  override name = "RedisReplyError";
}

/** The connection went away with the command written and no answer read: it may have run. */
export class RedisConnectionLostError extends Error {
  override name = "RedisConnectionLostError";
}

interface RedisScriptClientOptions {
  /** Shown by CLIENT LIST as `aduan:<name>`. */
  readonly name: string;
  /** For rediss:// URLs: what node's TLS needs beyond the host (a private CA, say). */
  readonly tls?: TlsOptions;
}

interface Command {
  /** Its name and arguments, numbers as text, with each one's length in bytes. */
  readonly args: readonly (string | Buffer)[];
  readonly lengths: readonly number[];
  /** Its length in RESP. */
  readonly bytes: number;
  readonly settle: (error: Error | undefined, reply?: RedisReply) => void;
}

const CONNECT_TIMEOUT_MS = 10_000;
const LOADING_RETRY_MS = 100;
/** Waits between attempts to reconnect: 50 ms more each time, at most 2 s (ioredis's). */
const reconnectDelay = (attempt: number) => Math.min(attempt * 50, 2_000);

/**
 * A connection that runs Lua scripts, and nothing else, for the conversation turns: a crowd's
 * turns run two scripts each, and ioredis spends 18-20 µs of CPU on a command (its command
 * objects, its wire form built as text, and the garbage they leave) where this spends 9-11.
 * Commands issued in one tick go out in one write, as ioredis's auto-pipelining does; replies
 * are read in order.
 *
 * While Redis is unreachable, commands wait and the client reconnects (as ioredis with
 * `maxRetriesPerRequest: null` does); a command written when the connection dropped is failed
 * with RedisConnectionLostError, since it may or may not have run. An unknown script is sent
 * whole (EVAL) once Redis answers NOSCRIPT, as after Redis restarted.
 */
export class RedisScriptClient extends EventEmitter<{ error: [Error] }> implements ScriptRunner {
  private readonly url: URL;
  private socket: Socket | undefined;
  private ready = false;
  /** Not yet written, in order. */
  private waiting: Command[] = [];
  /** Written, their answers not yet read, in order. */
  private written: Command[] = [];
  private writtenHead = 0;
  private flushScheduled = false;
  private unread: Buffer | undefined;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /**
   * Why the connection was refused (a password, a database, a certificate), if it was: that
   * will not change by itself, so the commands waiting fail with it, and each later command
   * tries again.
   */
  private refusal: Error | undefined;

  constructor(
    url: string,
    private readonly options: RedisScriptClientOptions,
  ) {
    super();
    this.url = new URL(url);
  }

  /** Runs `script` with its keys and arguments; the reply as Redis gave it. */
  run(
    script: RedisScript,
    keys: readonly string[],
    args: readonly RedisArgument[],
  ): Promise<RedisReply> {
    return new Promise((resolve, reject) => {
      const command = (name: "evalsha" | "eval", body: string) =>
        this.send([name, body, keys.length, ...keys, ...args], (error, reply) => {
          if (!error) resolve(reply ?? null);
          else if (name === "evalsha" && error.message.startsWith("NOSCRIPT")) {
            command("eval", script.lua);
          } else if (error.message.startsWith("LOADING")) {
            // Redis is reading its data back after a restart: the command waits, as in ioredis.
            setTimeout(() => command(name, body), LOADING_RETRY_MS);
          } else reject(error);
        });
      command("evalsha", script.sha);
    });
  }

  /** Sends what was given before, then closes; later commands are refused. */
  async quit(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const socket = this.socket;
    if (!socket) {
      clearTimeout(this.reconnectTimer);
      this.failWaiting(new Error("Redis connection closed (quit) before the command was sent"));
      return;
    }
    // After the commands still waiting for the connection, if it comes.
    await new Promise<void>((resolve) => {
      this.waiting.push(encode(["quit"], () => resolve()));
      if (this.ready) this.scheduleFlush();
    });
    socket.destroy();
  }

  private send(args: readonly RedisArgument[], settle: Command["settle"]): void {
    if (this.closed) {
      settle(new Error("Redis connection is closed (quit)"));
      return;
    }
    this.waiting.push(encode(args, settle));
    // While a reconnection waits its turn, the command waits with the others.
    if (!this.socket && !this.reconnectTimer) this.connect();
    else if (this.ready) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      if (this.ready) this.flush(this.waiting.splice(0));
    });
  }

  private flush(commands: readonly Command[]): void {
    if (!this.socket || commands.length === 0) return;
    let bytes = 0;
    for (const command of commands) bytes += command.bytes;
    const out = Buffer.allocUnsafe(bytes);
    let offset = 0;
    for (const command of commands) {
      offset = writeCommand(out, offset, command);
      this.written.push(command);
    }
    this.socket.write(out);
  }

  private connect(): void {
    const { hostname, port, protocol } = this.url;
    const host = hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    const options = { host, port: Number(port || 6379) };
    const socket =
      protocol === "rediss:"
        ? connectTls({
            ...options,
            ...(isIP(host) ? {} : { servername: host }),
            ...this.options.tls,
          })
        : connectTcp(options);
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      socket.destroy(Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" })),
    );
    socket.once(protocol === "rediss:" ? "secureConnect" : "connect", () => {
      socket.setTimeout(0);
      this.handshake();
    });
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("error", (error: Error & { code?: string }) => {
      // A certificate refused will not change by itself, unlike a server away (ECONNREFUSED…).
      if (!this.ready && !/^E[A-Z]+$/.test(error.code ?? "")) this.refusal ??= error;
      if (this.listenerCount("error") > 0) this.emit("error", error);
    });
    socket.on("close", () => this.lost(socket));
  }

  /**
   * AUTH, SELECT and the name, answered before any command goes: one sent with a refused
   * password would run as Redis's default user.
   */
  private handshake(): void {
    const setup: RedisArgument[][] = [];
    const user = decodeURIComponent(this.url.username);
    const password = decodeURIComponent(this.url.password);
    if (password) setup.push(user ? ["auth", user, password] : ["auth", password]);
    else if (user) setup.push(["auth", user]);
    const db = Number(this.url.pathname.slice(1) || 0);
    if (db) setup.push(["select", db]);
    setup.push(["client", "setname", `aduan:${this.options.name}`]);
    let unanswered = setup.length;
    this.flush(
      setup.map((args) =>
        encode(args, (error) => {
          if (error) {
            this.refusal = error;
            this.socket?.destroy(error);
          } else if (--unanswered === 0) {
            this.ready = true;
            this.attempts = 0;
            this.flush(this.waiting.splice(0));
          }
        }),
      ),
    );
  }

  private read(chunk: Buffer): void {
    const socket = this.socket;
    const data = this.unread ? Buffer.concat([this.unread, chunk]) : chunk;
    this.unread = undefined;
    let offset = 0;
    while (offset < data.length) {
      let parsed: ReturnType<typeof parseReply>;
      try {
        parsed = parseReply(data, offset);
      } catch (error) {
        socket?.destroy(error as Error);
        return;
      }
      if (!parsed) break;
      offset = parsed.end;
      const command = this.written[this.writtenHead++];
      if (!command) {
        socket?.destroy(new Error("Redis answered a command that was not sent"));
        return;
      }
      if (this.writtenHead === this.written.length) {
        this.written = [];
        this.writtenHead = 0;
      }
      const { reply } = parsed;
      if (reply instanceof RedisReplyError) command.settle(reply);
      else command.settle(undefined, reply);
      // A refused handshake destroys the connection: the rest is answered by its loss.
      if (socket?.destroyed) return;
    }
    if (offset < data.length) this.unread = data.subarray(offset);
  }

  private lost(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.ready = false;
    this.unread = undefined;
    const unanswered = this.written.slice(this.writtenHead);
    this.written = [];
    this.writtenHead = 0;
    const refusal = this.refusal;
    this.refusal = undefined;
    const lost = new RedisConnectionLostError(
      "the connection to Redis closed before Redis answered (the command may have run)",
    );
    for (const command of unanswered) command.settle(refusal ?? lost);
    if (this.closed || refusal) {
      this.failWaiting(refusal ?? new Error("Redis connection is closed (quit)"));
      return;
    }
    if (this.waiting.length === 0) return;
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.socket && !this.closed && this.waiting.length > 0) this.connect();
    }, reconnectDelay(this.attempts));
  }

  private failWaiting(error: Error): void {
    for (const command of this.waiting.splice(0)) command.settle(error);
  }
}

/**
 * Measures a command for RESP, written straight into the buffer of its write by writeCommand
 * (joining its pieces as text first made two copies of each, and garbage of both).
 */
function encode(args: readonly RedisArgument[], settle: Command["settle"]): Command {
  const texts = args.map((arg) => (typeof arg === "number" ? String(arg) : arg));
  const lengths = texts.map((arg) =>
    typeof arg === "string" ? Buffer.byteLength(arg) : arg.length,
  );
  let bytes = headerBytes(texts.length);
  for (const length of lengths) bytes += headerBytes(length) + length + 2;
  return { args: texts, lengths, bytes, settle };
}

/** `*<count>\r\n`, then `$<length>\r\n<argument>\r\n` for each argument. */
function writeCommand(out: Buffer, start: number, command: Command): number {
  let offset = writeHeader(out, start, ARRAY, command.args.length);
  command.args.forEach((arg, index) => {
    const length = command.lengths[index] ?? 0;
    offset = writeHeader(out, offset, BULK, length);
    if (typeof arg === "string") out.write(arg, offset, length);
    else out.set(arg, offset);
    offset += length;
    out[offset++] = CR;
    out[offset++] = LF;
  });
  return offset;
}

const ARRAY = 0x2a; // *
const BULK = 0x24; // $
const CR = 13;
const LF = 10;

/** A type byte, a length in decimal and CRLF. */
function writeHeader(out: Buffer, start: number, type: number, length: number): number {
  out[start] = type;
  const end = start + headerBytes(length) - 2;
  let rest = length;
  for (let at = end - 1; at > start; at--) {
    out[at] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  out[end] = CR;
  out[end + 1] = LF;
  return end + 2;
}

function headerBytes(length: number): number {
  let digits = 1;
  for (let rest = length; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return 1 + digits + 2;
}

/** One RESP2 reply from `offset`, or undefined while it has not all arrived. */
function parseReply(
  data: Buffer,
  offset: number,
): { reply: RedisReply | RedisReplyError; end: number } | undefined {
  if (offset >= data.length) return undefined;
  const lineEnd = data.indexOf(CR, offset);
  if (lineEnd < 0 || lineEnd + 1 >= data.length) return undefined;
  const line = data.toString("latin1", offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (data[offset]) {
    case 0x2b: // +
      return { reply: line, end: next };
    case 0x2d: // -
      return { reply: new RedisReplyError(data.toString("utf8", offset + 1, lineEnd)), end: next };
    case 0x3a: // :
      return { reply: Number(line), end: next };
    case 0x24: {
      // $
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (next + length + 2 > data.length) return undefined;
      return { reply: data.subarray(next, next + length), end: next + length + 2 };
    }
    case 0x2a: {
      // *
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: RedisReply[] = [];
      let end = next;
      for (let index = 0; index < count; index++) {
        const item = parseReply(data, end);
        if (!item) return undefined;
        // An error inside an array is a value of it (EXEC's), never a script's reply here.
        items.push(item.reply instanceof RedisReplyError ? null : item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      throw new Error(`Redis sent a reply of unknown type ${JSON.stringify(line.slice(0, 20))}`);
  }
}
