import { describe, expect, it } from "vitest";
import type { Language, OutboundMessage } from "../../../../src/core/messages.js";
import type { ReportRecord } from "../../../../src/core/reports/records.js";
import {
  agencyButtons,
  deskChoice,
  renderBatch,
  renderCard,
  type BatchedReport,
} from "../../../../src/core/desk/views/card.js";
import { REPORT_STATUSES, type ReportStatus } from "../../../../src/core/words.js";
import { catalog } from "../../../support/engine-harness.js";
import { reportRecord } from "../../../support/report-records.js";
import { labelsOf, read } from "../../../support/step-context.js";

const TIME_ZONE = "Asia/Jakarta";
const CODE = "ADU-7K3F9Q";

function card(
  report: ReportRecord,
  { forDesk = true, language = "id" }: { forDesk?: boolean; language?: Language } = {},
): OutboundMessage {
  return renderCard(report, { catalog, language, timeZone: TIME_ZONE, forDesk });
}
const lines = (message: OutboundMessage) => read(message.text).split("\n");
const buttons = (message: OutboundMessage) => labelsOf(message.choices ?? []);

describe("a report's card", () => {
  it("shows the facts staff need to triage, the reporter, the deadline and where to read more", () => {
    expect(lines(card(reportRecord()))).toEqual([
      `🆕 ${CODE} · Pengaduan`,
      "Status: Diterima, menunggu verifikasi",
      "Jalan berlubang di depan Pasar Baru",
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
      "Kategori: Jalan dan jembatan",
      "Instansi: belum ditentukan (usulan: Dinas Pekerjaan Umum dan Penataan Ruang)",
      "Lokasi: -6.20880, 106.84560",
      "Tanggal kejadian: 27 November 2026",
      "Dikirim: 28 Nov 2026, 09.30 WIB",
      "Lampiran: 2 file",
      "Privasi: terbuka",
      "Pelapor: Siti Aminah · @siti_w · +6281234567890",
      "Tenggat: 3 Des 2026, 17.00 WIB",
      `Rincian: /lihat ${CODE}`,
    ]);
  });

  it("is written in the staff's language", () => {
    const english = lines(card(reportRecord(), { language: "en" }));
    expect(english[0]).toBe(`🆕 ${CODE} · Complaint`);
    expect(english).toContain("Category: Roads and bridges");
    expect(english).toContain("Privacy: open");
    expect(english).toContain("Deadline: 3 Dec 2026, 17:00 WIB");
  });

  it("links shared coordinates to a map, and shows a typed address as it was typed", () => {
    const pinned = card(reportRecord()).text.find((span) => span.link !== undefined);
    expect(pinned).toEqual({
      text: "-6.20880, 106.84560",
      link: "https://www.google.com/maps?q=-6.2088,106.8456",
    });
    const typed = card(
      reportRecord({ latitude: null, longitude: null, address: "Jalan Melati 5, Sukamaju" }),
    );
    expect(lines(typed)).toContain("Lokasi: Jalan Melati 5, Sukamaju");
    expect(typed.text.some((span) => span.link !== undefined)).toBe(false);
    // Both, as another system (Open311) may send them.
    const both = card(reportRecord({ address: "Jalan Melati 5, Sukamaju" }));
    expect(lines(both)).toContain("Lokasi: Jalan Melati 5, Sukamaju · -6.20880, 106.84560");
    const nowhere = card(reportRecord({ latitude: null, longitude: null, address: null }));
    expect(lines(nowhere).some((line) => line.startsWith("Lokasi"))).toBe(false);
  });

  it("starts with its status, reading new only while the desk has yet to look at it", () => {
    const headers = Object.fromEntries(
      REPORT_STATUSES.map((status) => [status, lines(card(reportRecord({ status })))[0]]),
    );
    expect(headers).toEqual({
      submitted: `🆕 ${CODE} · Pengaduan`,
      verified: `☑️ ${CODE} · Pengaduan`,
      routed: `📨 ${CODE} · Pengaduan`,
      followed_up: `💬 ${CODE} · Pengaduan`,
      done: `✅ ${CODE} · Pengaduan`,
      // U+23F8 with U+FE0F: shown as an emoji, not a text glyph, like the other marks.
      on_hold: `⏸️ ${CODE} · Pengaduan`,
      not_authority: `↩️ ${CODE} · Pengaduan`,
      rejected: `❌ ${CODE} · Pengaduan`,
      reopened: `🔁 ${CODE} · Pengaduan`,
    });
    // An agency's card and the English one carry the same mark.
    expect(lines(card(reportRecord({ status: "done" }), { forDesk: false }))[0]).toBe(
      `✅ ${CODE} · Pengaduan`,
    );
    expect(lines(card(reportRecord({ status: "routed" }), { language: "en" }))[0]).toBe(
      `📨 ${CODE} · Complaint`,
    );
  });

  it("names the agency once the report is routed, and the officer who took it", () => {
    const routed = card(
      reportRecord({
        status: "routed",
        agencyId: "dinas-pupr",
        followUpDueAt: new Date("2026-12-10T10:00:00Z"),
        assignee: { displayName: "Budi Santoso", username: "budi_pupr" },
      }),
    );
    expect(lines(routed)).toEqual(
      expect.arrayContaining([
        "Status: Diteruskan ke instansi",
        "Instansi: Dinas Pekerjaan Umum dan Penataan Ruang",
        // After routing, the agency's follow-up deadline counts, not the desk's.
        "Tenggat: 10 Des 2026, 17.00 WIB",
        "Petugas: Budi Santoso",
      ]),
    );
    const byUsername = card(
      reportRecord({ assignee: { displayName: null, username: "budi_pupr" } }),
    );
    expect(lines(byUsername)).toContain("Petugas: @budi_pupr");
  });

  it("shows the hold's own deadline while a report is on hold", () => {
    const held = card(
      reportRecord({
        status: "on_hold",
        verifyDueAt: new Date("2026-12-03T10:00:00Z"),
        holdDueAt: new Date("2026-12-08T10:00:00Z"),
      }),
    );
    expect(lines(held)).toContain("Tenggat: 8 Des 2026, 17.00 WIB");
  });

  it("shows no deadline once the report is done or rejected", () => {
    for (const status of ["done", "rejected"] as const) {
      const closed = card(
        reportRecord({ status, followUpDueAt: new Date("2026-12-10T10:00:00Z") }),
      );
      expect(lines(closed).some((line) => line.startsWith("Tenggat"))).toBe(false);
    }
  });

  it("cuts a long description short", () => {
    const long = card(reportRecord({ description: "Air menggenang ".repeat(100) }));
    const description = lines(long)[3] ?? "";
    expect(Array.from(description)).toHaveLength(700);
    expect(description.endsWith("…")).toBe(true);
  });
});

