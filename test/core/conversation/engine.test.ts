import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaUnavailableError } from "../../../src/core/media/media-store.js";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { submissionSchema } from "../../../src/core/reports/submission.js";
import { Metrics } from "../../../src/observability/metrics.js";
import { silentLogger, testCipher } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";
import {
  catalog,
  createEngineHarness,
  ELF,
  media,
  PDF,
  PNG,
  BUTTONS,
  TEXT_ONLY,
  type EngineHarness,
  SimulatedCitizen,
} from "../../support/engine-harness.js";
import { captureLogs } from "../../support/log-capture.js";
import { SessionStore } from "../../../src/core/conversation/session-store.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";

let harness: EngineHarness;
let counter = 0;
const citizen = () => harness.citizen(`warga-${++counter}`);

beforeAll(async () => {
  harness = await createEngineHarness();
});
afterAll(async () => {
  await harness.close();
});

async function submittedJobs() {
  const jobs = await harness.intake.queue.getJobs(["waiting", "delayed", "active", "completed"]);
  return jobs.map((job) => ({
    id: job.id,
    data: submissionSchema.parse(testCipher.open((job.data as { sealed: string }).sealed)),
  }));
}

describe("the complaint flow", () => {
  it("asks every step, shows a summary and queues the report with everything collected", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    expect(warga.lastText()).toContain("Periksa laporan Anda sebelum dikirim");
    expect(warga.lastText()).toContain("Judul: Jalan berlubang di depan Pasar Baru");
    expect(warga.lastText()).toContain("Lokasi: -6.20880, 106.84560");

    const before = (await submittedJobs()).length;
    await warga.press("Kirim");
    // The number comes with the reply to Kirim, and the job carries it for the worker.
    const told = /tercatat dengan nomor \*?(ADU-[2-9A-HJKMNP-Z]{6})/.exec(warga.lastText())?.[1];
    expect(told).toBeDefined();

    const jobs = await submittedJobs();
    expect(jobs).toHaveLength(before + 1);
    const job = jobs.find((candidate) => candidate.data.reporter.externalId === warga.id);
    expect(job?.id).toBe(job?.data.submissionId);
    const submission = job?.data;
    expect(submission?.trackingCode).toBe(told);
    expect(submission?.report).toMatchObject({
      kind: "pengaduan",
      title: "Jalan berlubang di depan Pasar Baru",
      categoryId: "jalan-jembatan",
      location: { latitude: -6.2088, longitude: 106.8456 },
      anonymous: false,
      confidential: false,
    });
    expect(submission?.report.eventDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(submission?.reporter.language).toBe("id");

    // The conversation is over: a new message gets the idle help, not another question.
    await warga.send("halo");
    expect(warga.lastText()).toContain("Ketik /lapor");

    // No worker runs here, so the report is not stored yet: /status says it is being stored,
    // to its reporter only; anyone else is told the number is not among their reports.
    await warga.send(`/status ${told ?? ""}`);
    expect(warga.lastText()).toContain(
      `Laporan ${told ?? ""} baru saja dikirim dan sedang disimpan`,
    );
    const other = citizen();
    await other.send(`/status ${told ?? ""}`);
    expect(other.lastText()).toContain("tidak ditemukan di antara laporan Anda");
  });

  it("owes the confirmation told at Kirim until its channel says it was sent", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    const replies = await warga.press("Kirim");
    const confirmation = replies.find((reply) => reply.notice?.kind === "confirmation");
    if (!confirmation)
      throw new Error(`no confirmation in the reply to Kirim: ${warga.lastText()}`);
    const submissionId = confirmation.notice?.submissionId ?? "";
    const owed = () =>
      harness.redis.redis.zscore(`${harness.redis.prefix}:owed-confirmations`, submissionId);
    expect(submissionId).not.toBe("");
    expect(await owed()).not.toBeNull();

    await harness.engine.shown(
      {
        channel: "terminal",
        capabilities: TEXT_ONLY,
        chatId: warga.id,
        messageId: "kirim",
        user: { id: warga.id },
        content: { kind: "text", text: "Kirim" },
        receivedAt: new Date(),
      },
      "42",
      confirmation,
    );
    expect(await owed()).toBeNull();
  });

  it("reads numbered options and typed labels as well as pressed buttons", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.send("2");
    expect(warga.lastText()).toContain("judul singkat");
    await warga.send("Taman kota perlu ditambah lampu");
    await warga.send(
      "Taman kota di alun-alun gelap sekali di malam hari, mohon ditambah lampu penerangan.",
    );
    await warga.send("sampah dan lingkungan");
    // An aspiration skips the location and date steps.
    expect(warga.lastText()).toContain("foto atau dokumen pendukung");
    await warga.send("lewati");
    await warga.send("ya");
    await warga.send("tidak");
    expect(warga.lastText()).toContain("Jenis: Aspirasi");
    expect(warga.lastText()).toContain("Kategori: Sampah dan lingkungan");
    expect(warga.lastText()).toContain("Anonim: Ya");
    expect(warga.lastText()).not.toContain("Lokasi");
  });

  it("re-asks a text step with the reason when the answer is too short or too long", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Jalan");
    expect(warga.lastText()).toContain(
      "Terlalu singkat: tulis minimal 10 huruf atau angka (sekarang 5).",
    );
    await warga.send("Lampu jalan mati ".repeat(9));
    expect(warga.lastText()).toContain("maksimal 150 karakter (sekarang 152)");
    await warga.send("Lampu jalan mati total");
    expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
  });

  it("keeps control characters and direction overrides out of the answers", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Lampu\u0000 jalan \u202Emati\u202C total\u0007");
    await warga.send(
      "Lampu jalan di gang Melati mati total sejak seminggu, warga takut keluar malam.",
    );
    await warga.press("Jalan");
    await warga.press("Lewati");
    await warga.send("hari ini");
    await warga.press("Lewati");
    await warga.press("Tidak");
    await warga.press("Tidak");
    expect(warga.lastText()).toContain("Judul: Lampu jalan mati total\n");
  });

  it("rejects a choice that is not offered and a button from an earlier step", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.send("7.");
    // Beside buttons nobody sees numbers: the reply asks for a press, not for "1 sampai 3".
    expect(warga.lastText()).toBe(
      "Tidak ada pilihan nomor 7. Silakan tekan salah satu tombol pilihan.",
    );
    expect(warga.lastLabels()).toContain("Aspirasi (saran atau usulan)");
    await warga.send("terbang");
    expect(warga.lastText()).toContain("Silakan tekan salah satu tombol pilihan");
    const kindButtons = warga.last;
    await warga.press("Pengaduan");
    warga.last = kindButtons;
    await warga.press("Aspirasi");
    expect(warga.lastText()).toContain("Tombol itu sudah tidak berlaku");
    expect(warga.lastText()).not.toContain("Aspirasi");
  });

  it("accepts a shared location, typed coordinates or an address, and refuses impossible ones", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Got mampet di Jalan Kenanga");
    await warga.send(
      "Saluran air di Jalan Kenanga mampet sehingga air meluap ke rumah warga setiap hujan.",
    );
    await warga.press("Drainase");
    expect(warga.last.at(-1)?.input).toEqual({ kind: "location", label: "📍 Bagikan lokasi" });
    await warga.deliver({ kind: "location", latitude: 91, longitude: 10 });
    expect(warga.lastText()).toContain("Koordinat itu tidak valid");
    await warga.send("gang");
    expect(warga.lastText()).toContain("Alamat terlalu singkat");
    await warga.send("Jl. Kenanga No. 5, Kel. Sukamaju, Kec. Cibeunying");
    expect(warga.lastText()).toContain("Alamat dicatat");
    // The next question's options take the location button's place: nothing to dismiss.
    expect(warga.last).toHaveLength(1);
    expect(warga.last[0]?.input).toBeUndefined();
    expect(warga.lastText()).toContain("Kapan kejadiannya");
    expect(warga.lastLabels()).toEqual(["Hari ini", "Kemarin"]);
  });

  it("dismisses the options once the next question has none, so a stale press is not its answer", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    expect(warga.lastText()).toContain("judul singkat");
    expect(warga.last.at(-1)?.input).toEqual({ kind: "dismiss" });
    // A status asked for meanwhile leaves the question's options alone: it is still pending.
    await warga.send("/lapor");
    expect(warga.last.every((reply) => reply.input === undefined)).toBe(true);
    // Typing the answer to a question without options dismisses nothing more.
    await warga.send("Lampu jalan mati di Gang Melati");
    expect(warga.lastText()).toContain("Ceritakan");
    expect(warga.last.every((reply) => reply.input === undefined)).toBe(true);
  });

  it("acknowledges a skipped location above the next question, whose options replace its button", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Pohon tumbang menutup jalan");
    await warga.send(
      "Pohon besar tumbang setelah hujan deras dan menutup seluruh badan jalan desa.",
    );
    await warga.press("Bencana");
    await warga.press("Lewati");
    expect(warga.last).toHaveLength(1);
    expect(warga.last[0]?.input).toBeUndefined();
    expect(warga.lastText()).toContain("Lokasi dilewati.");
    expect(warga.lastText()).toContain("Kapan kejadiannya");
    expect(warga.lastLabels()).toEqual(["Hari ini", "Kemarin"]);
  });

  it("understands natural dates and refuses future or very old ones", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Pungutan liar di kantor kelurahan");
    await warga.send(
      "Petugas meminta uang tambahan untuk mengurus surat pengantar, tanpa kuitansi resmi.",
    );
    await warga.press("Pungutan liar");
    await warga.send("Kantor Kelurahan Sukamaju, Jl. Melati 2");
    await warga.send("besok lusa");
    expect(warga.lastText()).toContain("Tanggal tidak dikenali");
    // The last day of next year: always ahead, whatever year the suite runs in.
    await warga.send(`31/12/${new Date().getUTCFullYear() + 1}`);
    expect(warga.lastText()).toContain("belum terjadi");
    await warga.send("1/1/1990");
    expect(warga.lastText()).toContain("lebih dari 10 tahun yang lalu");
    await warga.send("3 hari lalu");
    expect(warga.lastText()).toContain("foto atau dokumen pendukung");
  });

  it("stores photos and documents by content hash and refuses other files", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    await warga.press("Ubah lampiran");
    expect(warga.lastText()).toContain("foto atau dokumen pendukung");

    await warga.deliver({ kind: "attachment", media: media(ELF, "foto.jpg") });
    expect(warga.lastText()).toContain("Jenis file ini tidak diterima");
    await warga.deliver({
      kind: "attachment",
      media: media(Buffer.alloc(2 * 1024 * 1024), "besar.jpg"),
    });
    expect(warga.lastText()).toContain("File terlalu besar (2 MB); maksimal 1 MB");
    const expired = {
      kind: "photo" as const,
      download: async () => Promise.reject(new MediaUnavailableError("gone")),
    };
    await warga.deliver({ kind: "attachment", media: expired });
    expect(warga.lastText()).toContain("Silakan kirim ulang");

    await warga.deliver({ kind: "attachment", media: media(PNG, "../../etc/foto.png") });
    expect(warga.lastText()).toContain("Lampiran diterima (1 dari maksimal 5)");
    await warga.deliver({ kind: "attachment", media: media(PDF, "surat.pdf", "document") });
    expect(warga.lastText()).toContain("Lampiran diterima (2 dari maksimal 5)");
    await warga.press("Selesai");
    // A photo on a report that is not rahasia: may it be shown publicly?
    expect(warga.lastText()).toContain("Boleh foto Anda ditampilkan di halaman publik");
    await warga.press("Tidak");
    expect(warga.lastText()).toContain("Lampiran: 2 file");

    await warga.press("Kirim");
    const job = (await submittedJobs()).find(
      (candidate) => candidate.data.reporter.externalId === warga.id,
    );
    const submission = job?.data;
    expect(
      submission?.attachments.map((file) => [file.kind, file.mime, file.originalName]),
    ).toEqual([
      ["photo", "image/png", "foto.png"],
      ["document", "application/pdf", "surat.pdf"],
    ]);
    for (const file of submission?.attachments ?? []) {
      expect(file.storagePath).toBe(
        `${file.sha256.slice(0, 2)}/${file.sha256}.${file.mime === "image/png" ? "png" : "pdf"}`,
      );
      expect(existsSync(join(harness.mediaDir, file.storagePath))).toBe(true);
    }
  });

  it("lets the reporter change any answer from the summary, asking newly needed steps", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Aspirasi");
    await warga.send("Perpanjang jam buka perpustakaan");
    await warga.send(
      "Mohon perpustakaan daerah buka sampai jam sembilan malam agar pelajar bisa belajar.",
    );
    await warga.press("Pendidikan");
    await warga.press("Lewati");
    await warga.press("Tidak");
    await warga.press("Tidak");

    await warga.press("Ubah judul");
    expect(warga.lastText()).toContain("Jawaban saat ini: Perpanjang jam buka perpustakaan");
    await warga.send("Perpanjang jam buka perpustakaan daerah");
    expect(warga.lastText()).toContain("Judul: Perpanjang jam buka perpustakaan daerah");

    // /batal inside a change drops the change, not the report.
    await warga.press("Ubah judul");
    await warga.send("/batal");
    expect(warga.lastText()).toContain(
      "Perubahan dibatalkan; jawaban tetap seperti semula. Untuk membatalkan seluruh laporan, ketik /batal sekali lagi.",
    );
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    expect(warga.lastText()).toContain("Judul: Perpanjang jam buka perpustakaan daerah\n");

    // Turning the aspiration into a complaint makes location and date apply: both are asked.
    await warga.press("Ubah jenis");
    await warga.press("Pengaduan");
    expect(warga.lastText()).toContain("Di mana lokasinya");
    await warga.send("Perpustakaan Daerah, Jl. Pahlawan 10");
    await warga.press("Hari ini");
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    expect(warga.lastText()).toContain("Jenis: Pengaduan");
    expect(warga.lastText()).toContain("Lokasi: Perpustakaan Daerah, Jl. Pahlawan 10");
  });

  it("keeps a skipped answer skipped when /batal drops its change", async () => {
    const warga = citizen();
    await warga.fillComplaint({ skipLocation: true });
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    expect(warga.lastText()).toContain("Lokasi: (tidak diisi)");
    await warga.press("Ubah lokasi");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Perubahan dibatalkan; jawaban tetap seperti semula.");
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    expect(warga.lastText()).toContain("Lokasi: (tidak diisi)");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
  });

  it("puts the attachments back as they were when /batal drops a change to them", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    await warga.press("Ubah lampiran");
    await warga.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
    await warga.press("Selesai");
    await warga.press("Tidak");
    expect(warga.lastText()).toContain("Lampiran: 1 file");

    // A file sent during the change goes; the one there before stays.
    await warga.press("Ubah lampiran");
    await warga.deliver({ kind: "attachment", media: media(PDF, "surat.pdf", "document") });
    expect(warga.lastText()).toContain("Lampiran diterima (2 dari maksimal 5)");
    await warga.send("/batal");
    expect(warga.lastText()).toContain(
      "Perubahan dibatalkan; jawaban tetap seperti semula. Untuk membatalkan seluruh laporan, ketik /batal sekali lagi.",
    );
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    expect(warga.lastText()).toContain("Lampiran: 1 file");

    // Removing them all is a change too: /batal brings the file back.
    await warga.press("Ubah lampiran");
    await warga.press("Hapus semua lampiran");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Lampiran: 1 file");

    await warga.press("Kirim");
    const job = (await submittedJobs()).find(
      (candidate) => candidate.data.reporter.externalId === warga.id,
    );
    expect(job?.data.attachments.map((file) => file.originalName)).toEqual(["foto.png"]);
  });

  it("keeps skipped attachments skipped when /batal drops their change, and a second /batal cancels", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    expect(warga.lastText()).toContain("Lampiran: (tidak diisi)");
    await warga.press("Ubah lampiran");
    await warga.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
    // Read back from Redis by a new process, the draft still knows there was none before.
    harness.restart();
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Perubahan dibatalkan; jawaban tetap seperti semula.");
    expect(warga.lastText()).toContain("Lampiran: (tidak diisi)");
    expect(warga.lastText()).not.toContain("Foto di halaman publik");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
  });

  it("cancels at any point with /batal and from the summary, sending nothing", async () => {
    const warga = citizen();
    const before = (await submittedJobs()).length;
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
    expect(warga.lastText()).toContain("Ketik /lapor untuk mulai lagi");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Tidak ada laporan yang sedang diisi");
    await warga.fillComplaint();
    await warga.press("Batal");
    expect(warga.lastText()).toContain("Batalkan laporan ini?");
    await warga.press("Ya, batalkan");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
    expect(await submittedJobs()).toHaveLength(before);

    // Batal typed by its number, perhaps meant for another option: asked first, and "1" (as
    // for Kirim) goes back to the summary.
    await warga.fillComplaint();
    await warga.send(String(warga.lastLabels().length));
    expect(warga.lastText()).toContain("Batalkan laporan ini?");
    const stale = warga.last;
    await warga.send("1");
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    await warga.press("Kirim");
    expect(await submittedJobs()).toHaveLength(before + 1);

    // That confirmation's Yes, pressed under the next draft's summary, cancels nothing.
    await warga.fillComplaint();
    const yes = stale.flatMap((reply) => reply.choices?.flat() ?? []).at(-1);
    await warga.deliver({ kind: "choice", value: yes?.value ?? "" });
    expect(warga.lastText()).toContain("Tombol itu sudah tidak berlaku");
    await warga.press("Kirim");
    expect(await submittedJobs()).toHaveLength(before + 2);

    // The confirmation asks yes or no, and is answered the way people type those.
    await warga.fillComplaint();
    await warga.press("Batal");
    await warga.send("gak");
    expect(warga.lastText()).toContain("Periksa laporan Anda");
    await warga.press("Batal");
    await warga.send("iya");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
    expect(await submittedJobs()).toHaveLength(before + 2);
  });

  it("answers a message delivered twice only once", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    const first = await warga.deliver(
      { kind: "text", text: "Sampah menumpuk di pasar" },
      "same-message",
    );
    expect(first).not.toHaveLength(0);
    const again = await warga.deliver(
      { kind: "text", text: "Sampah menumpuk di pasar" },
      "same-message",
    );
    expect(again).toEqual([]);
    await warga.send(
      "Sampah di Pasar Baru tidak diangkut selama seminggu dan baunya menyebar ke rumah warga.",
    );
    expect(warga.lastText()).toContain("Pilih kategori");
  });

  it("continues a conversation after a restart, because the state lives in Redis", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Jembatan kayu hampir roboh");
    harness.restart();
    await warga.send(
      "Jembatan kayu penghubung dua desa sudah miring dan papannya banyak yang patah.",
    );
    expect(warga.lastText()).toContain("Pilih kategori");
  });

  it("continues one draft in two bot processes taking turns, as webhooks reach either", async () => {
    const first = harness.engine;
    const second = harness.anotherProcess();
    let current = first;
    const warga = new SimulatedCitizen(() => current, "bergantian", "terminal", BUTTONS);
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    current = second;
    await warga.send("Jembatan kayu hampir roboh");
    expect(warga.lastText()).toContain("Ceritakan");
    // The first process saved the draft last at the title; it must read the second's.
    current = first;
    await warga.send(
      "Jembatan kayu penghubung dua desa sudah miring dan papannya banyak yang patah.",
    );
    expect(warga.lastText()).toContain("Pilih kategori");
    current = second;
    await warga.send("/batal");
    current = first;
    await warga.send("Jembatan kayu hampir roboh");
    expect(warga.lastText()).not.toContain("Ceritakan");
  });

  it("switches language with /bahasa, also in the middle of a flow", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.send("/bahasa");
    expect(warga.lastLabels()).toEqual(["Bahasa Indonesia", "English"]);
    await warga.press("English");
    expect(warga.lastText()).toContain("Language switched to English");
    expect(warga.lastText()).toContain("What kind of report is this?");
    await warga.press("Complaint");
    expect(warga.lastText()).toContain("Write a short title");
    await warga.send("/bahasa id");
    expect(warga.lastText()).toContain("Bahasa diganti ke Bahasa Indonesia");
  });

  it("reminds a reporter who types /lapor in the middle of a report instead of starting over", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("/lapor");
    expect(warga.lastText()).toContain("Anda sedang mengisi laporan");
    expect(warga.lastText()).toContain("judul singkat");
  });

  it("starts another flow from its command or a /start deep link", async () => {
    const warga = citizen();
    await warga.send("/start informasi");
    expect(warga.lastText()).toContain("Halo Warga");
    expect(warga.lastText()).toContain("Informasi apa yang Anda butuhkan");
    const other = citizen();
    await other.send("/info");
    expect(other.lastText()).toContain("Informasi apa yang Anda butuhkan");
    // Cancelled, it is started again by its own command.
    await other.send("/batal");
    expect(other.lastText()).toContain("Ketik /informasi untuk mulai lagi");
  });

  it("explains unknown commands and messages it cannot use", async () => {
    const warga = citizen();
    await warga.send("/terbang");
    expect(warga.lastText()).toContain("Perintah /terbang tidak dikenal");
    await warga.deliver({ kind: "unsupported", what: "stiker" });
    expect(warga.lastText()).toContain("(stiker) tidak bisa diproses");
  });

  it("says an edited or unreadable message cannot be read and what to send instead", async () => {
    const warga = citizen();
    await warga.deliver({ kind: "unsupported", edited: true });
    expect(warga.lastText()).toBe(
      "Maaf, pesan yang diedit tidak bisa kami baca, jadi perubahannya belum tercatat. Kirim ulang teks yang benar sebagai pesan baru.",
    );
    await warga.deliver({ kind: "unsupported" });
    expect(warga.lastText()).toBe(
      "Maaf, pesan ini tidak bisa kami baca (misalnya pesan yang dihapus, atau jenis pesan yang tidak didukung). Kirim isinya sebagai pesan baru: teks, foto, dokumen, atau lokasi.",
    );
    // In a report the edit was usually of an earlier answer: "send it again" would answer the
    // current question with it. Earlier answers change from the summary; the question stays.
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.deliver({ kind: "unsupported", edited: true });
    const asked = warga.lastText();
    expect(asked).toContain(
      "Maaf, pesan yang diedit tidak bisa kami baca, jadi perubahannya belum tercatat. Jawaban sebelumnya bisa diubah lewat Ubah pada ringkasan laporan, sebelum Anda menekan Kirim. Pertanyaan saat ini:",
    );
    expect(asked).toContain("judul singkat");
    expect(asked).not.toContain("sebagai pesan baru");
    // In the citizen's language.
    await warga.send("/bahasa en");
    await warga.deliver({ kind: "unsupported", edited: true });
    const again = warga.lastText();
    expect(again).toContain(
      "Sorry, I cannot read edited messages, so the change was not recorded. An earlier answer can be changed with Change on the report's summary, before you press Send. The current question:\n\nWrite a short title",
    );
    expect(again).not.toContain("as a new message");
    expect(again).not.toContain("this kind of message");
    await warga.deliver({ kind: "unsupported" });
    expect(warga.lastText()).toContain(
      "Sorry, I cannot read this message (for example a deleted message, or a kind of message I do not support).",
    );
  });

  it("takes a slash with a space after it for a command mistyped, not for an answer", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("/ batal");
    expect(warga.lastText()).toBe(
      "Maksud Anda /batal? Ketik perintahnya tanpa spasi atau tanda baca yang menempel padanya.",
    );
    await warga.send("/bantuan?");
    expect(warga.lastText()).toContain("Maksud Anda /bantuan?");
    await warga.send("/terbang!");
    expect(warga.lastText()).toContain("Perintah /terbang tidak dikenal");
    await warga.send("/");
    expect(warga.lastText()).toBe(
      "Tulis nama perintah langsung setelah garis miring, tanpa spasi, misalnya /lapor. " +
        "Ketik /bantuan untuk melihat perintah yang tersedia.",
    );
    await warga.send("Lampu jalan Gang Melati padam");
    expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
  });

  it("points to a citizen's command typed without its slash, and never takes it as an answer", async () => {
    const warga = citizen();
    await warga.send("lapor");
    expect(warga.lastText()).toBe(
      "Maksud Anda /lapor? Perintah diawali garis miring: ketik /lapor",
    );
    await warga.send("status adu-7k3f9q");
    expect(warga.lastText()).toBe(
      "Maksud Anda /status ADU-7K3F9Q? Perintah diawali garis miring: ketik /status ADU-7K3F9Q",
    );
    await warga.send("cek adu–7k3f9q,");
    expect(warga.lastText()).toContain("Maksud Anda /cek ADU-7K3F9Q?");
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Batal.");
    expect(warga.lastText()).toContain("Maksud Anda /batal?");
    expect(warga.lastText()).toContain("Tulis judul singkat laporan Anda");
    // Words that only begin like a command are answers as usual, also when the next word
    // could be a code's six characters.
    await warga.send("Status tempat parkir Pasar Baru");
    expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
  });
});

