import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import { ServiceProcess } from "../support/process.js";
import { PrivateRedis } from "../support/private-services.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import {
  databaseUrl,
  freePort,
  REDIS_URL,
  temporaryDirectory,
  uniqueName,
} from "../support/services.js";
import { eventually } from "../support/wait.js";

/**
 * What an operator or a newcomer sees when the service cannot start as configured, or starts
 * while a service it needs is away: readable lines naming the variable to check, bounded
 * waits, clean exits, and the HTTP role answering meanwhile.
 */
let installation: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;
const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");

/** A process of the installation, with these settings over its own; it is not waited for. */
const start = (roles: string, env: Record<string, string>): Promise<ServiceProcess> =>
  installation.start({ roles, env, waitUntilRunning: false });

/** Lines the person who started the process reads on the terminal (not the JSON log). */
const stderrLines = (service: ServiceProcess) => service.stderr.split("\n").filter(Boolean);

async function stderrShows(service: ServiceProcess, text: string | RegExp): Promise<string> {
  return eventually(
    () =>
      stderrLines(service).find((line) =>
        typeof text === "string" ? line.includes(text) : text.test(line),
      ),
    { timeoutMs: 30_000, what: `${String(text)} on stderr:\n${service.stderr}` },
  );
}

const logMessages = (service: ServiceProcess) =>
  service.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

async function readyz(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Accepts connections and never answers, like a host that drops every packet. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  installation = await startService({
    platform: "telegram",
    database: "migrated",
    process: false,
  });
  ({ fake } = installation);
});

afterEach(() => installation.killAll());

afterAll(() => installation.stop());

describe("an unreachable Redis or PostgreSQL at start", () => {
  it("gets one line per attempt naming REDIS_URL with the password masked, then an exit saying what to check", async () => {
    const port = await freePort();
    const service = await start("worker", {
      REDIS_URL: `redis://aduan:s3cret-redis-pass@127.0.0.1:${port}`,
      STARTUP_TIMEOUT_SECONDS: "3",
    });
    expect(await service.exited()).toBe(1);
    const lines = stderrLines(service);
    const attempts = lines.filter((line) => line.includes("is not answering"));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    for (const [index, line] of attempts.entries()) {
      expect(line).toMatch(
        new RegExp(
          `^Redis at redis://aduan:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) is not answering: ` +
            `connect ECONNREFUSED; retrying in \\d+ s \\(attempt ${index + 1}, giving up after 3 s\\)$`,
        ),
      );
    }
    expect(lines.slice(attempts.length)).toEqual([
      "Aduan cannot start:",
      `  Redis at redis://aduan:***@127.0.0.1:${port} (REDIS_URL) did not answer within 3 s (connect ECONNREFUSED). ` +
        "Check that Redis is running and reachable from this machine and that REDIS_URL points to it; " +
        "STARTUP_TIMEOUT_SECONDS sets how long to wait.",
    ]);
    const output = service.stdout + service.stderr;
    expect(output).not.toContain("s3cret-redis-pass");
    expect(output).not.toMatch(/^\s+at /m);
    // The README shows the operator the same lines, for Redis on its default address.
    const readmeLine = (line: string) =>
      line
        .replace(`redis://aduan:***@127.0.0.1:${port}`, "redis://127.0.0.1:6379")
        .replace(/retrying in \d+ s/, "retrying in 1 s")
        .replace(/attempt \d+/, "attempt 1")
        .replace(/3 s/g, "60 s");
    for (const line of [attempts[0] ?? "missing", (lines.at(-1) ?? "missing").trim()])
      expect(readme.includes(readmeLine(line)), `README shows: ${readmeLine(line)}`).toBe(true);
  });

  it("starts as soon as Redis answers, after saying it waited", async () => {
    const redis = await PrivateRedis.create();
    try {
      await redis.stop();
      const service = await start("worker", {
        REDIS_URL: redis.url,
        STARTUP_TIMEOUT_SECONDS: "120",
      });
      await stderrShows(service, `Redis at ${redis.url} (REDIS_URL) is not answering`);
      await redis.start();
      await service.waitFor("Aduan is running", 60_000);
      expect(stderrLines(service).at(-1)).toBe(`Redis at ${redis.url} (REDIS_URL) answers now`);
    } finally {
      await redis.destroy();
    }
  }, 90_000);

  it("gets the same lines for DATABASE_URL", async () => {
    const port = await freePort();
    const url = `postgresql://aduan:s3cret-pg-pass@127.0.0.1:${port}/aduan`;
    const service = await start("worker", { DATABASE_URL: url, STARTUP_TIMEOUT_SECONDS: "2" });
    expect(await service.exited()).toBe(1);
    const masked = `postgresql://aduan:***@127.0.0.1:${port}/aduan`;
    expect(stderrLines(service)[0]).toBe(
      `PostgreSQL at ${masked} (DATABASE_URL) is not answering: connect ECONNREFUSED; ` +
        "retrying in 1 s (attempt 1, giving up after 2 s)",
    );
    expect(stderrLines(service).slice(-2)).toEqual([
      "Aduan cannot start:",
      `  PostgreSQL at ${masked} (DATABASE_URL) did not answer within 2 s (connect ECONNREFUSED). ` +
        "Check that PostgreSQL is running and reachable from this machine and that DATABASE_URL " +
        "points to it; STARTUP_TIMEOUT_SECONDS sets how long to wait.",
    ]);
    expect(service.stdout + service.stderr).not.toContain("s3cret-pg-pass");
  });

  it("says plainly that the database does not exist and how to create it, without a stack", async () => {
    const name = uniqueName("aduan_missing");
    const url = databaseUrl(name);
    const service = await start("worker", { DATABASE_URL: url });
    expect(await service.exited()).toBe(1);
    const { hostname, port, username } = new URL(url);
    expect(service.stderr).toBe(
      [
        "Aduan cannot start:",
        `  PostgreSQL at ${url} (DATABASE_URL) has no database "${name}". Create it with ` +
          `\`createdb -h ${hostname} -p ${port} -U ${username} ${name}\`, or point DATABASE_URL at an existing database.`,
        "",
      ].join("\n"),
    );
    expect(service.stdout).not.toContain("stack");
  });

  it("is stopped cleanly by SIGTERM while it waits, saying so in its log", async () => {
    const service = await start("worker", {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      STARTUP_TIMEOUT_SECONDS: "120",
    });
    await stderrShows(service, "is not answering");
    service.kill("SIGTERM");
    expect(await service.exited()).toBe(0);
    expect(logMessages(service).slice(-2)).toEqual(["shutting down", "stopped"]);
    expect(service.stderr).not.toContain("cannot start");
  });
});