describe("privacy on a card", () => {
  const identity = ["Siti", "siti_w", "+6281234567890", "6281234567890"];

  it("never shows an anonim reporter's name, username or phone, to the desk or an agency", () => {
    const anonymous = reportRecord({ anonymous: true });
    for (const forDesk of [true, false]) {
      for (const language of ["id", "en"] as const) {
        const shown = card(anonymous, { forDesk, language });
        const everything = JSON.stringify(shown);
        for (const part of identity) expect(everything).not.toContain(part);
      }
    }
    expect(lines(card(anonymous))).toEqual(
      expect.arrayContaining(["Privasi: 🕶 Anonim", "Pelapor: anonim (identitas disembunyikan)"]),
    );
  });

  it("flags a rahasia report so nobody publishes it", () => {
    expect(lines(card(reportRecord({ confidential: true })))).toContain(
      "Privasi: 🔒 Rahasia (jangan dipublikasikan)",
    );
    expect(lines(card(reportRecord({ anonymous: true, confidential: true })))).toContain(
      "Privasi: 🕶 Anonim · 🔒 Rahasia (jangan dipublikasikan)",
    );
    expect(lines(card(reportRecord({ confidential: true }), { language: "en" }))).toContain(
      "Privacy: 🔒 Confidential (never publish)",
    );
  });

  it("says when the reporter agreed that the photos appear on the public page", () => {
    expect(lines(card(reportRecord({ photosPublic: true })))).toContain(
      "Privasi: 📷 Foto boleh tampil di halaman publik",
    );
    expect(lines(card(reportRecord({ photosPublic: true }), { language: "en" }))).toContain(
      "Privacy: 📷 Photos may appear on the public page",
    );
    expect(lines(card(reportRecord()))).toContain("Privasi: terbuka");
  });

  it("shows what the platform gave of a reporter who is not anonim, and a dash for nothing", () => {
    const nameOnly = reportRecord({
      reporter: { displayName: "Rina", username: null, phone: null },
    });
    expect(lines(card(nameOnly))).toContain("Pelapor: Rina");
    const nothing = reportRecord({
      reporter: { displayName: null, username: null, phone: null },
    });
    expect(lines(card(nothing))).toContain("Pelapor: —");
  });
});

