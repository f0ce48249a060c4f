import { describe, expect, it } from "vitest";
import type { InboxItem } from "../../../../src/core/desk/desk-store.js";
import { renderInbox } from "../../../../src/core/desk/views/inbox.js";
import { read } from "../../../support/step-context.js";

const TIME_ZONE = "Asia/Jakarta";

const item = (overrides: Partial<InboxItem> = {}): InboxItem => ({
  trackingCode: "ADU-7K3F9Q",
  title: "Jalan berlubang di depan Pasar Baru",
  status: "submitted",
  verifyDueAt: new Date("2026-12-03T10:00:00Z"),
  followUpDueAt: new Date("2026-12-10T10:00:00Z"),
  holdDueAt: null,
  anonymous: false,
  confidential: false,
  ...overrides,
});

const lines = (
  page: { total: number; number: number },
  items: InboxItem[],
  options: { language?: "id" | "en" } = {},
) =>
  read(
    renderInbox({ ...page, size: 10 }, items, {
      language: options.language ?? "id",
      timeZone: TIME_ZONE,
    }).text,
  ).split("\n");

describe("a staff inbox", () => {
  it("lists each report with its status, deadline, privacy flags and title, and how to open one", () => {
    expect(
      lines({ total: 2, number: 1 }, [
        item(),
        item({
          trackingCode: "ADU-M4XP2R",
          status: "on_hold",
          holdDueAt: new Date("2026-12-05T10:00:00Z"),
          anonymous: true,
          confidential: true,
          title: "Pungutan liar di loket pelayanan KTP kecamatan Sukamaju setiap pagi",
        }),
      ]),
    ).toEqual([
      "Laporan menunggu (2) — halaman 1/1",
      "ADU-7K3F9Q · Diterima, menunggu verifikasi · tenggat 3 Des 2026, 17.00 WIB · Jalan berlubang di depan Pasar Baru",
      "ADU-M4XP2R 🕶 🔒 · Ditunda · tenggat 5 Des 2026, 17.00 WIB · Pungutan liar di loket pelayanan KTP kecamatan Su…",
      "Rincian: /lihat <nomor>",
    ]);
  });

  it("shows the deadline each report's status waits on, the same on the desk and at an agency", () => {
    const due = (overrides: Partial<InboxItem>) =>
      lines({ total: 1, number: 1 }, [item(overrides)])[1];
    expect(due({ status: "submitted" })).toContain("tenggat 3 Des 2026, 17.00 WIB");
    expect(due({ status: "routed" })).toContain("tenggat 10 Des 2026, 17.00 WIB");
    // Reopened: the agency answers again, by its follow-up deadline.
    expect(due({ status: "reopened" })).toContain("tenggat 10 Des 2026, 17.00 WIB");
    expect(due({ status: "on_hold", holdDueAt: new Date("2026-12-05T10:00:00Z") })).toContain(
      "tenggat 5 Des 2026, 17.00 WIB",
    );
    expect(due({ verifyDueAt: null })).toContain("tenggat — ·");
  });

  it("says where the next page is, until the last", () => {
    const page = Array.from({ length: 10 }, () => item());
    expect(lines({ total: 12, number: 1 }, page)).toEqual(
      expect.arrayContaining([
        "Laporan menunggu (12) — halaman 1/2",
        "Halaman berikutnya: /masuk 2",
      ]),
    );
    const last = lines({ total: 12, number: 2 }, [item(), item()]);
    expect(last[0]).toBe("Laporan menunggu (12) — halaman 2/2");
    expect(last.some((line) => line.includes("/masuk 3"))).toBe(false);
  });

  it("says when nothing waits, and when a page is past the end", () => {
    expect(lines({ total: 0, number: 1 }, [])).toEqual(["Tidak ada laporan yang menunggu. 🎉"]);
    expect(lines({ total: 12, number: 5 }, [])).toEqual(["Halaman 5 kosong; ada 2 halaman."]);
    expect(lines({ total: 0, number: 1 }, [], { language: "en" })).toEqual([
      "No reports are waiting. 🎉",
    ]);
  });
});
