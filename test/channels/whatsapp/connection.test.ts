import { afterAll, afterEach, describe, expect, it } from "vitest";
import { WhatsAppConnection } from "../../../src/channels/whatsapp/connection.js";
import { LoginPrompt } from "../../../src/channels/whatsapp/login.js";
import { FakeWhatsApp } from "../../support/fake-whatsapp.js";
import { captureLogs } from "../../support/log-capture.js";
import { temporaryDirectory } from "../../support/services.js";
import { eventually } from "../../support/wait.js";

const sessionDir = temporaryDirectory();
const running: WhatsAppConnection[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((connection) => connection.stop()));
});
afterAll(() => sessionDir.remove());

function connect(fake: FakeWhatsApp) {
  const logs = captureLogs();
  const connection = new WhatsAppConnection({
    createClient: fake.createClient,
    login: new LoginPrompt({
      sessionDir: sessionDir.path,
      logger: logs.logger,
      console: { write: () => true } as unknown as NodeJS.WritableStream,
    }),
    logger: logs.logger,
    onMessage: () => undefined,
    reconnect: { firstMs: 50, maxMs: 400 },
  });
  running.push(connection);
  connection.start();
  return { connection, logs };
}

describe("the WhatsApp connection", () => {
  it("reports a failed start with what to check, closes that client and retries with a fresh one", async () => {
    const fake = new FakeWhatsApp();
    fake.linked = true;
    fake.failNextInitialize(new Error("Failed to launch the browser process!"));
    fake.failNextInitialize(new Error("net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/"));
    const { connection, logs } = connect(fake);
    await eventually(() => connection.state === "ready", { what: "ready after two failures" });
    expect(fake.clients).toHaveLength(3);
    expect(fake.clients.slice(0, 2).map((client) => client.destroyCalls > 0)).toEqual([true, true]);
    const failures = logs.lines.filter((line) =>
      line.msg.startsWith("could not open WhatsApp Web"),
    );
    expect(failures).toHaveLength(2);
    expect(failures[0]?.msg).toContain("WHATSAPP_CHROMIUM_PATH");
    // Waiting grows between attempts.
    const delays = logs.lines.flatMap((line) =>
      typeof line.delayMs === "number" ? [line.delayMs] : [],
    );
    expect(delays).toEqual([50, 100]);
  });

  it("asks the operator to link again when WhatsApp refuses the saved session", async () => {
    const fake = new FakeWhatsApp();
    fake.linked = true;
    const { connection, logs } = connect(fake);
    await eventually(() => connection.state === "ready");
    fake.linked = false;
    fake.current?.emit("auth_failure", "session expired");
    await eventually(() => connection.state === "waiting_for_login", { what: "a new QR code" });
    const refused = logs.lines.find((line) => line.reason === "session expired");
    expect(refused?.msg).toContain("link the number again");
    expect(fake.clients[0]?.destroyCalls).toBeGreaterThan(0);
  });

  it("says the session was removed when the phone logs the device out", async () => {
    const fake = new FakeWhatsApp();
    fake.linked = true;
    const { connection, logs } = connect(fake);
    await eventually(() => connection.state === "ready");
    fake.disconnect("LOGOUT");
    await eventually(() =>
      logs.lines.some((line) => line.reason === "LOGOUT" && line.msg.includes("scan the next QR")),
    );
  });

  it("closes the browser when stopped while it waits for the QR code to be scanned", async () => {
    const fake = new FakeWhatsApp();
    const { connection } = connect(fake);
    await eventually(() => fake.current?.state === "waiting_for_login");
    await connection.stop();
    expect(connection.state).toBe("stopped");
    expect(fake.clients.every((client) => client.state === "destroyed")).toBe(true);
    expect(await connection.readyClient(10)).toBeUndefined();
  });
});
