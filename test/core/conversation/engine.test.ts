import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaUnavailableError } from "../../../src/core/media/media-store.js";
import { ReportIntake } from "../../../src/core/reports/intake-service.js";
import { submissionSchema } from "../../../src/core/reports/submission.js";
import { Metrics } from "../../../src/observability/metrics.js";
import { silentLogger } from "../../support/services.js";
import { makeSubmission } from "../../support/submissions.js";
import {
  catalog,
  createEngineHarness,
  ELF,
  media,
  PDF,
  PNG,
  type EngineHarness,
} from "../../support/engine-harness.js";

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
  return jobs.map((job) => ({ id: job.id, data: submissionSchema.parse(job.data) }));
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
    expect(warga.lastText()).toContain("Laporan Anda sedang diproses");

    const jobs = await submittedJobs();
    expect(jobs).toHaveLength(before + 1);
    const job = jobs.find((candidate) => candidate.data.reporter.externalId === warga.id);
    expect(job?.id).toBe(job?.data.submissionId);
    const submission = job?.data;
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
    expect(warga.lastText()).toContain("Kirim foto atau dokumen");
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
    expect(warga.lastText()).toContain("Terlalu singkat: tulis minimal 10 karakter (sekarang 5)");
    await warga.send("x".repeat(151));
    expect(warga.lastText()).toContain("maksimal 150 karakter (sekarang 151)");
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
    await warga.send("7");
    expect(warga.lastText()).toContain("Silakan pilih salah satu pilihan");
    expect(warga.lastLabels()).toContain("Aspirasi (saran atau usulan)");
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
    // Leaving the location step dismisses the channel's location button.
    expect(warga.last[0]?.input).toEqual({ kind: "dismiss" });
    expect(warga.lastText()).toContain("Kapan kejadiannya");
  });

  it("acknowledges a skipped location so the channel can take its location button away", async () => {
    const warga = citizen();
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("Pohon tumbang menutup jalan");
    await warga.send(
      "Pohon besar tumbang setelah hujan deras dan menutup seluruh badan jalan desa.",
    );
    await warga.press("Bencana");
    await warga.press("Lewati");
    expect(warga.last[0]).toEqual({
      text: [{ text: "Lokasi dilewati." }],
      input: { kind: "dismiss" },
    });
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
    await warga.send("31/12/2099");
    expect(warga.lastText()).toContain("belum terjadi");
    await warga.send("1/1/1990");
    expect(warga.lastText()).toContain("lebih dari 10 tahun yang lalu");
    await warga.send("3 hari lalu");
    expect(warga.lastText()).toContain("Kirim foto atau dokumen");
  });

  it("stores photos and documents by content hash and refuses other files", async () => {
    const warga = citizen();
    await warga.fillComplaint();
    await warga.press("Ubah lampiran");
    expect(warga.lastText()).toContain("Kirim foto atau dokumen");

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

  it("cancels at any point with /batal and from the summary, sending nothing", async () => {
    const warga = citizen();
    const before = (await submittedJobs()).length;
    await warga.send("/lapor");
    await warga.press("Pengaduan");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
    await warga.send("/batal");
    expect(warga.lastText()).toContain("Tidak ada laporan yang sedang diisi");
    await warga.fillComplaint();
    await warga.press("Batal");
    expect(warga.lastText()).toContain("Laporan dibatalkan");
    expect(await submittedJobs()).toHaveLength(before);
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
  });

  it("explains unknown commands and messages it cannot use", async () => {
    const warga = citizen();
    await warga.send("/terbang");
    expect(warga.lastText()).toContain("Perintah /terbang tidak dikenal");
    await warga.deliver({ kind: "unsupported", what: "stiker" });
    expect(warga.lastText()).toContain("(stiker) tidak bisa diproses");
  });
});

describe("following reports", () => {
  it("shows a reporter their own reports and their public timeline, and nobody else's", async () => {
    const warga = citizen();
    const intake = new ReportIntake(harness.db.database.prisma, {
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
    await other.send(`/status ${stored.trackingCode}`);
    expect(other.lastText()).toBe(
      `Laporan ${stored.trackingCode} tidak ditemukan di antara laporan Anda. Periksa kembali nomornya.`,
    );
    await other.send("/laporan");
    expect(other.lastText()).toContain("Anda belum punya laporan");
    await other.send("/status");
    expect(other.lastText()).toContain("Tulis nomor laporan, contoh: /status ADU-7K3F9Q");
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
      now = new Date(now.getTime() + 59 * 60_000);
      await warga.send("Masih di sini, judulnya ini");
      expect(warga.lastText()).toContain("Ceritakan apa yang terjadi");
      now = new Date(now.getTime() + 61 * 60_000);
      await warga.send("Ini kronologi yang panjang sekali tentang kejadian kemarin sore.");
      expect(warga.lastText()).toContain("tidak dilanjutkan lebih dari 1 jam");
      expect(warga.lastText()).toContain("Ketik /lapor");
      await warga.send("/batal");
      expect(warga.lastText()).toContain("Tidak ada laporan yang sedang diisi");
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
