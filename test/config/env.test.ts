import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";

describe("configuration", () => {
  it("has working defaults for a first run", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      TIME_ZONE: "Asia/Jakarta",
      DEFAULT_LANGUAGE: "id",
      TRACKING_CODE_PREFIX: "ADU",
      CONVERSATION_TIMEOUT_MINUTES: 1440,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MEDIA_DIR).toBe(`${config.DATA_DIR}/media`);
    expect(config.MEDIA_ALLOWED_TYPES).toContain("image/jpeg");
  });

  it("treats blank variables as unset, as in a copied .env.example", () => {
    expect(loadConfig({ DATABASE_URL: "", TIME_ZONE: " " }).TIME_ZONE).toBe("Asia/Jakarta");
  });

  it("reports every wrong value on its own line, naming the variable and what is expected", () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: "mysql://root@localhost/aduan",
        TIME_ZONE: "Mars/Olympus",
        DEFAULT_LANGUAGE: "fr",
        TRACKING_CODE_PREFIX: "adu",
        MEDIA_MAX_BYTES: "ten megabytes",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "DATABASE_URL: expected a URL such as postgresql://user:password@host:5432/aduan",
      "TIME_ZONE: expected an IANA time zone such as Asia/Jakarta",
      "DEFAULT_LANGUAGE: expected id or en",
      "TRACKING_CODE_PREFIX: expected 2-6 capital letters, such as ADU",
      "MEDIA_MAX_BYTES: expected a size in bytes, such as 10485760",
    ]);
  });

  it("never repeats a secret value in its error", () => {
    try {
      loadConfig({ REDIS_URL: "http://user:hunter2secret@redis:6379" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("REDIS_URL");
      expect((error as Error).message).not.toContain("hunter2secret");
    }
  });

  it("keeps the queue dashboard off by default and refuses a short ADMIN_PASSWORD", () => {
    const config = loadConfig({});
    expect(config.ADMIN_USER).toBe("admin");
    expect(config.ADMIN_PASSWORD).toBeUndefined();
    expect(() => loadConfig({ ADMIN_PASSWORD: "admin" })).toThrow(
      "ADMIN_PASSWORD: expected at least 12 characters",
    );
    expect(loadConfig({ ADMIN_PASSWORD: "correct-horse-battery" }).ADMIN_PASSWORD).toBe(
      "correct-horse-battery",
    );
  });

  it("serves HTTP on this machine only unless told otherwise, and waits a minute for services", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: 3000,
      STARTUP_TIMEOUT_SECONDS: 60,
    });
    expect(() => loadConfig({ STARTUP_TIMEOUT_SECONDS: "soon" })).toThrow(
      "STARTUP_TIMEOUT_SECONDS: expected a number of seconds",
    );
  });

  it("lowers the helper threads as far as Linux allows unless told a nice value of 0-19", () => {
    expect(loadConfig({}).HELPER_THREAD_NICENESS).toBe(19);
    expect(loadConfig({ HELPER_THREAD_NICENESS: "0" }).HELPER_THREAD_NICENESS).toBe(0);
    for (const value of ["20", "-5", "low"]) {
      expect(() => loadConfig({ HELPER_THREAD_NICENESS: value })).toThrow(
        "HELPER_THREAD_NICENESS: expected a nice value, 0-19",
      );
    }
  });
});