describe("an unreachable Telegram at start", () => {
  it("is retried in the background while HTTP answers, /readyz names it, and SIGHUP stops the process", async () => {
    const httpPort = await freePort();
    const apiRoot = `http://127.0.0.1:${await freePort()}`;
    const service = await start("bot,worker,http", {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: apiRoot,
      HTTP_PORT: String(httpPort),
    });
    await service.waitFor("Aduan is running", 60_000);
    await service.waitFor(
      `cannot reach Telegram at ${apiRoot} (TELEGRAM_API_ROOT): connect ECONNREFUSED; retrying in 1 s`,
    );
    await service.waitFor("retrying in 2 s");
    expect(await readyz(httpPort)).toEqual({
      status: 503,
      body: {
        status: "fail",
        error: "not ready: telegram failing",
        failing: ["telegram"],
        parts: {
          redis: { status: "ok" },
          database: { status: "ok" },
          telegram: { status: "fail", state: "connecting: connect ECONNREFUSED" },
        },
      },
    });

    // Closing the terminal sends SIGHUP: a shutdown like SIGTERM, logged.
    service.kill("SIGHUP");
    expect(await service.exited()).toBe(0);
    expect(logMessages(service).slice(-2)).toEqual(["shutting down", "stopped"]);
    expect(service.stdout).toContain('"reason":"SIGHUP"');
    expect(service.stdout + service.stderr).not.toContain(fake.token);
  }, 90_000);

  it("gives up on a call that gets no answer within 10 seconds, and tries again", async () => {
    const silent = await silentServer();
    try {
      const apiRoot = `http://127.0.0.1:${silent.port}`;
      const service = await start("bot", {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: apiRoot,
      });
      await service.waitFor(
        `cannot reach Telegram at ${apiRoot} (TELEGRAM_API_ROOT): Request to 'getMe' timed out after 10 seconds; retrying in 1 s`,
        60_000,
      );
    } finally {
      await silent.close();
    }
  }, 90_000);

  it("starts polling once Telegram answers, and /readyz turns ready", async () => {
    const httpPort = await freePort();
    fake.failNext("getMe", { status: 502, description: "Bad Gateway" }, 2);
    const service = await start("bot,http", {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      HTTP_PORT: String(httpPort),
    });
    await service.waitFor("502 Bad Gateway; retrying in 1 s", 60_000);
    const waiting = await readyz(httpPort);
    expect(waiting.status).toBe(503);
    await service.waitFor("Telegram long polling started", 30_000);
    expect(await readyz(httpPort)).toMatchObject({
      status: 200,
      body: { parts: { telegram: { status: "ok", state: "polling" } } },
    });
  }, 90_000);
});

