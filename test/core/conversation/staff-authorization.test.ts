import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportStatus } from "../../../src/generated/prisma/enums.js";
import { createDeskHarness, type DeskHarness } from "../../support/desk-harness.js";
import { captureLogs } from "../../support/log-capture.js";

let desk: DeskHarness;
const logs = captureLogs();

const CITIZEN = "citizen-1";
const OTHER_OFFICER = "officer-health";
const OWN_OFFICER = "officer-roads";
const ADMIN = "admin-1";
const ACTORS = [CITIZEN, OTHER_OFFICER, OWN_OFFICER, ADMIN] as const;

beforeAll(async () => {
  desk = await createDeskHarness({ logger: logs.logger });
  await desk.staff(ADMIN, "admin");
  await desk.staff(OWN_OFFICER, "officer", "dinas-pupr");
  await desk.staff(OTHER_OFFICER, "officer", "dinas-kesehatan");
});

afterAll(async () => {
  await desk.close();
});

/** A fresh report (category roads → dinas-pupr) moved to the state a command needs. */
async function reportIn(state: "submitted" | "routed" | "done"): Promise<string> {
  const { code } = await desk.file();
  const system = { type: "system" } as const;
  if (state === "submitted") return code;
  await desk.workflow.apply({
    trackingCode: code,
    action: "route",
    actor: system,
    agencyId: "dinas-pupr",
  });
  if (state === "done") {
    await desk.workflow.apply({
      trackingCode: code,
      action: "complete",
      actor: system,
      text: "Sudah diperbaiki",
    });
  }
  return code;
}

// refused: not staff / wrong role (nothing changes); agency: not routed to the caller's agency;
// a status: the change happened; ok: the command answered with its content.
type Outcome = "refused" | "agency" | "denied" | ReportStatus | "ok";

interface Row {
  command: (code: string) => string;
  state: "submitted" | "routed" | "done";
  expected: Record<(typeof ACTORS)[number], Outcome>;
  /** Text a successful answer contains, for commands that do not change the status. */
  shows?: string;
}

const staffOnly = (ok: Outcome, agency: Outcome = "agency") => ({
  [CITIZEN]: "refused" as Outcome,
  [OTHER_OFFICER]: agency,
  [OWN_OFFICER]: ok,
  [ADMIN]: ok,
});
const adminOnly = (ok: Outcome) => ({
  [CITIZEN]: "refused" as Outcome,
  [OTHER_OFFICER]: "refused" as Outcome,
  [OWN_OFFICER]: "refused" as Outcome,
  [ADMIN]: ok,
});

const MATRIX: Row[] = [
  { command: () => "/masuk", state: "routed", expected: staffOnly("ok", "ok"), shows: "menunggu" },
  {
    command: (code) => `/lihat ${code}`,
    state: "routed",
    expected: staffOnly("ok"),
    shows: "Riwayat",
  },
  { command: (code) => `/verifikasi ${code}`, state: "submitted", expected: adminOnly("verified") },
  {
    command: (code) => `/verifikasi ${code} dinas-pupr`,
    state: "submitted",
    expected: adminOnly("routed"),
  },
  {
    command: (code) => `/tolak ${code} Laporan ganda`,
    state: "submitted",
    expected: adminOnly("rejected"),
  },
  {
    command: (code) => `/disposisi ${code} dinas-pupr`,
    state: "submitted",
    expected: adminOnly("routed"),
  },
  {
    command: (code) => `/tunda ${code} Menunggu anggaran`,
    state: "routed",
    expected: staffOnly("on_hold"),
  },
  {
    command: (code) => `/bukanwewenang ${code} Jalan provinsi`,
    state: "routed",
    expected: staffOnly("not_authority"),
  },
  {
    command: (code) => `/balas ${code} Sedang kami tangani`,
    state: "routed",
    expected: staffOnly("followed_up"),
  },
  {
    command: (code) => `/catatan ${code} Cek lokasi besok`,
    state: "routed",
    expected: staffOnly("ok"),
    shows: "Catatan internal ditambahkan",
  },
  {
    command: (code) => `/selesai ${code} Sudah ditambal`,
    state: "routed",
    expected: staffOnly("done"),
  },
  {
    command: (code) => `/buka ${code}`,
    state: "done",
    // The citizen is not the reporter: to them the report does not exist.
    expected: {
      [CITIZEN]: "agency",
      [OTHER_OFFICER]: "denied",
      [OWN_OFFICER]: "denied",
      [ADMIN]: "reopened",
    },
  },
  {
    command: () => "/templat tambah salam Terima kasih atas laporan Anda.",
    state: "submitted",
    expected: adminOnly("ok"),
    shows: "disimpan",
  },
  {
    command: () => "/statistik",
    state: "submitted",
    expected: staffOnly("ok", "ok"),
    shows: "Akuntabilitas",
  },
  {
    command: () => "/libur",
    state: "submitted",
    expected: adminOnly("ok"),
    shows: "Hari libur",
  },
  {
    command: () => "/staf daftar",
    state: "submitted",
    expected: adminOnly("ok"),
    shows: "Staf aktif",
  },
];

