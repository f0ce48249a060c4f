import { describe, expect, it } from "vitest";
import { ConfigError, installationProblems, loadConfig } from "../../../src/config/env.js";

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("WhatsApp settings", () => {
  it("are off by default, with the session under the data directory and a paced sender", () => {
    const config = loadConfig({ DATA_DIR: "/srv/aduan" });
    expect(config).toMatchObject({
      WHATSAPP_ENABLED: false,
      WHATSAPP_SESSION_DIR: "/srv/aduan/whatsapp",
      WHATSAPP_CHROMIUM_PATH: "/usr/bin/chromium",
      WHATSAPP_SEND_PER_MINUTE: 20,
    });
    expect(config.WHATSAPP_CHROMIUM_ARGS).toContain("--no-sandbox");
    expect(config.WHATSAPP_PAIRING_PHONE).toBeUndefined();
  });

  it("accept the pairing phone as people write it, and the browser's switches as a list", () => {
    const config = loadConfig({
      WHATSAPP_ENABLED: "true",
      WHATSAPP_CHROMIUM_PATH: process.execPath,
      WHATSAPP_PAIRING_PHONE: "+62 812-3456-7890",
      WHATSAPP_CHROMIUM_ARGS: " --no-sandbox  --lang=id ",
    });
    expect(config.WHATSAPP_ENABLED).toBe(true);
    expect(config.WHATSAPP_PAIRING_PHONE).toBe("6281234567890");
    expect(config.WHATSAPP_CHROMIUM_ARGS).toEqual(["--no-sandbox", "--lang=id"]);
  });

  it("name what is wrong", () => {
    expect(
      problemsOf({
        WHATSAPP_ENABLED: "yes please",
        WHATSAPP_PAIRING_PHONE: "0812",
        WHATSAPP_SEND_PER_MINUTE: "0",
        WHATSAPP_CHROMIUM_ARGS: "no-sandbox",
      }),
    ).toEqual([
      "WHATSAPP_ENABLED: expected true or false",
      "WHATSAPP_CHROMIUM_ARGS: expected Chromium switches separated by spaces, such as --no-sandbox --disable-gpu",
      "WHATSAPP_PAIRING_PHONE: expected the bot's number in international form, such as 6281234567890",
      "WHATSAPP_SEND_PER_MINUTE: expected a number of messages per minute",
    ]);
  });

  it("need the browser on this machine only to run, not to be checked", () => {
    const config = loadConfig({
      WHATSAPP_ENABLED: "true",
      WHATSAPP_CHROMIUM_PATH: "/nowhere/chromium",
    });
    expect(installationProblems(config)).toEqual([
      "WHATSAPP_CHROMIUM_PATH: no browser at /nowhere/chromium; install it with apt-get install chromium",
    ]);
    expect(
      installationProblems(loadConfig({ WHATSAPP_CHROMIUM_PATH: "/nowhere/chromium" })),
    ).toEqual([]);
  });
});
