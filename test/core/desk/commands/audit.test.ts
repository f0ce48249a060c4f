import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeskHarness, type DeskHarness } from "../../../support/desk-harness.js";

let desk: DeskHarness;
const ADMIN = "admin-audit";
const OTHER_ADMIN = "admin-lain";
const OFFICER = "petugas-audit";

beforeAll(async () => {
  desk = await createDeskHarness();
  await desk.staff(ADMIN, "admin");
  await desk.staff(OTHER_ADMIN, "admin");
  await desk.staff(OFFICER, "officer", "dinas-pupr");
});

afterAll(async () => {
  await desk.close();
});

describe("/audit", () => {
  it("shows an admin who saw and who changed a report, never an anonymous reporter's name", async () => {
    const { code } = await desk.file({ anonymous: true });
    expect(await desk.say(OTHER_ADMIN, `/lihat ${code}`)).toContain(code);
    await desk.say(OTHER_ADMIN, `/verifikasi ${code} dinas-pupr`);

    const trail = await desk.say(ADMIN, `/audit ${code}`);
    expect(trail).toContain(`Jejak audit ${code}`);
    expect(trail).toMatch(/— pelapor: Laporan diterima/i);
    expect(trail).toContain(`${OTHER_ADMIN} (admin (verifikator)) melihat laporan`);
    expect(trail).toMatch(
      new RegExp(`${OTHER_ADMIN} \\(admin \\(verifikator\\)\\): Laporan diverifikasi`),
    );
    await desk.say(OTHER_ADMIN, `/berkas ${code}`);
    expect(await desk.say(ADMIN, `/audit ${code}`)).toMatch(
      new RegExp(`${OTHER_ADMIN} \\(admin \\(verifikator\\)\\) melihat berkas`),
    );
    expect(trail).not.toContain("Siti Rahayu");
    expect(trail).not.toContain("+6281234567890");
    // Lines come in the order things happened: the view before the verification.
    expect(trail.indexOf("melihat laporan")).toBeLessThan(trail.indexOf("Laporan diverifikasi"));
  });

  it("pages a long trail", async () => {
    const { code } = await desk.file();
    for (let view = 0; view < 20; view++) await desk.say(ADMIN, `/lihat ${code}`);
    const first = await desk.say(ADMIN, `/audit ${code}`);
    expect(first).toContain("21 catatan, halaman 1 dari 2");
    expect(first).toContain(`Halaman berikutnya: /audit ${code} 2`);
    const second = await desk.say(ADMIN, `/audit ${code} 2`);
    expect(second).toContain("halaman 2 dari 2");
    expect(second.match(/melihat laporan/g)).toHaveLength(6);
    expect(await desk.say(ADMIN, `/audit ${code} 3`)).toContain("Halaman 3 tidak ada");
  });

  it("records staff additions, role changes and removals, and template edits", async () => {
    await desk.say(ADMIN, "/staf tambah calon-staf petugas disdukcapil");
    await desk.say(ADMIN, "/staf tambah calon-staf admin");
    await desk.say(ADMIN, "/staf hapus calon-staf");
    await desk.say(ADMIN, "/templat tambah syarat Syarat: KTP dan KK.");
    await desk.say(ADMIN, "/templat tambah syarat Syarat: KTP, KK dan akta.");
    await desk.say(ADMIN, "/templat hapus syarat");

    const trail = await desk.say(ADMIN, "/audit staf");
    const lines = trail.split("\n");
    // Newest first.
    expect(lines[1]).toContain(`${ADMIN} (admin (verifikator)) menghapus templat #syarat`);
    expect(trail).toContain(`${ADMIN} (admin (verifikator)) menyimpan templat #syarat`);
    expect(trail).toContain("menghapus terminal:calon-staf (admin (verifikator)) dari staf");
    expect(trail).toContain(
      "mengubah peran terminal:calon-staf: petugas Dinas Kependudukan dan Pencatatan Sipil → admin (verifikator)",
    );
    expect(trail).toContain(
      "menambahkan terminal:calon-staf sebagai petugas Dinas Kependudukan dan Pencatatan Sipil",
    );

    const edits = await desk.prisma.auditEvent.findMany({
      where: { subject: "syarat" },
      orderBy: { id: "asc" },
    });
    expect(edits.map((edit) => [edit.action, edit.data])).toEqual([
      ["template_saved", { text: "Syarat: KTP dan KK." }],
      [
        "template_saved",
        { text: "Syarat: KTP, KK dan akta.", previousText: "Syarat: KTP dan KK." },
      ],
      ["template_removed", { text: "Syarat: KTP, KK dan akta." }],
    ]);
  });

  it("is for admins only", async () => {
    const { code } = await desk.file();
    expect(await desk.say(OFFICER, `/audit ${code}`)).toContain("khusus");
  });
});
