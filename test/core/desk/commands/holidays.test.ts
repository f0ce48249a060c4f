import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeskHarness, type DeskHarness } from "../../../support/desk-harness.js";

let desk: DeskHarness;
const ADMIN = "admin-libur";

beforeAll(async () => {
  desk = await createDeskHarness({ holidayToday: new Date("2026-11-30T03:00:00Z") });
  await desk.staff(ADMIN, "admin");
});

afterAll(async () => {
  await desk.close();
});

describe("/libur", () => {
  it("lists this year's holidays from the shipped file, and next year's known so far", async () => {
    const list = await desk.say(ADMIN, "/libur");
    expect(list).toContain("📅 Hari libur 2026 · lengkap");
    expect(list).toContain("• 2026-12-25 (Jumat) Kelahiran Yesus Kristus");
    expect(list).toContain(
      "📅 Hari libur 2027 · belum lengkap: tenggat di 2027 hanya melewati Sabtu, Minggu dan " +
        "hari libur di bawah ini",
    );
    expect(list).toContain("• 2027-01-01 (Jumat) Tahun Baru 2027 Masehi");
    expect(list).toContain("• 2027-03-26 (Jumat) Wafat Yesus Kristus");
    // Deadlines skip the days known before the year is complete.
    expect(desk.holidayCalendar.covers("2027-01-01")).toBe(false);
    expect(desk.holidayCalendar.isWorkingDay("2027-01-01")).toBe(false);
    // A year with no days: its state does not point at a list below that is empty.
    const empty = await desk.say(ADMIN, "/libur 2028");
    expect(empty).toContain(
      "📅 Hari libur 2028 · belum lengkap: tenggat di 2028 hanya melewati Sabtu dan Minggu\n" +
        "Belum ada hari libur yang dicatat.",
    );
    expect(empty).not.toContain("di bawah ini");
  });

  it("takes next year's list line by line, then counts with it once it is declared complete", async () => {
    expect(await desk.say(ADMIN, "/libur lengkap 2028")).toContain(
      "Belum ada hari libur 2028 yang dicatat",
    );
    // Only the eight fixed-date days the file ships: Idul Fitri and cuti bersama are missing.
    const refused = await desk.say(ADMIN, "/libur lengkap 2027");
    expect(refused).toContain(
      "Daftar hari libur 2027 belum bisa ditandai lengkap: 8 hari yang tercatat semuanya " +
        "berasal dari berkas bawaan",
    );
    expect(refused).toContain("cuti bersama 2027 dari SKB 3 Menteri dengan /libur tambah");
    // A shipped day renamed is still one of the file's, not a day of the SKB.
    expect(await desk.say(ADMIN, "/libur tambah 2027-01-01 Tahun Baru")).toContain(
      "2027-01-01 (Jumat) kini bernama Tahun Baru (sebelumnya: Tahun Baru 2027 Masehi)",
    );
    expect(await desk.say(ADMIN, "/libur lengkap 2027")).toContain(
      "Daftar hari libur 2027 belum bisa ditandai lengkap: 8 hari yang tercatat semuanya " +
        "berasal dari berkas bawaan",
    );
    // So is one removed and added again, though an admin entered it this time.
    expect(await desk.say(ADMIN, "/libur hapus 2027-05-01")).toContain(
      "2027-05-01 dihapus dari daftar hari libur",
    );
    expect(await desk.say(ADMIN, "/libur tambah 2027-05-01 Hari Buruh Internasional")).toContain(
      "2027-05-01 (Sabtu) dicatat sebagai hari libur: Hari Buruh Internasional",
    );
    expect(await desk.say(ADMIN, "/libur lengkap 2027")).toContain(
      "Daftar hari libur 2027 belum bisa ditandai lengkap: 8 hari yang tercatat semuanya " +
        "berasal dari berkas bawaan",
    );
    expect(desk.holidayCalendar.covers("2027-06-01")).toBe(false);
    expect(desk.holidayCalendar.isWorkingDay("2027-02-08")).toBe(true);
    expect(
      await desk.say(ADMIN, "/libur tambah 2027-02-08 Cuti bersama Tahun Baru Imlek"),
    ).toContain("2027-02-08 (Senin) dicatat sebagai hari libur: Cuti bersama Tahun Baru Imlek");
    // Counted at once: the calendar skips it, before the year is complete.
    expect(desk.holidayCalendar.isWorkingDay("2027-02-08")).toBe(false);
    expect(
      await desk.say(ADMIN, "/libur tambah 2027-02-08 Cuti bersama Tahun Baru Imlek"),
    ).toContain("sudah tercatat");
    expect(await desk.say(ADMIN, "/libur 2027")).toContain("• 2027-02-08 (Senin) Cuti bersama");

    // The eight shipped days and the one added.
    expect(await desk.say(ADMIN, "/libur lengkap 2027")).toContain(
      "Daftar hari libur 2027 ditandai lengkap (9 hari)",
    );
    expect(desk.holidayCalendar.covers("2027-06-01")).toBe(true);
    expect(await desk.say(ADMIN, "/libur lengkap 2027")).toContain("sudah ditandai lengkap");
    // This year came complete in the shipped file: complete, not "only the file's days".
    expect(await desk.say(ADMIN, "/libur lengkap 2026")).toContain(
      "Daftar hari libur 2026 sudah ditandai lengkap",
    );
    // Every change moves open reports' deadlines; a repeated one does not.
    expect(desk.holidayChanges).toHaveLength(5);
  });

  it("removes a holiday entered by mistake", async () => {
    await desk.say(ADMIN, "/libur tambah 2026-12-31 Libur keliru");
    expect(desk.holidayCalendar.isWorkingDay("2026-12-31")).toBe(false);
    expect(await desk.say(ADMIN, "/libur hapus 2026-12-31")).toContain(
      "2026-12-31 dihapus dari daftar hari libur",
    );
    expect(desk.holidayCalendar.isWorkingDay("2026-12-31")).toBe(true);
    expect(await desk.say(ADMIN, "/libur hapus 2026-12-31")).toContain(
      "2026-12-31 tidak ada di daftar hari libur",
    );
  });

  it("answers with its usage when a date, a year or a name is not one", async () => {
    for (const wrong of [
      "/libur tambah 2027-02-30 Tanggal tidak ada",
      "/libur tambah 1-1-2027 Tahun Baru",
      "/libur tambah 2027-03-01",
      "/libur hapus besok",
      "/libur lengkap",
      "/libur lengkap 27",
      "/libur 2027 2028",
      "/libur kemarin",
    ]) {
      expect(await desk.say(ADMIN, wrong), wrong).toContain("Cara pakai:\n/libur [tahun]");
    }
    // Its examples work as typed: 2027-01-01 is shipped already ("sudah tercatat").
    const usage = await desk.say(ADMIN, "/libur kemarin");
    expect(usage).toContain("contoh: /libur tambah 2027-02-08 Cuti bersama Tahun Baru Imlek");
    expect(usage).toContain("contoh: /libur hapus 2027-02-08");
  });
});
