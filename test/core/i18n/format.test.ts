import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration } from "../../../src/core/i18n/index.js";

describe("times as a reader in Indonesia says them", () => {
  const afternoon = new Date("2026-12-03T10:00:00Z");

  it("names Indonesia's zones WIB, WITA and WIT in English too, and other zones as English does", () => {
    expect(formatDateTime("en", afternoon, "Asia/Jakarta")).toBe("3 Dec 2026, 17:00 WIB");
    expect(formatDateTime("en", afternoon, "Asia/Makassar")).toBe("3 Dec 2026, 18:00 WITA");
    expect(formatDateTime("en", afternoon, "Asia/Jayapura")).toBe("3 Dec 2026, 19:00 WIT");
    expect(formatDateTime("id", afternoon, "Asia/Jayapura")).toBe("3 Des 2026, 19.00 WIT");
    expect(formatDateTime("en", afternoon, "Europe/London")).toBe("3 Dec 2026, 10:00 GMT");
  });

  it("says a timeout in hours when it is whole hours, else in minutes, never rounded up", () => {
    expect(formatDuration("id", 24 * 3_600_000)).toBe("24 jam");
    expect(formatDuration("en", 3_600_000)).toBe("1 hour");
    expect(formatDuration("en", 90 * 60_000)).toBe("90 minutes");
    expect(formatDuration("en", 60_000)).toBe("1 minute");
    expect(formatDuration("id", 30 * 60_000)).toBe("30 menit");
  });
});
