import { readFileSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { redisScript } from "../../src/core/redis-script.js";
import {
  RedisConnectionLostError,
  RedisReplyError,
  RedisScriptClient,
} from "../../src/infra/redis-scripts.js";
import { PrivateRedis } from "../support/private-services.js";
import { createTestRedis, REDIS_URL, uniqueName } from "../support/services.js";
import { eventually } from "../support/wait.js";

const TLS_DIR = join(import.meta.dirname, "../support/tls");
const redis = createTestRedis();
const clients: RedisScriptClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit()));
});
afterAll(() => redis.cleanup());

function client(url = REDIS_URL): RedisScriptClient {
  const created = new RedisScriptClient(url, { name: uniqueName("scripts-test") });
  created.on("error", () => undefined);
  clients.push(created);
  return created;
}

const key = (name: string) => `${redis.prefix}:${name}`;

/** Listens on a free loopback port, and says which. */
async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Passes what `inbound` carries to the test Redis and back; the Redis side is returned. */
function relayToRedis(inbound: Socket): Socket {
  const upstream = connect(Number(new URL(REDIS_URL).port || 6379), "127.0.0.1");
  inbound.pipe(upstream).pipe(inbound);
  inbound.on("error", () => undefined);
  upstream.on("error", () => undefined);
  return upstream;
}
const ECHO = redisScript("return {KEYS[1], ARGV[1], tonumber(ARGV[2]), false, {ARGV[3]}}");
const INCREMENT = redisScript("return redis.call('incr', KEYS[1])");

describe("RedisScriptClient", () => {
  it("answers each of many scripts run at once with its own reply, in Redis's types", async () => {
    const scripts = client();
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        scripts.run(
          ECHO,
          [key(`k${index}`)],
          [`Jalan Melati ${index} — é`, index, Buffer.from([index % 256, 0, 13, 10])],
        ),
      ),
    );
    replies.forEach((reply, index) => {
      expect(reply).toEqual([
        Buffer.from(key(`k${index}`)),
        Buffer.from(`Jalan Melati ${index} — é`),
        index,
        null,
        [Buffer.from([index % 256, 0, 13, 10])],
      ]);
    });
  });

  it("reads a reply larger than one read of the socket", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    const reply = await client().run(redisScript("return ARGV[1]"), [], [big]);
    expect(Buffer.isBuffer(reply) && reply.toString()).toBe(big);
  });

  it("reads a reply that arrives one byte at a time", async () => {
    const reply = "*3\r\n$4\r\nhé!\r\n*2\r\n:42\r\n$-1\r\n+OK\r\n";
    const server = createServer((socket) => {
      socket.on("data", (chunk: Buffer) => {
        const bytes = [...Buffer.from(chunk.includes("evalsha") ? reply : "+OK\r\n")];
        const next = () => {
          const byte = bytes.shift();
          if (byte === undefined) return;
          socket.write(Buffer.from([byte]));
          setTimeout(next, 1);
        };
        next();
      });
    });
    const port = await listening(server);
    try {
      expect(await client(`redis://127.0.0.1:${port}`).run(INCREMENT, ["k"], [])).toEqual([
        Buffer.from("hé!"),
        [42, null],
        "OK",
      ]);
    } finally {
      server.close();
    }
  });

  it("sends a script Redis does not know whole, as after a restart or SCRIPT FLUSH", async () => {
    const scripts = client();
    expect(await scripts.run(INCREMENT, [key("counter")], [])).toBe(1);
    await redis.redis.script("FLUSH");
    expect(await scripts.run(INCREMENT, [key("counter")], [])).toBe(2);
    expect(await scripts.run(INCREMENT, [key("counter")], [])).toBe(3);
  });

  it("rejects with Redis's own message a script that fails, and goes on with the next", async () => {
    const scripts = client();
    await redis.redis.set(key("text"), "not a number");
    const refused = scripts.run(INCREMENT, [key("text")], []);
    await expect(refused).rejects.toThrow(RedisReplyError);
    await expect(refused).rejects.toThrow(/not an integer/);
    expect(await scripts.run(INCREMENT, [key("after")], [])).toBe(1);
  });

  it("uses the database, user and password the URL names, and says when Redis refuses them", async () => {
    const user = uniqueName("aduan-turns");
    await redis.redis.call("ACL", "SETUSER", user, "on", ">s3cret p@ss", "~*", "+@all");
    const url = (password: string) => {
      const named = new URL(REDIS_URL);
      named.username = user;
      named.password = encodeURIComponent(password);
      named.pathname = "/3";
      return named.toString();
    };
    const three = redis.redis.duplicate({ db: 3 });
    try {
      const SET = redisScript("return redis.call('set', KEYS[1], ARGV[1])");
      await client(url("s3cret p@ss")).run(SET, [key("db")], ["in 3"]);
      expect(await three.get(key("db"))).toBe("in 3");
      expect(await redis.redis.get(key("db"))).toBeNull();

      await expect(client(url("wrong")).run(SET, [key("db")], ["never"])).rejects.toThrow(
        /WRONGPASS/,
      );
      expect(await three.get(key("db"))).toBe("in 3");

      // A user without a password is not authenticated, as ioredis reads such a URL.
      const defaultUser = new URL(REDIS_URL);
      defaultUser.username = "default";
      await client(defaultUser.toString()).run(SET, [key("db")], ["in 0"]);
      expect(await redis.redis.get(key("db"))).toBe("in 0");
      await redis.redis.del(key("db"));
    } finally {
      await three.del(key("db"));
      await three.quit();
      await redis.redis.call("ACL", "DELUSER", user);
    }
  });

  it("speaks TLS to a rediss:// URL", async () => {
    // A TLS terminator in front of the test Redis, with a certificate made for these tests
    // (test/support/tls: `openssl req -x509 -newkey ec … -subj /CN=localhost`, for 100 years).
    const certificate = readFileSync(join(TLS_DIR, "localhost.crt"));
    const terminator = createTlsServer(
      { key: readFileSync(join(TLS_DIR, "localhost.key")), cert: certificate },
      (inbound) => {
        relayToRedis(inbound);
      },
    );
    const port = await listening(terminator);
    try {
      // The certificate names localhost, which may resolve to ::1 where nothing listens.
      const scripts = new RedisScriptClient(`rediss://127.0.0.1:${port}`, {
        name: uniqueName("scripts-test"),
        tls: { ca: certificate, servername: "localhost" },
      });
      clients.push(scripts);
      expect(await scripts.run(INCREMENT, [key("tls")], [])).toBe(1);

      const untrusting = client(`rediss://127.0.0.1:${port}`);
      await expect(untrusting.run(INCREMENT, [key("tls")], [])).rejects.toThrow(/self-signed/);
    } finally {
      terminator.close();
    }
  });

  it("refuses commands once quit, after answering those already sent", async () => {
    const scripts = client();
    const sent = scripts.run(INCREMENT, [key("quit")], []);
    // Unknown to Redis: answered NOSCRIPT, then sent whole, still before QUIT.
    const fresh = scripts.run(redisScript(`return '${key("fresh")}'`), [], []);
    await scripts.quit();
    await expect(sent).resolves.toBe(1);
    await expect(fresh).resolves.toEqual(Buffer.from(key("fresh")));
    await expect(scripts.run(INCREMENT, [key("quit")], [])).rejects.toThrow(/closed \(quit\)/);
  });

  it("gives up quitting within seconds when the server never answers", async () => {
    const silent = createServer((socket) => socket.on("error", () => undefined));
    const port = await listening(silent);
    try {
      const scripts = client(`redis://127.0.0.1:${port}`);
      const waiting = scripts.run(INCREMENT, ["k"], []);
      await scripts.quit();
      await expect(waiting).rejects.toThrow(/closed \(quit\) before the command was sent/);
    } finally {
      silent.close();
    }
  }, 15_000);
});