describe("the staff desk's authorization matrix", () => {
  for (const row of MATRIX) {
    for (const actor of ACTORS) {
      const expected = row.expected[actor];
      it(`${row.command("<code>")} from ${actor} → ${expected}`, async () => {
        const code = await reportIn(row.state);
        const before = await desk.status(code);
        const eventsBefore = await desk.prisma.reportEvent.count({
          where: { report: { trackingCode: code } },
        });
        const reply = await desk.say(actor, row.command(code));
        const after = await desk.status(code);
        switch (expected) {
          case "refused":
            // Staff without the role are told who may; anyone else that it is for staff.
            expect(reply).toContain(
              actor === CITIZEN
                ? "Perintah ini khusus staf meja pengaduan dan instansi."
                : "khusus admin (verifikator) meja pengaduan",
            );
            break;
          case "agency":
            expect(reply).toMatch(/tidak diteruskan ke instansi Anda|tidak ditemukan/);
            break;
          case "denied":
            expect(reply).toContain("tidak berwenang");
            break;
          case "ok":
            expect(reply).toContain(row.shows ?? "");
            expect(after).toBe(before);
            return;
          default:
            expect(after).toBe(expected);
            expect(reply).toContain(code);
            return;
        }
        expect(after).toBe(before);
        const eventsAfter = await desk.prisma.reportEvent.count({
          where: { report: { trackingCode: code } },
        });
        expect(eventsAfter).toBe(eventsBefore);
      });
    }
  }
});

describe("/statistik", () => {
  it("shows officers their own agency only, and admins any agency", async () => {
    expect(await desk.say(OWN_OFFICER, "/statistik")).toContain(
      "Akuntabilitas Dinas Pekerjaan Umum dan Penataan Ruang",
    );
    expect(await desk.say(OWN_OFFICER, "/statistik bulan-ini dinas-kesehatan")).toContain(
      "hanya dapat melihat statistik instansinya sendiri",
    );
    const all = await desk.say(ADMIN, "/statistik bulan-ini");
    expect(all).toContain("Akuntabilitas semua instansi");
    expect(all).toContain("Tingkat tindak lanjut");
    expect(await desk.say(ADMIN, "/statistik 2026 dinas-kesehatan")).toContain(
      "Akuntabilitas Dinas Kesehatan · 2026-01-01 – 2026-12-31",
    );
    expect(await desk.say(ADMIN, "/statistik kemarin")).toContain("Cara pakai: /statistik");
  });
});

describe("a refused staff command in the log", () => {
  it("names the sender by the last digits of their account, never their whole number", async () => {
    const code = await reportIn("submitted");
    const number = "6281234567890";
    expect(await desk.say(`${number}@c.us`, `/verifikasi ${code}`)).toContain(
      "Perintah ini khusus staf",
    );
    const refusal = logs.lines.find(
      (line) =>
        line.msg.startsWith("staff command refused") && String(line.userId).endsWith("7890"),
    );
    expect(refusal).toMatchObject({ channel: "terminal", userId: "*********7890" });
    expect(JSON.stringify(logs.lines)).not.toContain(number);
  });
});
