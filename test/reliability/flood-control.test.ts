import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../../src/core/time/dates.js";
import { TestClock } from "../support/clock.js";
import { createDeskHarness, DESK_CHAT } from "../support/desk-harness.js";
import {
  createEngineHarness,
  media,
  pngNumbered,
  type EngineHarness,
} from "../support/engine-harness.js";

/**
 * Guarantee 5: one citizen cannot flood the bot, file unlimited reports or attach unlimited
 * files; and whatever they send, the replies go back to them alone.
 */
let harness: EngineHarness;
let strict: EngineHarness;

beforeAll(async () => {
  // The daily cap counts per Jakarta day: two reports filed across its midnight would both be
  // accepted. This citizen's clock runs from noon of today in Jakarta.
  const noon = new Date(`${todayIn("Asia/Jakarta")}T12:00:00+07:00`);
  harness = await createEngineHarness({
    limits: { messagesPerWindow: 1000, windowMs: 60_000, reportsPerDay: 1 },
    clock: new TestClock(noon).now,
  });
  // Flood windows are whole minutes: the strict citizen's 40 messages must not straddle two,
  // or the count starts again half way. Its clock runs from the start of a minute.
  const nextMinute = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  strict = await createEngineHarness({
    limits: { messagesPerWindow: 5, windowMs: 60_000, reportsPerDay: 1 },
    clock: new TestClock(nextMinute).now,
  });
});

afterAll(async () => {
  await harness.close();
  await strict.close();
});

describe("flood control", () => {
  it("drops messages beyond the limit with one polite notice per window, not one per message", async () => {
    const warga = strict.citizen("flood-1");
    const answered: number[] = [];
    const notices: string[] = [];
    for (let index = 0; index < 40; index++) {
      const replies = await warga.send(`halo ${index}`);
      if (replies.length > 0) answered.push(index);
      if (warga.lastText().includes("terlalu banyak pesan")) notices.push(warga.lastText());
    }
    expect(answered).toEqual([0, 1, 2, 3, 4, 5]);
    expect(notices).toEqual([
      "Anda mengirim terlalu banyak pesan dalam waktu singkat. Mohon tunggu sekitar 60 detik; " +
        "pesan yang dikirim sampai saat itu tidak diproses.",
    ]);
    // Another citizen is not affected.
    const other = strict.citizen("flood-2");
    await other.send("/bantuan");
    expect(other.lastText()).toContain("Perintah yang tersedia");
  });

  it("counts a staff member's messages in the desk's group apart from their private chat", async () => {
    const nextMinute = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const desk = await createDeskHarness({
      clock: new TestClock(nextMinute).now,
      limits: { messagesPerWindow: 3, windowMs: 60_000, reportsPerDay: 10 },
    });
    try {
      await desk.staff("flood-admin", "admin");
      const inGroup = { group: true, chatId: DESK_CHAT.chatId } as const;
      const heard: string[] = [];
      for (let index = 0; index < 6; index++) {
        heard.push(await desk.say("flood-admin", "/bantuan", inGroup));
      }
      expect(heard.slice(0, 3).every((reply) => reply.startsWith("Perintah petugas"))).toBe(true);
      expect(heard.slice(3)).toEqual([
        "Anda mengirim terlalu banyak pesan dalam waktu singkat. Mohon tunggu sekitar 60 detik; " +
          "pesan yang dikirim sampai saat itu tidak diproses.",
        "",
        "",
      ]);
      // The private chat keeps a count of its own.
      expect(await desk.say("flood-admin", "/bantuan")).toMatch(/^Perintah petugas/);
    } finally {
      await desk.close();
    }
  });

  it("caps reports per day and keeps the refused draft", async () => {
    const warga = harness.citizen("daily-1");
    await warga.fillComplaint();
    await warga.press("Kirim");
    expect(warga.lastText()).toContain("sudah tercatat");
    await warga.fillComplaint({ title: "Sampah menumpuk di pinggir sungai" });
    await warga.press("Kirim");
    expect(warga.lastText()).toContain("Anda sudah mengirim 1 laporan hari ini");
    expect(warga.lastLabels()).toContain("✅ Kirim");
    expect(await harness.intake.queue.getJobCountByTypes("wait", "active", "completed")).toBe(1);
  });

  it("accepts at most the configured number of attachments", async () => {
    const warga = harness.citizen("files-1");
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Lampu jalan mati di Jalan Melati");
    await warga.send("Sudah seminggu lampu jalan di Jalan Melati mati sehingga gelap dan rawan.");
    await warga.press("Jalan dan jembatan");
    await warga.send("Jalan Melati, Kelurahan Sukamaju, Kecamatan Cibeunying");
    await warga.send("kemarin");
    for (let index = 1; index <= 4; index++) {
      await warga.deliver({
        kind: "attachment",
        media: media(pngNumbered(index), `foto${index}.png`),
      });
      expect(warga.lastText()).toContain(`Lampiran diterima (${index} dari maksimal 5)`);
    }
    // The fifth fills the step, which moves on; a sixth file is not taken.
    await warga.deliver({ kind: "attachment", media: media(pngNumbered(5), "foto5.png") });
    expect(warga.lastText()).toContain("Sudah 5 lampiran, jumlah maksimal");
    await warga.deliver({ kind: "attachment", media: media(pngNumbered(6), "foto6.png") });
    expect(warga.lastText()).not.toContain("Lampiran diterima");
    expect(warga.lastText()).toContain("Silakan tekan salah satu tombol pilihan");
  });
});