describe("RedisScriptClient when the connection is lost", () => {
  it("fails a command that was written and not answered, since it may have run", async () => {
    // Between the client and Redis: drops the connection as the next command goes through.
    let dropNext = false;
    const proxy = createServer((inbound) => {
      const upstream = relayToRedis(inbound);
      inbound.on("data", () => {
        if (!dropNext) return;
        dropNext = false;
        upstream.destroy();
        inbound.destroy();
      });
    });
    const port = await listening(proxy);
    try {
      const scripts = client(`redis://127.0.0.1:${port}`);
      expect(await scripts.run(INCREMENT, [key("lost")], [])).toBe(1);
      dropNext = true;
      await expect(scripts.run(INCREMENT, [key("lost")], [])).rejects.toThrow(
        RedisConnectionLostError,
      );
      // The next command reconnects; the one lost did run.
      expect(await scripts.run(INCREMENT, [key("lost")], [])).toBe(3);
    } finally {
      proxy.close();
    }
  });

  it("waits through connections dropped before their handshake was answered", async () => {
    // A proxy in front of a Redis that restarts: it accepts, then drops the first two.
    let connections = 0;
    const proxy = createServer((inbound) => {
      inbound.on("error", () => undefined);
      if (++connections <= 2) {
        inbound.once("data", () => inbound.destroy());
        return;
      }
      relayToRedis(inbound);
    });
    const port = await listening(proxy);
    try {
      expect(await client(`redis://127.0.0.1:${port}`).run(INCREMENT, [key("third")], [])).toBe(1);
      expect(connections).toBe(3);
    } finally {
      proxy.close();
    }
  });

  it("waits while Redis loads its data back after a restart, then runs the script", async () => {
    // A server that answers as Redis does while it reads its append-only file, twice.
    const seen: string[] = [];
    let loading = 2;
    const server = createServer((socket) => {
      socket.on("data", (chunk: Buffer) => {
        const lines = chunk.toString("latin1").split("\r\n");
        lines.forEach((line, index) => {
          if (!line.startsWith("*")) return;
          const name = (lines[index + 2] ?? "").toLowerCase();
          seen.push(name);
          if (name !== "evalsha") socket.write("+OK\r\n");
          else if (loading-- > 0)
            socket.write("-LOADING Redis is loading the dataset in memory\r\n");
          else socket.write(":7\r\n");
        });
      });
    });
    const port = await listening(server);
    try {
      expect(await client(`redis://127.0.0.1:${port}`).run(INCREMENT, ["k"], [])).toBe(7);
      expect(seen).toEqual(["client", "evalsha", "evalsha", "evalsha"]);
    } finally {
      server.close();
    }
  });

  it("keeps commands waiting while Redis is down and runs them once it is back", async () => {
    const server = await PrivateRedis.create();
    try {
      const scripts = client(server.url);
      expect(await scripts.run(INCREMENT, ["waited"], [])).toBe(1);
      await server.stop();
      const errors: Error[] = [];
      scripts.on("error", (error) => errors.push(error));
      const waiting = scripts.run(INCREMENT, ["waited"], []);
      await eventually(() => errors.length >= 2, { what: "attempts to reconnect" });
      expect(errors.every((error) => (error as { code?: string }).code === "ECONNREFUSED")).toBe(
        true,
      );
      await server.start();
      // The server keeps its append-only file: the counter goes on, the script is sent anew.
      await expect(waiting).resolves.toBe(2);
    } finally {
      await server.destroy();
    }
  }, 30_000);
});
