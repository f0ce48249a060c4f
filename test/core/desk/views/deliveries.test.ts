import { describe, expect, it } from "vitest";
import type { ReporterDelivery } from "../../../../src/core/desk/desk-store.js";
import { renderDeliveries } from "../../../../src/core/desk/views/deliveries.js";
import { read } from "../../../support/step-context.js";

const failed = (lastError: string | null): ReporterDelivery => ({
  purpose: "update:reply",
  writtenAt: new Date("2026-11-30T01:00:00Z"),
  state: "failed",
  sentAt: null,
  deliveredAt: null,
  readAt: null,
  lastError,
});

/** The line /lihat shows staff for one failed message to the reporter. */
const line = (lastError: string | null) =>
  read(renderDeliveries([failed(lastError)], { language: "id", timeZone: "Asia/Jakarta" }) ?? [])
    .split("\n")
    .at(1);

describe("a failed message to the reporter, as /lihat shows it", () => {
  it("says why on one short line, without Meta's bracketed code, ids or tokens", () => {
    // What the outbound worker keeps when Meta refuses a send, operator's advice and all.
    const refused =
      "WhatsApp Cloud API 131026: (#131026) Message Undeliverable — Unable to deliver message. " +
      "Reasons can include: The recipient phone number is not a WhatsApp phone number. " +
      "(the number may not use WhatsApp, or its app cannot show this message)";
    const shown = line(refused) ?? "";
    expect(shown).toMatch(
      /^• Tanggapan instansi \(30 Nov 2026, 08\.00 WIB\): ✗ gagal: WhatsApp Cloud API 131026: Message Undeliverable — Unable to deliver message\. .*…$/,
    );
    expect(shown).not.toContain("(#131026)");
    const reason = shown.slice(shown.indexOf("gagal: ") + "gagal: ".length);
    expect(Array.from(reason).length).toBeLessThanOrEqual(160);

    const quoting = line(
      "could not send wamid.HBgNNjI4MTIzNDUwMDAwNxUCABEYEjQ0QUFGMzE2RDk3M0Q5RkM3AA== " +
        "with EAAGm0PX4ZCpsBAKZCZBZAs0ZBZAwQ5ZCZBZAfZBZAZCZAZBZAZCZB: token expired",
    );
    expect(quoting).toBe(
      "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: could not send … with …: token expired",
    );
  });

  it("shows a dash only when nothing was said", () => {
    expect(line(null)).toBe("• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: —");
    expect(line("  \n ")).toBe("• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: —");
  });
});
