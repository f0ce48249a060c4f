import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../../../src/core/desk/desk-store.js";
import { renderTimeline } from "../../../../src/core/desk/views/timeline.js";
import { read } from "../../../support/step-context.js";

const event = (overrides: Partial<TimelineEntry>): TimelineEntry => ({
  at: new Date("2026-11-28T02:30:00Z"),
  type: "submitted",
  actorType: "reporter",
  staffName: null,
  public: true,
  text: null,
  attachments: 0,
  ...overrides,
});

const EVENTS: TimelineEntry[] = [
  event({}),
  event({
    at: new Date("2026-11-30T01:00:00Z"),
    type: "verified",
    actorType: "staff",
    staffName: "Admin Meja",
  }),
  event({
    at: new Date("2026-11-30T01:05:00Z"),
    type: "note",
    actorType: "staff",
    staffName: null,
    public: false,
    text: "Sudah dicek ke lokasi oleh tim UPT.",
  }),
  event({ at: new Date("2026-12-03T10:00:00Z"), type: "reminded", actorType: "system" }),
];

describe("a report's timeline for staff", () => {
  it("says who did what when, marks internal events and quotes their text", () => {
    expect(
      read(renderTimeline(EVENTS, { language: "id", timeZone: "Asia/Jakarta" })).split("\n"),
    ).toEqual([
      "Riwayat:",
      "• 28 Nov 2026, 09.30 WIB — Laporan diterima (pelapor)",
      "• 30 Nov 2026, 08.00 WIB — Laporan diverifikasi (Admin Meja)",
      "• 30 Nov 2026, 08.05 WIB — Catatan internal (—) 🔒 internal: Sudah dicek ke lokasi oleh tim UPT.",
      "• 3 Des 2026, 17.00 WIB — Pengingat tenggat dikirim (sistem)",
    ]);
  });

  it("says first in Indonesian why a message waits for its recipient (WhatsApp's 24-hour window)", () => {
    // What the WhatsApp Cloud channel keeps when a notice has no template (NoticeHeldError).
    const held =
      "WhatsApp: held until the recipient writes again — more than 24 hours since they last " +
      "wrote and no template for 'replied' in WHATSAPP_CLOUD_TEMPLATES_FILE";
    const waiting = event({
      at: new Date("2026-11-30T01:00:00Z"),
      type: "delivery_waiting",
      actorType: "system",
      public: false,
      text: held,
    });
    const line = (language: "id" | "en") =>
      read(renderTimeline([waiting], { language, timeZone: "Asia/Jakarta" })).split("\n")[1];
    expect(line("id")).toBe(
      "• 30 Nov 2026, 08.00 WIB — Pesan menunggu penerimanya menulis lagi (sistem) 🔒 internal: " +
        "sudah lebih dari 24 jam sejak penerima terakhir menulis dan " +
        "tidak ada templat yang disetujui; terkirim begitu ia menulis lagi / " +
        held,
    );
    expect(line("en")).toBe(
      "• 30 Nov 2026, 08:00 WIB — Message waiting for its recipient to write again (system) 🔒 internal: " +
        held,
    );
  });

  it("quotes a failed or held message's reason as the delivery line does, naming nobody", () => {
    // The platforms' own errors, as the outbound worker keeps them: they quote the recipient.
    const secrets = [
      "6281234567890",
      "+62 812-3456-7890",
      "@c.us",
      "wamid.HBgNNjI4MTIzNDUwMDAwNxUCABEYEjQ0QUFGMzE2RDk3M0Q5RkM3AA==",
      "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
      "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
      "1001234567890",
    ];
    const quoting = event({
      type: "delivery_failed",
      actorType: "system",
      public: false,
      text:
        `WhatsApp: ${secrets[0]}@c.us is not a chat id (${secrets[1]}); ${secrets[3]} via ` +
        `bot${secrets[4]} to chat -${secrets[6]}`,
    });
    const held = { ...quoting, type: "delivery_waiting" as const };
    for (const language of ["id", "en"] as const) {
      const shown = read(renderTimeline([quoting, held], { language, timeZone: "Asia/Jakarta" }));
      for (const secret of secrets) expect(shown).not.toContain(secret);
    }
    const [, failed] = read(
      renderTimeline([quoting], { language: "id", timeZone: "Asia/Jakarta" }),
    ).split("\n");
    expect(failed).toBe(
      "• 28 Nov 2026, 09.30 WIB — Pesan tidak terkirim (sistem) 🔒 internal: " +
        "WhatsApp: … is not a chat id (…); … via bot…:… to chat -…",
    );
  });

  it("explains a failure's well-known code in Indonesian first, then English", () => {
    const undeliverable = event({
      type: "delivery_failed",
      actorType: "system",
      public: false,
      text:
        "WhatsApp Cloud API 131026: (#131026) Message Undeliverable — Unable to deliver message. " +
        "(the number may not use WhatsApp, or its app cannot show this message)",
    });
    const line = (language: "id" | "en") =>
      read(renderTimeline([undeliverable], { language, timeZone: "Asia/Jakarta" })).split("\n")[1];
    expect(line("id")).toBe(
      "• 28 Nov 2026, 09.30 WIB — Pesan tidak terkirim (sistem) 🔒 internal: " +
        "131026: nomor tidak dapat menerima pesan WhatsApp / message undeliverable",
    );
    expect(line("en")).toBe(
      "• 28 Nov 2026, 09:30 WIB — Message not delivered (system) 🔒 internal: " +
        "131026: message undeliverable: the number cannot receive WhatsApp messages",
    );
  });

  it("is written in the staff's language", () => {
    const english = read(renderTimeline(EVENTS, { language: "en", timeZone: "Asia/Jakarta" }));
    expect(english.split("\n")[0]).toBe("History:");
    expect(english).toContain("— Report received (reporter)");
    expect(english).toContain("🔒 internal: Sudah dicek");
  });
});
