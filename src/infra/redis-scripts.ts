import { EventEmitter } from "node:events";
import { connect as connectTcp, isIP, type Socket } from "node:net";
import { connect as connectTls, type ConnectionOptions as TlsOptions } from "node:tls";
import type { RedisArgument, RedisReply, RedisScript, ScriptRunner } from "../core/redis-script.js";
import { isNetworkErrorCode } from "./startup.js";

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

/** Until the handshake is answered: a server that accepts and says nothing is given up on. */
const CONNECT_TIMEOUT_MS = 10_000;
const LOADING_RETRY_MS = 100;
/** How long quit waits for the scripts already given, then for Redis's answer to QUIT. */
const QUIT_WAIT_MS = 5_000;
/** Waits between attempts to reconnect: 50 ms more each time, at most 2 s (ioredis's). */
const reconnectDelay = (attempt: number) => Math.min(attempt * 50, 2_000);
const closedByQuit = () => new Error("Redis connection is closed (quit)");

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
  /** The handshake was answered and the socket may be written. */
  private ready = false;
  /** Not yet written, in order. */
  private waiting: Command[] = [];
  /** Written, their answers not yet read, in order. */
  private written: Command[] = [];
  private writtenHead = 0;
  private flushScheduled = false;
  private readonly unread = new ReplyBuffer();
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Scripts given to `run` and not yet answered (a resend after NOSCRIPT or LOADING included). */
  private unsettled = 0;
  private drained: (() => void) | undefined;
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
    if (this.closed) return Promise.reject(closedByQuit());
    this.unsettled += 1;
    return new Promise((resolve, reject) => {
      const settled = () => {
        if (--this.unsettled === 0) this.drained?.();
      };
      const command = (name: "evalsha" | "eval", body: string) =>
        this.send([name, body, keys.length, ...keys, ...args], (error, reply) => {
          if (!error) {
            settled();
            resolve(reply ?? null);
          } else if (name === "evalsha" && error.message.startsWith("NOSCRIPT")) {
            command("eval", script.lua);
          } else if (error.message.startsWith("LOADING")) {
            // Redis is reading its data back after a restart: the command waits, as in ioredis.
            setTimeout(() => command(name, body), LOADING_RETRY_MS);
          } else {
            settled();
            reject(error);
          }
        });
      command("evalsha", script.sha);
    });
  }

  /**
   * Refuses new scripts, lets those already given finish (a NOSCRIPT resend included) unless
   * Redis is away, then closes; each wait is bounded, so a shutdown never hangs on Redis.
   */
  async quit(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.socket && this.unsettled > 0) {
      await bounded(new Promise<void>((resolve) => (this.drained = resolve)));
    }
    const socket = this.socket;
    if (socket && this.ready) {
      await bounded(
        new Promise<void>((resolve) => {
          this.waiting.push(encode(["quit"], () => resolve()));
          this.scheduleFlush();
        }),
      );
    }
    clearTimeout(this.reconnectTimer);
    this.failWaiting(new Error("Redis connection closed (quit) before the command was sent"));
    socket?.destroy();
  }

  private send(args: readonly RedisArgument[], settle: Command["settle"]): void {
    // A resend (NOSCRIPT, LOADING) goes on while quit waits for it, never once it closed.
    if (this.closed && !this.socket) {
      settle(closedByQuit());
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
    const tls = protocol === "rediss:";
    const socket = tls
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
    let connected = false;
    socket.once(tls ? "secureConnect" : "connect", () => {
      connected = true;
      this.handshake(socket);
    });
    socket.on("data", (chunk: Buffer) => this.read(socket, chunk));
    // Closing: what is issued from now on waits for the next connection.
    socket.on("end", () => this.closing(socket));
    socket.on("error", (error: Error & { code?: string }) => {
      this.closing(socket);
      // A certificate refused will not change by itself, unlike a server away or a name
      // that did not resolve this time.
      if (tls && !connected && !isNetworkErrorCode(error.code)) this.refusal ??= error;
      if (this.listenerCount("error") > 0) this.emit("error", error);
    });
    socket.on("close", () => this.lost(socket));
  }

  private closing(socket: Socket): void {
    if (this.socket === socket) this.ready = false;
  }

  /**
   * AUTH, SELECT and the name, answered before any command goes: one sent with a refused
   * password would run as Redis's default user.
   */
  private handshake(socket: Socket): void {
    const setup: RedisArgument[][] = [];
    const user = decodeURIComponent(this.url.username);
    const password = decodeURIComponent(this.url.password);
    // A user without a password is not authenticated (ioredis's reading of such a URL).
    if (password) setup.push(user ? ["auth", user, password] : ["auth", password]);
    const db = Number(this.url.pathname.slice(1) || 0);
    if (db) setup.push(["select", db]);
    setup.push(["client", "setname", `aduan:${this.options.name}`]);
    let unanswered = setup.length;
    this.flush(
      setup.map((args) =>
        encode(args, (error) => {
          // Answers of a connection already lost (its commands are failed by its loss).
          if (this.socket !== socket || socket.destroyed) return;
          if (error instanceof RedisReplyError) {
            this.refusal = error;
            socket.destroy(error);
          } else if (!error && --unanswered === 0) {
            socket.setTimeout(0);
            this.ready = true;
            this.attempts = 0;
            this.flush(this.waiting.splice(0));
          }
        }),
      ),
    );
  }

  private read(socket: Socket, chunk: Buffer): void {
    const data = this.unread.add(chunk);
    if (!data) return;
    let offset = 0;
    while (offset < data.length) {
      let parsed: ReturnType<typeof parseReply>;
      try {
        parsed = parseReply(data, offset);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      if ("need" in parsed) {
        this.unread.keep(data.subarray(offset), parsed.need - offset);
        return;
      }
      offset = parsed.end;
      const command = this.written[this.writtenHead++];
      if (!command) {
        socket.destroy(new Error("Redis answered a command that was not sent"));
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
      if (socket.destroyed) return;
    }
  }

  private lost(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.ready = false;
    this.unread.clear();
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
      this.failWaiting(refusal ?? closedByQuit());
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

/** `promise`, or nothing more after QUIT_WAIT_MS. */
function bounded(promise: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The bytes of a reply not yet whole. A long reply arrives in many reads: they are kept apart
 * until the reply's length is there, and joined once, instead of at every read.
 */
class ReplyBuffer {
  private chunks: Buffer[] = [];
  private length = 0;
  /** How many bytes the reply needs before it is worth parsing again. */
  private needed = 0;

  /** What to parse now with `chunk` added, or undefined while the reply is still short. */
  add(chunk: Buffer): Buffer | undefined {
    if (this.chunks.length === 0) return chunk;
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length < this.needed) return undefined;
    const data = Buffer.concat(this.chunks, this.length);
    this.clear();
    return data;
  }

  /** `rest` starts a reply that needs at least `needed` bytes. */
  keep(rest: Buffer, needed: number): void {
    this.chunks = [rest];
    this.length = rest.length;
    this.needed = needed;
  }

  clear(): void {
    this.chunks = [];
    this.length = 0;
    this.needed = 0;
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

/**
 * One RESP2 reply from `offset`, or while it has not all arrived, how far the data must reach
 * before it is worth reading again (a bulk's end; one byte more when a header is cut).
 */
function parseReply(
  data: Buffer,
  offset: number,
): { reply: RedisReply | RedisReplyError; end: number } | { need: number } {
  const lineEnd = offset < data.length ? data.indexOf(CR, offset) : -1;
  if (lineEnd < 0 || lineEnd + 1 >= data.length) return { need: data.length + 1 };
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
      if (next + length + 2 > data.length) return { need: next + length + 2 };
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
        if ("need" in item) return item;
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