describe("a bot token Telegram refuses", () => {
  it("stops the process, since no retry fixes it", async () => {
    const service = await start("bot,worker", {
      TELEGRAM_BOT_TOKEN: `987654321:${"x".repeat(35)}`,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    expect(await service.exited()).toBe(1);
    const reason = `Telegram refused the bot token (401 Unauthorized from ${fake.apiRoot}): check TELEGRAM_BOT_TOKEN with @BotFather`;
    expect(service.stderr).toBe(`Aduan cannot start:\n  ${reason}\n`);
    expect(logMessages(service).slice(-2)).toEqual(["shutting down", "stopped"]);
    const readmeLine = reason.replace(fake.apiRoot, "https://api.telegram.org");
    expect(readme.includes(readmeLine), `README shows: ${readmeLine}`).toBe(true);
  });
});

describe("HTTP_HOST and HTTP_PORT", () => {
  it("stop the process with what to do when the port is taken or the address is not this machine's", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    try {
      const busy = await start("http", { HTTP_PORT: String(address.port) });
      expect(await busy.exited()).toBe(1);
      expect(busy.stderr).toBe(
        [
          "Aduan cannot start:",
          `  the HTTP server cannot listen on 127.0.0.1:${address.port} (HTTP_HOST:HTTP_PORT): ` +
            `another program already uses port ${address.port}. Stop it, or set HTTP_PORT to a free port.`,
          "",
        ].join("\n"),
      );
      const readmeLine = (stderrLines(busy)[1] ?? "missing").replaceAll(
        String(address.port),
        "3000",
      );
      expect(readme.includes(readmeLine.trim()), `README shows: ${readmeLine}`).toBe(true);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }

    // 203.0.113.0/24 is reserved for documentation: no machine has it; binding sends nothing.
    const elsewhere = await start("http", { HTTP_HOST: "203.0.113.7", HTTP_PORT: "3000" });
    expect(await elsewhere.exited()).toBe(1);
    expect(stderrLines(elsewhere)[1]).toBe(
      "  the HTTP server cannot listen on 203.0.113.7:3000 (HTTP_HOST:HTTP_PORT): 203.0.113.7 is not " +
        "an address of this machine. Set HTTP_HOST to one of its addresses, 127.0.0.1 (this machine only) " +
        "or 0.0.0.0 (every interface).",
    );
  });
});

describe("HELPER_THREAD_NICENESS", () => {
  /** The nice value of each thread of a process: its main thread's (its own id), the others'. */
  function niceValues(pid: number): { main: number; helpers: number[] } {
    // nice is the 19th field of a thread's stat line, the 17th after the command's ")".
    const nice = (thread: string) => {
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const threads = readdirSync(`/proc/${pid}/task`);
    return {
      main: nice(String(pid)),
      helpers: threads.filter((thread) => thread !== String(pid)).map(nice),
    };
  }

  it("leaves the main thread, which answers citizens, ahead of V8's and libuv's helpers", async () => {
    const service = await start("worker", {});
    await service.waitFor("Aduan is running", 60_000);
    const { main, helpers } = niceValues(service.child.pid ?? 0);
    expect(main).toBe(0);
    // V8's four workers at least (node's --v8-pool-size), and libuv's pool once it is used.
    expect(helpers.length).toBeGreaterThanOrEqual(4);
    expect(new Set(helpers)).toEqual(new Set([19]));
    expect(service.stdout).toContain('"msg":"helper threads lowered"');

    const unchanged = await start("worker", { HELPER_THREAD_NICENESS: "0" });
    await unchanged.waitFor("Aduan is running", 60_000);
    const untouched = niceValues(unchanged.child.pid ?? 0);
    expect(new Set([untouched.main, ...untouched.helpers])).toEqual(new Set([0]));
  });
});

describe("npm run chat", () => {
  it("needs no HTTP port: it works while port 3000 is taken", async () => {
    // Taken by this test, or by something else already: busy either way.
    const taken = createServer();
    await new Promise<void>((resolve) => {
      taken.once("error", () => resolve());
      taken.listen(3000, "127.0.0.1", resolve);
    });
    // The compiled entry point rather than `npm run chat`, whose build this test has no time for.
    const chat = new ServiceProcess(process.execPath, ["dist/src/main.js", "chat"], {
      DATABASE_URL: installation.db.url,
      REDIS_URL,
      REDIS_PREFIX: installation.redisPrefix,
      DATA_DIR: installation.dataDir,
      TERMINAL_USER: "rina",
    });
    try {
      await chat.waitFor("Ketik /lapor untuk membuat laporan");
      await chat.say("/bantuan", "/lapor");
      chat.endInput();
      expect(await chat.exited()).toBe(0);
      expect(chat.stderr).toBe("");
    } finally {
      chat.kill("SIGKILL");
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe("a second npm run chat on the same ./data", () => {
  it("says which process holds the embedded database, and nothing else", async () => {
    const shared = temporaryDirectory();
    // This test process plays the first chat, which holds the embedded database.
    writeFileSync(join(shared.path, "pglite.pid"), String(process.pid));
    const second = new ServiceProcess(process.execPath, ["dist/src/main.js", "chat"], {
      REDIS_URL,
      REDIS_PREFIX: installation.redisPrefix,
      DATA_DIR: shared.path,
    });
    try {
      expect(await second.exited()).toBe(1);
      expect(second.stderr).toBe(
        [
          "Aduan cannot start:",
          `  the embedded database in ${shared.path}/pglite is in use by process ${process.pid}; stop ` +
            "that process, or set DATABASE_URL so several processes can share a PostgreSQL server",
          "",
        ].join("\n"),
      );
      // The log file has the reason too.
      expect(readFileSync(join(shared.path, "logs", "aduan.log"), "utf8")).toContain(
        `is in use by process ${process.pid}`,
      );
    } finally {
      second.kill("SIGKILL");
      shared.remove();
    }
  });
});

describe("a catalog naming the desk's group as an agency's", () => {
  it("stops at start naming the agency and the setting", async () => {
    const directory = temporaryDirectory();
    try {
      const catalogFile = join(directory.path, "catalog.yaml");
      const shipped = readFileSync(join(PROJECT_ROOT, "config", "catalog.yaml"), "utf8");
      writeFileSync(
        catalogFile,
        shipped.replace("  - id: setda\n", "  - id: setda\n    chat: -1009990001\n"),
      );
      const service = await start("bot", {
        STAFF_CHAT_ID: "-1009990001",
        CATALOG_FILE: catalogFile,
      });
      expect(await service.exited()).toBe(1);
      expect(stderrLines(service)).toContain(
        `  ${catalogFile}: agency 'setda': its chat is the desk's group (STAFF_CHAT_ID); give the agency a group of its own`,
      );
    } finally {
      directory.remove();
    }
  });
});

describe("WhatsApp without its browser", () => {
  it("stops at start naming WHATSAPP_CHROMIUM_PATH", async () => {
    const service = await start("bot", {
      WHATSAPP_ENABLED: "true",
      WHATSAPP_CHROMIUM_PATH: "/nowhere/chromium",
    });
    expect(await service.exited()).toBe(1);
    expect(service.stderr).toBe(
      [
        "Aduan cannot start; fix these settings (see .env.example):",
        "  WHATSAPP_CHROMIUM_PATH: no browser at /nowhere/chromium; install it with apt-get install chromium",
        "",
      ].join("\n"),
    );
  });
});