describe("following reports", () => {
  it("shows a reporter their own reports and their public timeline, and nobody else's", async () => {
    const warga = citizen();
    const intake = new ReportIntake(new PrismaReportStore(harness.db.database.prisma, testCipher), {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    });
    const stored = await intake.store(
      makeSubmission({ externalId: warga.id, title: "Sampah menumpuk di Pasar Baru" }),
    );

    await warga.send(`/status ${stored.trackingCode.toLowerCase().replace("-", " ")}`);
    expect(warga.lastText()).toContain(`${stored.trackingCode} — Sampah menumpuk di Pasar Baru`);
    expect(warga.lastText()).toContain("Status: Diterima, menunggu verifikasi");
    expect(warga.lastText()).toContain("Instansi: belum ditentukan");
    expect(warga.lastText()).toMatch(
      /Riwayat:\n• \d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WIB — Laporan diterima/,
    );

    await warga.send("/laporan");
    expect(warga.lastText()).toContain(
      `${stored.trackingCode} · Diterima, menunggu verifikasi · Sampah menumpuk di Pasar Baru`,
    );

    const other = citizen();
    // Typed in lower case, named as the code is written.
    await other.send(`/status ${stored.trackingCode.toLowerCase()}`);
    expect(other.lastText()).toBe(
      `Laporan ${stored.trackingCode} tidak ditemukan di antara laporan Anda. Periksa kembali nomornya.`,
    );
    await other.send("/laporan");
    expect(other.lastText()).toContain("Anda belum punya laporan");
    await other.send("/status");
    expect(other.lastText()).toContain("Tulis nomor laporan, contoh: /status ADU-7K3F9Q");
    // Words that cannot be a number are not called a report that was not found.
    await other.send("/status jalan rusak belum diperbaiki");
    expect(other.lastText()).toBe(
      "“jalan rusak belum diperbaiki” bukan nomor laporan.\n\n" +
        "Tulis nomor laporan, contoh: /status ADU-7K3F9Q. Daftar laporan Anda: /laporan",
    );
  });
});

