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

  it("names no phone number or chat id, which staff see for anonymous reports too", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    // whatsapp-channel.ts, when the stored chat id is not one.
    expect(line("WhatsApp: 6281234567890@c.us is not a chat id")).toBe(
      `${prefix}WhatsApp: … is not a chat id`,
    );
    expect(line("WhatsApp: 123456789012345@lid is not a chat id")).toBe(
      `${prefix}WhatsApp: … is not a chat id`,
    );
    expect(line("no such group 120363025246125486@g.us")).toBe(`${prefix}no such group …`);
    expect(line("no such chat 6281234567890-1600000000@g.us")).toBe(`${prefix}no such chat …`);
    expect(line("no such chat status@broadcast")).toBe(`${prefix}no such chat …`);
    // Cloud's errors name the recipient by number, with or without "+", or written out.
    expect(
      line(
        "WhatsApp Cloud API 131030: (#131030) Recipient phone number not in allowed list — " +
          "Recipient 6281234567890 is not a valid WhatsApp user (+6281234567890)",
      ),
    ).toBe(
      `${prefix}WhatsApp Cloud API 131030: Recipient phone number not in allowed list — ` +
        "Recipient … is not a valid WhatsApp user (…)",
    );
    expect(line("cannot reach +62 812-3456-7890")).toBe(`${prefix}cannot reach …`);
    // Short numbers stay: Meta's codes, counts, dates.
    expect(line("131026: Message undeliverable after 3 tries on 2026-11-30")).toBe(
      `${prefix}131026: Message undeliverable after 3 tries on 2026-11-30`,
    );
  });

  it("says Meta's code once, as the webhook's reasons do: 131026: …", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    // The webhook's form (channels.ts) stays as it is.
    expect(line("131026: Message undeliverable")).toBe(`${prefix}131026: Message undeliverable`);
    // A bracketed code where it is not named yet takes the same form.
    expect(line("WhatsApp Cloud API: (#100) Invalid parameter")).toBe(
      `${prefix}WhatsApp Cloud API: 100: Invalid parameter`,
    );
  });

  it("shows a dash only when nothing was said", () => {
    expect(line(null)).toBe("• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: —");
    expect(line("  \n ")).toBe("• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: —");
  });
});
