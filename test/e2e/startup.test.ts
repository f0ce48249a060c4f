import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ServiceProcess, startService } from "../support/process.js";
import {
  createTestDatabase,
  REDIS_URL,
  temporaryDirectory,
  uniqueName,
  type TestDatabase,
} from "../support/services.js";

/**
 * What an operator or a newcomer sees when the service cannot start as configured, or starts
 * while a service it needs is away: readable lines naming the variable to check, bounded
 * waits, clean exits, and the HTTP role answering meanwhile.
 */
let db: TestDatabase;
const dataDir = temporaryDirectory();
const prefix = uniqueName("start");
const running: ServiceProcess[] = [];

function start(roles: string, env: Record<string, string>): ServiceProcess {
  const service = startService(roles, {
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir.path,
    ...env,
  });
  running.push(service);
  return service;
}

/** Lines the person who started the process reads on the terminal (not the JSON log). */
const stderrLines = (service: ServiceProcess) => service.stderr.split("\n").filter(Boolean);

beforeAll(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  for (const service of running.splice(0)) {
    service.kill("SIGKILL");
    await service.exited();
  }
});

afterAll(async () => {
  await db.drop();
  dataDir.remove();
});

describe("HTTP_HOST and HTTP_PORT", () => {
  it("stop the process with what to do when the port is taken or the address is not this machine's", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    try {
      const busy = start("http", { HTTP_PORT: String(address.port) });
      expect(await busy.exited()).toBe(1);
      expect(busy.stderr).toBe(
        [
          "Aduan cannot start:",
          `  the HTTP server cannot listen on 127.0.0.1:${address.port} (HTTP_HOST:HTTP_PORT): ` +
            `another program already uses port ${address.port}. Stop it, or set HTTP_PORT to a free port.`,
          "",
        ].join("\n"),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }

    // 203.0.113.0/24 is reserved for documentation: no machine has it; binding sends nothing.
    const elsewhere = start("http", { HTTP_HOST: "203.0.113.7", HTTP_PORT: "3000" });
    expect(await elsewhere.exited()).toBe(1);
    expect(stderrLines(elsewhere)[1]).toBe(
      "  the HTTP server cannot listen on 203.0.113.7:3000 (HTTP_HOST:HTTP_PORT): 203.0.113.7 is not " +
        "an address of this machine. Set HTTP_HOST to one of its addresses, 127.0.0.1 (this machine only) " +
        "or 0.0.0.0 (every interface).",
    );
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
    try {
      const chat = new ServiceProcess(process.execPath, ["dist/src/main.js", "chat"], {
        DATABASE_URL: db.url,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        DATA_DIR: dataDir.path,
        TERMINAL_USER: "rina",
      });
      running.push(chat);
      await chat.waitFor("Ketik /lapor untuk membuat laporan");
      await chat.say("/bantuan", "/lapor");
      chat.endInput();
      expect(await chat.exited()).toBe(0);
      expect(chat.stderr).toBe("");
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