describe("an abandoned conversation", () => {
  it("expires after the configured time and tells the reporter when they come back", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const timed = await createEngineHarness({
      clock: () => now,
      conversationTimeoutMs: 60 * 60_000,
    });
    try {
      const warga = timed.citizen("pelupa");
      await warga.send("/lapor");
      await warga.press("Pengaduan");
      now = new Date(now.getTime() + 29 * 60_000);
      await warga.send("Masih di sini, judulnya ini");
      expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
      now = new Date(now.getTime() + 61 * 60_000);
      await warga.send("Ini kronologi yang panjang sekali tentang kejadian kemarin sore.");
      expect(warga.lastText()).toContain("tidak dilanjutkan lebih dari 1 jam");
      // How to start again is said once, by the help that follows.
      expect(warga.lastText().match(/Ketik \/lapor/g)).toHaveLength(1);
      await warga.send("/batal");
      expect(warga.lastText()).toContain("Tidak ada laporan yang sedang diisi");
    } finally {
      await timed.close();
    }
  });

  it("names a timeout under an hour in minutes", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const timed = await createEngineHarness({ clock: () => now, conversationTimeoutMs: 60_000 });
    try {
      const warga = timed.citizen("cepat-lupa");
      await warga.send("/bahasa en");
      await warga.send("/lapor");
      now = new Date(now.getTime() + 2 * 60_000);
      await warga.send("/lapor");
      expect(warga.lastText()).toContain("was left for more than 1 minute, so it expired");
      expect(warga.lastText()).toContain("What kind of report is this?");
      expect(warga.lastText()).not.toContain("start again");
    } finally {
      await timed.close();
    }
  });

  it("is counted by flow and by the step it was left at, apart from completed reports", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const metrics = new Metrics();
    const counted = await createEngineHarness({
      clock: () => now,
      conversationTimeoutMs: 60 * 60_000,
      metrics,
    });
    try {
      const pelupa = counted.citizen("pelupa");
      await pelupa.send("/lapor");
      await pelupa.press("Pengaduan");
      now = new Date(now.getTime() + 2 * 60 * 60_000);
      await pelupa.send("Judul yang datang terlambat");

      const ragu = counted.citizen("ragu");
      await ragu.fillComplaint();
      await ragu.press("Batal");
      await ragu.press("Ya, batalkan");
      expect(ragu.lastText()).toContain("Laporan dibatalkan");

      const tekun = counted.citizen("tekun");
      await tekun.fillComplaint();
      await tekun.press("Kirim");

      const text = await metrics.registry.metrics();
      expect(text).toContain(
        'aduan_flow_abandonments_total{flow="lapor",step="title",reason="expired"} 1',
      );
      expect(text).toContain(
        'aduan_flow_abandonments_total{flow="lapor",step="$summary",reason="cancelled"} 1',
      );
      expect(text).toContain('aduan_flow_completions_total{flow="lapor"} 1');
      expect(text).toContain('aduan_reports_received_total{channel="terminal"} 1');
    } finally {
      await counted.close();
    }
  });
});