describe("the desk's buttons on a card", () => {
  const deskButtons = (status: ReportStatus, extra: Partial<ReportRecord> = {}) =>
    buttons(card(reportRecord({ status, ...extra })));
  // The catalog's short name: the full one does not fit beside the action.
  const PUPR = "Dinas PUPR";

  it("offer to verify a new report and route it to the suggested agency in one press", () => {
    const submitted = card(reportRecord());
    expect(buttons(submitted)).toEqual([
      [`✅ Verifikasi → ${PUPR}`],
      ["↪️ Instansi lain", "⏸️ Tunda", "❌ Tolak"],
    ]);
    expect(submitted.choices?.[0]?.[0]?.value).toBe(deskChoice("vr", CODE));
  });

  it("offer to verify only, when no category suggests an agency", () => {
    expect(deskButtons("submitted", { categoryId: null })).toEqual([
      ["✅ Verifikasi"],
      ["↪️ Instansi lain", "⏸️ Tunda", "❌ Tolak"],
    ]);
  });

  it("follow what each status allows", () => {
    expect(deskButtons("verified")).toEqual([
      [`➡️ Teruskan → ${PUPR}`],
      ["↪️ Instansi lain", "⏸️ Tunda", "❌ Tolak"],
    ]);
    expect(deskButtons("on_hold")).toEqual([
      [`✅ Verifikasi → ${PUPR}`],
      ["↪️ Instansi lain", "❌ Tolak"],
    ]);
    // Held after the desk verified it: back to its agency, not through verification again.
    expect(deskButtons("on_hold", { verifiedAt: new Date(), agencyId: "bpbd" })).toEqual([
      ["➡️ Teruskan → BPBD"],
      ["↪️ Instansi lain", "❌ Tolak"],
    ]);
    // Declined by the category's agency: no shortcut back to it.
    expect(deskButtons("not_authority", { agencyId: "dinas-pupr" })).toEqual([
      ["↪️ Instansi lain", "❌ Tolak"],
    ]);
    expect(deskButtons("not_authority", { agencyId: "bpbd" })).toEqual([
      [`➡️ Teruskan → ${PUPR}`],
      ["↪️ Instansi lain", "❌ Tolak"],
    ]);
    // Reopened: the agency that answered it, whatever the category suggests.
    expect(deskButtons("reopened", { agencyId: "bpbd" })).toEqual([
      ["➡️ Teruskan → BPBD"],
      ["↪️ Instansi lain", "⏸️ Tunda"],
    ]);
  });

  it("are gone once the report is with an agency or closed", () => {
    for (const status of ["routed", "followed_up", "done", "rejected"] as const) {
      expect(
        card(reportRecord({ status, agencyId: "dinas-pupr" })).choices,
        status,
      ).toBeUndefined();
    }
  });

  it("route to the suggested agency by its id", () => {
    const verified = card(reportRecord({ status: "verified" }));
    expect(verified.choices?.[0]?.[0]?.value).toBe(deskChoice("rt", CODE, "dinas-pupr"));
  });

  it("are never on an agency's card, which says how to answer the reporter instead", () => {
    for (const status of REPORT_STATUSES) {
      const agencyCard = card(reportRecord({ status }), { forDesk: false });
      expect(agencyCard.choices, status).toBeUndefined();
      expect(lines(agencyCard).at(-1)).toBe(
        `Balas pesan ini untuk menjawab pelapor, atau /balas ${CODE} <pesan>. Rincian: /lihat ${CODE}`,
      );
    }
  });
});

describe("the agency buttons", () => {
  it("list every agency of the catalog, two to a row, each routing the report there", () => {
    const rows = agencyButtons(CODE, catalog, "id");
    expect(rows.every((row) => row.length <= 2)).toBe(true);
    expect(rows.flat()).toHaveLength(catalog.agencies.length);
    expect(rows[0]).toEqual([
      { value: deskChoice("rt", CODE, "setda"), label: "Sekretariat Daerah" },
      { value: deskChoice("rt", CODE, "dinas-pupr"), label: "Dinas PUPR" },
    ]);
    expect(labelsOf(agencyButtons(CODE, catalog, "en"))[0]).toEqual([
      "Regional Secretariat",
      "Public Works (PUPR)",
    ]);
  });
});

describe("a batch of new reports", () => {
  const batched = (index: number, extra: Partial<BatchedReport> = {}): BatchedReport => ({
    trackingCode: `ADU-BATCH${index}`,
    title: `Pertanyaan warga nomor ${index}`,
    categoryId: "kependudukan",
    anonymous: false,
    confidential: false,
    ...extra,
  });

  it("lists each report on a line with a button that opens its card", () => {
    const batch = renderBatch(
      [
        batched(1),
        batched(2, { anonymous: true, categoryId: null }),
        batched(3, { confidential: true, title: "Judul yang sangat panjang ".repeat(5) }),
      ],
      { catalog, language: "id" },
    );
    expect(lines(batch)).toEqual([
      "🆕 3 laporan baru masuk saat meja sedang ramai:",
      "• ADU-BATCH1 · KTP, KK, akta dan kependudukan · Pertanyaan warga nomor 1",
      "• ADU-BATCH2 🕶 · — · Pertanyaan warga nomor 2",
      `• ADU-BATCH3 🔒 · KTP, KK, akta dan kependudukan · ${"Judul yang sangat panjang ".repeat(5).slice(0, 59)}…`,
      "Tekan nomornya untuk membuka kartunya, atau lihat semua dengan /masuk.",
    ]);
    expect(buttons(batch)).toEqual([["📄 ADU-BATCH1", "📄 ADU-BATCH2"], ["📄 ADU-BATCH3"]]);
    expect(batch.choices?.[0]?.[0]?.value).toBe(deskChoice("op", "ADU-BATCH1"));
  });

  it("gives buttons to the first ten and counts the rest", () => {
    const batch = renderBatch(
      Array.from({ length: 13 }, (_, index) => batched(index + 1)),
      { catalog, language: "en" },
    );
    expect(lines(batch)[0]).toBe("🆕 13 new reports came in while the desk was busy:");
    expect(lines(batch)).toContain("… and 3 more.");
    expect(buttons(batch).flat()).toHaveLength(10);
    expect(buttons(batch).flat().at(-1)).toBe("📄 ADU-BATCH10");
  });
});
