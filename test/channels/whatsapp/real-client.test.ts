import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TERMINAL_CAPABILITIES } from "../../../src/channels/terminal/terminal-channel.js";
import { startApp, type RunningApp } from "../../../src/app/index.js";
import { loadConfig } from "../../../src/config/env.js";
import { captureLogs, type LogLine } from "../../support/log-capture.js";
import {
  createTestDatabase,
  freePort,
  REDIS_URL,
  temporaryDirectory,
  TEST_REDIS_ENCRYPTION_KEY,
  uniqueName,
  type TestDatabase,
} from "../../support/services.js";
import { eventually } from "../../support/wait.js";

/** Browsers (main processes) running on this session directory. */
function browsersOn(sessionDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return args.some((arg) => arg.startsWith(`--user-data-dir=${sessionDir}`));
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

let db: TestDatabase;
let app: RunningApp | undefined;
const dataDir = temporaryDirectory();
const sessionDir = join(dataDir.path, "whatsapp");
/** Browsers alive as a failure was reported, and after the failed attempt was cleaned up. */
const browsersAtFailure: number[][] = [];
const browsersAfterFailure: number[][] = [];
const logs = captureLogs((line: LogLine) => {
  if (line.msg.startsWith("could not open WhatsApp Web"))
    browsersAtFailure.push(browsersOn(sessionDir));
  if (line.msg === "reconnecting to WhatsApp Web")
    browsersAfterFailure.push(browsersOn(sessionDir));
});

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db.drop();
  dataDir.remove();
});

// .ci/run installs Chromium, so CI always runs this; a developer machine without it skips it.
const chromiumInstalled = existsSync(loadConfig({}).WHATSAPP_CHROMIUM_PATH);

describe.skipIf(!chromiumInstalled)(
  "the real whatsapp-web.js client on the system Chromium",
  () => {
    it("fails cleanly against an unreachable WhatsApp Web, closes the browser and keeps the service running", async () => {
      // Every request goes through a proxy nobody listens on: WhatsApp Web cannot be reached.
      const deadProxy = `--proxy-server=http://127.0.0.1:${await freePort()}`;
      const config = loadConfig({
        DATABASE_URL: db.url,
        REDIS_URL,
        REDIS_PREFIX: uniqueName("warc"),
        REDIS_ENCRYPTION_KEY: TEST_REDIS_ENCRYPTION_KEY,
        DATA_DIR: dataDir.path,
        WHATSAPP_ENABLED: "true",
        WHATSAPP_CHROMIUM_ARGS: `${loadConfig({}).WHATSAPP_CHROMIUM_ARGS.join(" ")} ${deadProxy}`,
      });
      expect(config.WHATSAPP_CHROMIUM_PATH).toBe("/usr/bin/chromium");
      app = await startApp({ config, roles: new Set(["bot", "worker"]), logger: logs.logger });

      const failure = await eventually(
        () => logs.lines.find((line) => line.msg.startsWith("could not open WhatsApp Web")),
        { timeoutMs: 90_000, what: "the failed initialize() to be reported" },
      );
      // The error comes from Chromium itself, so the browser did start.
      expect((failure.err as { message?: string } | undefined)?.message).toContain(
        "net::ERR_PROXY",
      );
      expect(failure.msg).toContain("apt-get install chromium");
      await eventually(() => browsersAfterFailure.length > 0, { what: "the reconnect" });
      expect(browsersAtFailure[0]).toHaveLength(1);
      expect(browsersAfterFailure[0]).toEqual([]);

      // The rest of the service is unaffected.
      const replies = await app.engine?.handle({
        channel: "terminal",
        capabilities: TERMINAL_CAPABILITIES,
        chatId: "operator",
        messageId: "m1",
        user: { id: "operator" },
        content: { kind: "text", text: "/bantuan" },
        receivedAt: new Date(),
      });
      expect(replies?.[0]?.text.map((span) => span.text).join("")).toContain("/lapor");

      await app.stop();
      app = undefined;
      expect(browsersOn(sessionDir)).toEqual([]);
    }, 150_000);
  },
);