describe("menus answered by number or label", () => {
  it("read a number no option has at the date question as the latest such day, said back", async () => {
    const dated = await createEngineHarness({ clock: () => new Date("2026-12-03T03:00:00Z") });
    try {
      const warga = dated.citizen("tanggal", "terminal", TEXT_ONLY);
      await warga.send("/lapor");
      await warga.send("pengaduan");
      await warga.send("Puskesmas tutup di jam layanan");
      await warga.send(
        "Puskesmas Sukamaju tutup pukul sepuluh pagi padahal jadwalnya sampai siang.",
      );
      await warga.send("kesehatan");
      await warga.send("Puskesmas Sukamaju, Jl. Melati 2, Kec. Cibeunying");
      expect(warga.lastText()).toContain("Kapan kejadiannya");
      await warga.send("45");
      expect(warga.lastText()).toContain("Tanggal tidak dikenali");
      await warga.send("12");
      expect(warga.lastText()).toContain("📅 Tanggal kejadian dicatat: 12 November 2026.");
      expect(warga.lastText()).toContain("foto atau dokumen pendukung");
      // The options keep their numbers: "2" is Kemarin, not the 2nd.
      await warga.send("/batal");
      await warga.send("1");
      await warga.send("/lapor");
      await warga.send("pengaduan");
      await warga.send("Puskesmas tutup di jam layanan");
      await warga.send(
        "Puskesmas Sukamaju tutup pukul sepuluh pagi padahal jadwalnya sampai siang.",
      );
      await warga.send("kesehatan");
      await warga.send("Puskesmas Sukamaju, Jl. Melati 2, Kec. Cibeunying");
      await warga.send("2");
      expect(warga.lastText()).toContain("foto atau dokumen pendukung");
      // An option picked, not a date read: nothing is said back.
      expect(warga.lastText()).not.toContain("dicatat");
      await warga.send("/batal");
    } finally {
      await dated.close();
    }
  });

  it("take the start of one option's label, and no guess between two", async () => {
    const warga = harness.citizen(`menu-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/lapor");
    await warga.send("pengaduan");
    await warga.send("Puskesmas tutup di jam layanan");
    await warga.send("Puskesmas Sukamaju tutup pukul sepuluh pagi padahal jadwalnya sampai siang.");
    // "Layanan kesehatan" and "Layanan publik lainnya": which one is not guessed.
    await warga.send("layanan");
    expect(warga.lastText()).toContain("Silakan ketik nomor salah satu pilihan");
    await warga.send("layanan kesehatan");
    expect(warga.lastText()).toContain("Di mana lokasinya?");
    await warga.send("/batal");
  });

  it("take a later word of one option's label in a report's questions", async () => {
    const warga = harness.citizen(`menu-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/lapor");
    await warga.send("pengaduan");
    await warga.send("Puskesmas tutup di jam layanan");
    await warga.send("Puskesmas Sukamaju tutup pukul sepuluh pagi padahal jadwalnya sampai siang.");
    await warga.send("kesehatan");
    expect(warga.lastText()).toContain("Di mana lokasinya?");
    await warga.send("/batal");
  });

  it("switch the language from /bahasa's menu when nothing else is going on", async () => {
    const warga = harness.citizen(`menu-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/bahasa");
    await warga.send("2");
    expect(warga.lastText()).toBe("Language switched to English.");
    await warga.send("/bahasa");
    await warga.send("Bahasa Indonesia");
    expect(warga.lastText()).toBe("Bahasa diganti ke Bahasa Indonesia.");
    await warga.send("/bahasa");
    await warga.send("3");
    expect(warga.lastText()).toBe(
      "Tidak ada pilihan nomor 3. Ketik nomor 1 sampai 2 dari pilihan terakhir.",
    );
    const pressing = harness.citizen(`menu-${++counter}`);
    await pressing.send("/bahasa");
    await pressing.send("3");
    // A stored menu may have gone as buttons or as a list: the reply asks for neither.
    expect(pressing.lastText()).toBe(
      "Tidak ada pilihan nomor 3. Pilih salah satu dari 2 pilihan terakhir.",
    );
    await warga.send("/bahasa jawa");
    expect(warga.lastText()).toBe(
      "Bahasa “jawa” tidak dikenali. Pilih bahasa / Choose a language:",
    );
    await warga.send("/bahasa eng");
    expect(warga.lastText()).toBe("Language switched to English.");
    await warga.send("/bahasa Indonesia.");
    expect(warga.lastText()).toBe("Bahasa diganti ke Bahasa Indonesia.");
    // At the menu, a language is also typed by its name in either language.
    await warga.send("/bahasa");
    await warga.send("inggris");
    expect(warga.lastText()).toBe("Language switched to English.");
    await warga.send("/bahasa");
    await warga.send("jawa");
    expect(warga.lastText()).toBe(
      "To answer the last options, type the number of one: 1 to 2. For anything else, type /bantuan.",
    );
  });

  it("answer the menu showing, not the flow question under it, then the question again", async () => {
    const warga = harness.citizen(`menu-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/lapor");
    await warga.send("/bahasa");
    await warga.send("2");
    expect(warga.lastText()).toContain("Language switched to English.");
    // The pending question is asked again, in English, and answered by its number.
    expect(warga.lastText()).toContain("What kind of report is this?");
    expect(warga.lastLabels()).toEqual([
      "Complaint (something is wrong)",
      "Suggestion or proposal",
      "Information request",
    ]);
    await warga.send("2");
    expect(warga.lastText()).toContain("Write a short title");
    await warga.send("More lamps in the city park");
    // A suggestion is asked for its description in a suggestion's words.
    expect(warga.lastText()).toContain("Describe your suggestion");
  });

  it("let a key of the question's keyboard answer it while a later message's menu is stored", async () => {
    const warga = harness.citizen(`menu-${++counter}`, "telegram", { ...BUTTONS, labelKeys: true });
    await warga.send("/lapor");
    // A rating request arrives through the outbox meanwhile, its inline buttons the menu stored.
    const store = new SessionStore(harness.redis.redis, harness.redis.scripts, {
      prefix: harness.redis.prefix,
      cipher: testCipher,
      retentionMs: 60_000,
    });
    await store.showMenu({ channel: warga.channel, userId: warga.id }, [
      { value: "rate:ADU-7K3F9Q:1", label: "⭐" },
      { value: "rate:ADU-7K3F9Q:5", label: "⭐⭐⭐⭐⭐" },
    ]);
    // The reply keyboard still shows the question's options: a press sends a whole label.
    await warga.send("Pengaduan (ada masalah)");
    expect(warga.lastText()).toContain("judul singkat");
  });

  it("are the pending flow question's again once a menu is answered", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.send("/bahasa");
    await warga.send("/status ADU-XXXXXX");
    // Whatever came in between, the last menu shown is the language menu.
    await warga.send("1");
    expect(warga.lastText()).toContain("Bahasa diganti ke Bahasa Indonesia.");
    await warga.send("1");
    expect(warga.lastText()).toContain("judul singkat");
    await warga.send("1");
    expect(warga.lastText()).toContain("Terlalu singkat");
  });
});

describe("a draft that cannot be read", () => {
  it("is set aside, the person told and the problem logged without what they wrote", async () => {
    const logs = captureLogs();
    const logged = await createEngineHarness({ logger: logs.logger });
    try {
      const warga = logged.citizen("rusak");
      await warga.send("/lapor");
      await warga.press("Pengaduan");
      await warga.send("Lampu jalan mati di Gang Melati");
      // A draft stored by an older version, holding what the schema now refuses.
      const key = `${logged.redis.prefix}:conv:terminal:${testCipher.pseudonym("rusak")}`;
      const stored = await logged.redis.redis.getBuffer(key);
      const draft = testCipher.openBytes(stored ?? Buffer.alloc(0)) as unknown[];
      const answers = draft[2] as Record<string, unknown>;
      answers.attachments = [{ kind: "document", originalName: "laporan\u0007final.pdf" }];
      await logged.redis.redis.set(key, testCipher.sealBytes(draft));

      await warga.send("Lampu jalan di Gang Melati mati sejak seminggu, warga takut keluar.");
      expect(warga.lastText()).toContain(
        "isian laporan Anda tidak bisa dibaca lagi, jadi disisihkan dan tidak dikirim. Ketik /lapor",
      );
      const line = logs.lines.find((entry) => entry.msg.includes("failed validation"));
      expect(line).toMatchObject({ channel: "terminal" });
      expect(JSON.stringify(line)).toContain("answers.attachments");
      expect(JSON.stringify(line)).not.toContain("Melati");
      expect(JSON.stringify(line)).not.toContain("rusak");
      expect(await logged.redis.redis.exists(key)).toBe(0);
      expect(
        await logged.redis.redis.exists(
          `${logged.redis.prefix}:unreadable:terminal:${testCipher.pseudonym("rusak")}`,
        ),
      ).toBe(1);

      // Told once; the next /lapor starts afresh.
      await warga.send("/lapor");
      expect(warga.lastText()).toContain("Apa jenis laporan Anda?");
      expect(warga.lastText()).not.toContain("tidak bisa dibaca");
    } finally {
      await logged.close();
    }
  });
});

describe("a draft in Redis", () => {
  it("is sealed, and one an earlier version kept in clear is carried on", async () => {
    const warga = harness.citizen("tersegel");
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Lampu jalan mati di Gang Melati");
    const key = `${harness.redis.prefix}:conv:terminal:${testCipher.pseudonym("tersegel")}`;
    const stored = (await harness.redis.redis.getBuffer(key)) ?? Buffer.alloc(0);
    expect(stored.toString("latin1")).not.toContain("Melati");

    // The same draft as the version before kept it: JSON in clear.
    const [flowId, stepId, answers, submissionId, startedAt, sinceStart] = testCipher.openBytes(
      stored,
    ) as [string, string, object, string, number, number];
    const legacy = { v: 1, flowId, stepId, answers, editing: false, submissionId, startedAt };
    const updatedAt = startedAt + sinceStart;
    await harness.redis.redis.set(key, JSON.stringify({ ...legacy, updatedAt }));
    await warga.send("Lampu jalan di Gang Melati mati sejak seminggu, warga takut keluar.");
    expect(warga.lastText()).toContain("Pilih kategori");
    expect((await harness.redis.redis.getBuffer(key))?.toString("latin1")).not.toContain("Melati");
  });
});

/** Answers the complaint flow up to the location question. */
async function toLocation(warga: SimulatedCitizen): Promise<void> {
  await warga.send("/lapor");
  await warga.send("1");
  await warga.send("Jalan berlubang di depan Pasar Baru");
  await warga.send(
    "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
  );
  await warga.send("1");
}

describe("prompts in the channel's terms", () => {
  it("tell a text-only channel to type numbers, an address and a file path", async () => {
    const warga = harness.citizen(`teks-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/lapor");
    expect(warga.lastText()).toContain("Ketik nomor pilihan Anda.");
    await warga.send("1");
    await warga.send("Jalan berlubang di depan Pasar Baru");
    await warga.send(
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    );
    await warga.send("1");
    expect(warga.lastText()).toContain(
      "Ketik alamatnya (nama jalan, kelurahan, kecamatan) atau koordinatnya, misalnya -6.2088, 106.8456. Tidak perlu lokasi? Ketik 1 (Lewati).",
    );
    expect(warga.lastText()).not.toMatch(/bagikan|tekan|tombol/i);
    await warga.send("-6.2088, 106.8456");
    expect(warga.lastText()).toContain("Ketik tanggalnya, atau nomor salah satu pilihan di bawah.");
    await warga.send("kemarin");
    expect(warga.lastText()).toContain(
      "Ketik path berkasnya, atau seret berkasnya ke jendela ini; satu berkas per baris. Tidak ada lampiran? Ketik 1 (Lewati).",
    );
    await warga.send("1");
    await warga.send("2");
    await warga.send("2");
    expect(warga.lastText()).toContain(
      "Ketik 1 untuk mengirim bila sudah benar, atau nomor bagian yang ingin diubah.",
    );
    expect(warga.lastText()).not.toMatch(/tekan|tombol/i);
  });

  it("tell a channel with buttons to press them and to share a location", async () => {
    const warga = citizen();
    await toLocation(warga);
    expect(warga.lastText()).toContain(
      "Bagikan lokasi (📎 → Lokasi), atau ketik alamatnya (nama jalan, kelurahan, kecamatan). Tidak perlu lokasi? Tekan Lewati.",
    );
    await warga.press("Lewati");
    await warga.press("Kemarin");
    expect(warga.lastText()).toContain(
      "Kirim fotonya atau dokumennya di sini, satu per satu. Tidak ada lampiran? Tekan Lewati.",
    );
  });
});

describe("attachments", () => {
  it("offer only to skip before the first file, and Done with the count or Remove all after it", async () => {
    const warga = citizen();
    await toLocation(warga);
    await warga.press("Lewati");
    await warga.press("Kemarin");
    expect(warga.lastLabels()).toEqual(["Lewati"]);
    const skipButton = warga.last;
    await warga.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
    expect(warga.lastText()).toBe(
      "Lampiran diterima (1 dari maksimal 5). Ada lagi? Kirim saja. Sudah semua? Tekan Selesai (1 file).",
    );
    expect(warga.lastLabels()).toEqual(["Selesai (1 file)", "Hapus semua lampiran"]);
    // An old Skip button no longer applies: it cannot drop the file.
    warga.last = skipButton;
    await warga.press("Lewati");
    expect(warga.lastText()).toContain("Tombol itu sudah tidak berlaku.");
    expect(warga.lastLabels()).toEqual(["Selesai (1 file)", "Hapus semua lampiran"]);
    await warga.send("lewati");
    expect(warga.lastText()).toContain("Yang ditunggu di sini adalah lampiran");
    await warga.press("Selesai (1 file)");
    await warga.press("Tidak");
    await warga.press("Tidak");
    await warga.press("Tidak");
    expect(warga.lastText()).toContain("Lampiran: 1 file");
  });
});

describe("/bantuan", () => {
  it("lists the commands of every loaded flow with its title", async () => {
    const warga = citizen();
    await warga.send("/bantuan");
    expect(warga.lastText()).toContain(
      "/lapor — Laporan baru\n/informasi — Permintaan informasi\n",
    );
    await warga.send("/bahasa en");
    await warga.send("/help");
    expect(warga.lastText()).toContain("/lapor — New report\n/informasi — Information request\n");
  });
});

describe("a question asked again", () => {
  it("keeps its own lines together under what is said before it", async () => {
    const warga = harness.citizen(`again-${++counter}`, "terminal", TEXT_ONLY);
    await warga.send("/lapor");
    await warga.send("/lapor");
    expect(warga.lastText()).toMatch(
      /^Anda sedang mengisi laporan\. .+\n\nApa jenis laporan Anda\?\nKetik nomor pilihan Anda\.$/,
    );
    await warga.send("/batal");
    // The summary too comes with what is said before it.
    await warga.fillComplaint();
    await warga.send("/lapor");
    expect(warga.lastText()).toMatch(/^Anda sedang mengisi laporan\. .+\n\nPeriksa laporan Anda/);
    await warga.send("/batal");
  });
});

describe("a draft left for a while", () => {
  it("is shown again with its date before a typed message is taken as its answer", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const timed = await createEngineHarness({ clock: () => now });
    try {
      const warga = timed.citizen("kembali");
      await warga.send("/lapor");
      await warga.press("Pengaduan");
      now = new Date(now.getTime() + 31 * 60_000);
      await warga.send("1");
      expect(warga.lastText()).toBe(
        "Anda punya laporan yang belum selesai, dimulai 20 Nov 2026, 10.00 WIB. Lanjutkan dengan " +
          "menjawab pertanyaan di bawah, atau ketik /batal untuk membatalkannya.\n\n" +
          "Tulis judul singkat laporan Anda, paling sedikit dua kata (maksimal 150 karakter). Contoh: Jalan berlubang di depan Pasar Baru",
      );
      await warga.send("Jalan berlubang di depan Pasar Baru");
      expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
      now = new Date(now.getTime() + 40 * 60_000);
      await warga.send("/batal");
      expect(warga.lastText()).toContain("Laporan dibatalkan");
    } finally {
      await timed.close();
    }
  });

  it("takes a pressed option after a break without showing the draft first", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const timed = await createEngineHarness({ clock: () => now });
    try {
      const warga = timed.citizen("kembali-tekan", "telegram", { ...BUTTONS, labelKeys: true });
      await warga.send("/lapor");
      now = new Date(now.getTime() + 31 * 60_000);
      // The label as a whole is what Telegram's reply keyboard sends when it is pressed.
      await warga.send("Pengaduan (ada masalah)");
      expect(warga.lastText()).toContain("Tulis judul singkat");
      expect(warga.lastText()).not.toContain("belum selesai");
      // Where options are typed, the same words after a break are met with the draft first.
      const typist = timed.citizen("kembali-ketik", "terminal", TEXT_ONLY);
      await typist.send("/lapor");
      now = new Date(now.getTime() + 31 * 60_000);
      await typist.send("Pengaduan (ada masalah)");
      expect(typist.lastText()).toContain("belum selesai");
    } finally {
      await timed.close();
    }
  });
});

describe("text answers", () => {
  it("count letters, digits and words, not emoji or spaces", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("🕳️🕳️🕳️🕳️🕳️🕳️🕳️🕳️🕳️🕳️🕳️");
    expect(warga.lastText()).toContain(
      "Terlalu singkat: tulis minimal 10 huruf atau angka (sekarang 0).",
    );
    await warga.send("Jalan berlubang di depan Pasar Baru");
    await warga.send("🕳️".repeat(31));
    expect(warga.lastText()).toContain(
      "Terlalu singkat: tulis minimal 30 huruf atau angka (sekarang 0).",
    );
    await warga.send("Jalanberlubangsangatdalamdanberbahaya!!!");
    expect(warga.lastText()).toContain("Terlalu singkat: tulis minimal 5 kata (sekarang 1).");
    await warga.send("Jalan berlubang sangat dalam dan berbahaya 🕳️🕳️");
    expect(warga.lastText()).toContain("Pilih kategori");
  });

  it("are asked for in the words of the kind of report chosen", async () => {
    const ask = async (kind: string) => {
      const warga = citizen();
      await warga.send("/lapor");
      await warga.press(kind);
      await warga.send("Judul laporan untuk dicoba");
      return warga.lastText();
    };
    expect(await ask("Pengaduan")).toContain("Ceritakan apa yang terjadi (kronologi)");
    expect(await ask("Aspirasi")).toContain("Jelaskan saran atau usulan Anda");
    expect(await ask("Permintaan informasi")).toContain("Jelaskan informasi yang Anda butuhkan");
    expect(await ask("Aspirasi")).not.toContain("kronologi");
  });
});

describe("the chosen language", () => {
  it("is kept with the reporter in the database and read back when Redis lost it", async () => {
    const id = `bahasa-${++counter}`;
    const warga = citizen(); // unused: a second person must not be affected
    const inggris = harness.citizen(id);
    await inggris.send("/bahasa en");
    const prisma = harness.db.database.prisma;
    expect(
      await prisma.reporter.findUnique({
        where: { channel_externalId: { channel: "terminal", externalId: id } },
        select: { language: true, chatId: true },
      }),
    ).toEqual({ language: "en", chatId: id });

    await harness.redis.redis.del(
      `${harness.redis.prefix}:lang:terminal:${testCipher.pseudonym(id)}`,
    );
    await inggris.send("halo");
    expect(inggris.lastText()).toContain("Type /lapor to file a new report");

    // Once Redis knows again, the database is not asked: a changed row does not matter.
    await prisma.reporter.update({
      where: { channel_externalId: { channel: "terminal", externalId: id } },
      data: { language: "id" },
    });
    await inggris.send("halo");
    expect(inggris.lastText()).toContain("Type /lapor to file a new report");
    await warga.send("halo");
    expect(warga.lastText()).toContain("Ketik /lapor");
  });
});
