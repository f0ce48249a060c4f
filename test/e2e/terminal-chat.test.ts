import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "../support/engine-harness.js";
import { ServiceProcess } from "../support/process.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { temporaryDirectory, type TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";

let service: ServiceUnderTest<undefined>;
let db: TestDatabase;

beforeAll(async () => {
  // An empty database: the service migrates it at start, as on a fresh install.
  service = await startService({ platform: "none", process: false });
  ({ db } = service);
});
afterAll(() => service.stop());

const chat = (user: string): Promise<ServiceProcess> => service.start({ chatAs: user });

describe("npm run chat", () => {
  it("files a complaint in the terminal, confirms it with a tracking code and shows it with /status", async () => {
    const citizen = await chat("siti");
    try {
      await citizen.waitFor("Ketik /lapor untuk membuat laporan");
      await citizen.say("/lapor", "Apa jenis laporan Anda?");
      await citizen.say("1", "judul singkat");
      await citizen.say("Jalan berlubang di depan Pasar Baru", "Ceritakan apa yang terjadi");
      await citizen.say(
        "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
        "Pilih kategori",
      );
      await citizen.say("1", "Di mana lokasinya?");
      await citizen.say("-6.2088, 106.8456", "Kapan kejadiannya?");
      await citizen.say("kemarin", "foto atau dokumen pendukung");
      await citizen.say("lewati", "Sembunyikan identitas");
      await citizen.say("tidak", "rahasia");
      const summary = await citizen.say("tidak", "Periksa laporan Anda");
      expect(summary).toContain("Judul: Jalan berlubang di depan Pasar Baru");
      const confirmation = await citizen.say(
        "1",
        /Laporan Anda sudah tercatat dengan nomor ADU-[2-9A-HJKMNP-Z]{6}/,
      );
      const code =
        /ADU-[2-9A-HJKMNP-Z]{6}/.exec(confirmation.slice(confirmation.indexOf("tercatat")))?.[0] ??
        "";

      // The worker stores it a moment after the code is told; until then /status says so.
      const status = await eventually(
        async () => {
          const answer = await citizen.say(
            `/status ${code.toLowerCase()}`,
            /Riwayat|sedang disimpan/,
          );
          return answer.includes("Riwayat") ? answer : undefined;
        },
        { what: `report ${code} stored`, timeoutMs: 30_000, intervalMs: 500 },
      );
      await citizen.waitFor("Laporan diterima");
      expect(status).toContain(`${code} — Jalan berlubang di depan Pasar Baru`);
      expect(status).toContain("Status: Diterima, menunggu verifikasi");
      expect(status).toContain("Kategori: Jalan dan jembatan");

      citizen.endInput();
      expect(await citizen.exited()).toBe(0);
      // Ctrl+D is answered, so the person knows the chat ended on purpose.
      expect(citizen.stdout.trimEnd().split("\n").at(-1)).toBe("Sampai jumpa! / Goodbye!");

      const report = await db.database.prisma.report.findUniqueOrThrow({
        where: { trackingCode: code },
        include: { reporter: true, outbox: true },
      });
      expect(report).toMatchObject({
        kind: "pengaduan",
        categoryId: "jalan-jembatan",
        latitude: -6.2088,
        longitude: 106.8456,
        anonymous: false,
        confidential: false,
      });
      expect(report.reporter).toMatchObject({ channel: "terminal", externalId: "siti" });
      // The code was the reply to Kirim, recorded as sent (so not owed): nothing more was
      // queued for her.
      expect(report.outbox.filter((row) => row.state !== "sent")).toEqual([]);
      const recorded = await eventually(
        async () => {
          const rows = await db.database.prisma.outboxMessage.findMany({
            where: { submissionId: report.submissionId },
          });
          return rows.length > 0 ? rows : undefined;
        },
        { what: "the confirmation told at Kirim recorded as sent" },
      );
      expect(recorded.map((row) => [row.purpose, row.state, row.chatId])).toEqual([
        ["confirmation", "sent", "siti"],
      ]);

      // Another citizen cannot read Siti's report, even with its code.
      const other = await chat("budi");
      try {
        await other.waitFor("Ketik /lapor untuk membuat laporan");
        const answer = await other.say(`/status ${code}`, "tidak ditemukan");
        expect(answer).toContain(`Laporan ${code} tidak ditemukan di antara laporan Anda`);
        expect(answer).not.toContain("Jalan berlubang");
        other.endInput();
        expect(await other.exited()).toBe(0);
      } finally {
        other.kill();
      }
    } finally {
      citizen.kill();
    }
  }, 120_000);

  it("answers the menu showing by number, speaks of typing, and says when a file is not there", async () => {
    const files = temporaryDirectory();
    const citizen = await chat("tono");
    try {
      await citizen.waitFor("Ketik /lapor untuk membuat laporan");
      await citizen.say("/lapor", "Ketik nomor pilihan Anda.");
      await citizen.say("/bahasa", "Pilih bahasa");
      await citizen.say("2", "Language switched to English");
      await citizen.waitFor("What kind of report is this?");
      await citizen.say("1", "Write a short title");
      await citizen.say("Broken street lamps in Gang Melati", "Describe what happened");
      await citizen.say(
        "The street lamps in Gang Melati have been dark for a week and people are afraid at night.",
        "Pick the category",
      );
      const location = await citizen.say("1", "Where is it?");
      expect(location).toContain(
        "Type the address (street, village, district) or its coordinates, for example -6.2088, 106.8456. No location needed? Type 1 (Skip).",
      );
      await citizen.say("-6.2088, 106.8456", "When did it happen?");
      const attachments = await citizen.say("yesterday", "Any supporting photos");
      expect(attachments).toContain(
        "Type the file's path, or drag the file into this window; one file per line. No attachments? Type 1 (Skip).",
      );
      expect(location + attachments).not.toMatch(/press|button|share/i);

      const missing = join(files.path, "foto lubang.png");
      await citizen.say(`'${missing}'`, `🤖 Berkas tidak ditemukan / File not found: ${missing}\n`);
      writeFileSync(missing, PNG);
      await citizen.say(
        missing.replace(/ /g, "\\ "),
        "Attachment received (1 of at most 5). More? Type the next file's path. That is all? Type 1 for Done (1 file).",
      );
      await citizen.say("1", "Hide your identity");
      await citizen.say("/batal", "Report cancelled");
      citizen.endInput();
      expect(await citizen.exited()).toBe(0);
    } finally {
      citizen.kill();
      files.remove();
    }
  }, 120_000);

  it("shows a draft left in an earlier run before taking a typed line as its answer", async () => {
    const first = await chat("rina");
    try {
      await first.waitFor("Ketik /lapor untuk membuat laporan");
      await first.say("/lapor", "Apa jenis laporan Anda?");
      await first.say("1", "judul singkat");
      first.endInput();
      expect(await first.exited()).toBe(0);
    } finally {
      first.kill();
    }

    // A new run starts on an empty screen: "halo" is no title, the question comes back, also
    // after a command whose reply did not show it.
    const again = await chat("rina");
    try {
      await again.waitFor("Ketik /lapor untuk membuat laporan");
      await again.say("/bantuan", "hapus identitas Anda dari layanan ini");
      // A menu shown and answered on the new screen is not the draft's question.
      await again.say("/hapusdata", "Hapus identitas Anda?");
      await again.say("2", "Tidak ada yang dihapus");
      const resumed = await again.say("halo", "judul singkat");
      expect(resumed).toContain("Anda punya laporan yang belum selesai, dimulai");
      await again.say("Lampu jalan Gang Melati padam", "Ceritakan apa yang terjadi");
      // A slash with a space after it is a command mistyped, not a file path nor an answer.
      await again.say("/ batal", "Maksud Anda /batal?");
      await again.say("/", "Tulis nama perintah langsung setelah garis miring");
      await again.say("/bantuan?", "Maksud Anda /bantuan?");
      await again.say("/batal", "Laporan dibatalkan");
      again.endInput();
      expect(await again.exited()).toBe(0);
    } finally {
      again.kill();
    }
  }, 120_000);

  it("takes the first answer to a question asked on this screen, options or not", async () => {
    const first = await chat("wulan");
    try {
      await first.waitFor("Ketik /lapor untuk membuat laporan");
      await first.say("/informasi", "Pemberitahuan privasi");
      await first.say("1", "Informasi apa yang Anda butuhkan?");
      await first.say("/batal", "dibatalkan");
      first.endInput();
      expect(await first.exited()).toBe(0);
    } finally {
      first.kill();
    }

    // Agreed before, so the new run's first reply is the question itself, without options.
    const citizen = await chat("wulan");
    try {
      await citizen.waitFor("Ketik /lapor untuk membuat laporan");
      await citizen.say("/informasi", "Informasi apa yang Anda butuhkan?");
      const next = await citizen.say("Jadwal pelayanan KTP elektronik", "Jelaskan");
      expect(next).not.toContain("belum selesai");
      citizen.endInput();
      expect(await citizen.exited()).toBe(0);
    } finally {
      citizen.kill();
    }
  }, 120_000);

  it("takes no first line after a restart as the answer to a menu of the earlier run", async () => {
    const first = await chat("rudi");
    try {
      await first.waitFor("Ketik /lapor untuk membuat laporan");
      await first.say("/bahasa en", "Language switched to English");
      await first.say("/hapusdata", "Erase your identity?");
      await first.say("1", "Last confirmation");
      first.endInput();
      expect(await first.exited()).toBe(0);
    } finally {
      first.kill();
    }

    // The last confirmation is not on the new screen: "1" erases nothing (English stays).
    const again = await chat("rudi");
    try {
      await again.waitFor("Ketik /lapor untuk membuat laporan");
      const answer = await again.say("1", "Type /lapor to file a new report");
      expect(answer).not.toContain("erased");
      expect(await again.say("/dataku", "Language: English")).toContain(
        "The data we hold about you",
      );
      again.endInput();
      expect(await again.exited()).toBe(0);
    } finally {
      again.kill();
    }
  }, 120_000);

  it("stops with one line per problem when the configuration is wrong", async () => {
    const misconfigured = new ServiceProcess("node", ["dist/src/main.js"], {
      TIME_ZONE: "Mars/Olympus",
      DEFAULT_LANGUAGE: "fr",
    });
    expect(await misconfigured.exited()).toBe(1);
    expect(misconfigured.stderr).toBe(
      [
        "Aduan cannot start; fix these settings (see .env.example):",
        "  TIME_ZONE: expected an IANA time zone such as Asia/Jakarta",
        "  DEFAULT_LANGUAGE: expected id or en",
        "",
      ].join("\n"),
    );
  });

  it("stops naming the file, the step and the reason when a flow file is invalid", async () => {
    const flows = temporaryDirectory();
    try {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(
        `${flows.path}/lapor.yaml`,
        "id: lapor\ncommands: [lapor]\ntitle: { id: L, en: L }\nsteps:\n  - id: title\n    field: title\n    type: text\n    minLetters: 0\n    label: { id: J, en: T }\n    prompt: { id: J, en: T }\n",
      );
      const refused = await service.start({
        roles: "all",
        env: { FLOWS_DIR: flows.path },
        waitUntilRunning: false,
      });
      expect(await refused.exited()).toBe(1);
      await eventually(() => refused.stderr.includes("lapor.yaml"));
      expect(refused.stderr).toContain("Aduan cannot start:");
      expect(refused.stderr).toMatch(
        /lapor\.yaml: step 'title'\.minLetters: Too small: expected number to be >=1/,
      );
      expect(refused.stderr).toMatch(
        /lapor\.yaml: steps: no step or preset fills the required field 'kind'|lapor\.yaml: step 'title'/,
      );
    } finally {
      flows.remove();
    }
  });
});
