/**
 * Bahasa Indonesia, the default language. `*bold*`, `` `code` `` and `{param}` follow
 * `template()` in ../text.ts. Every key here must exist in en.ts too (the type system checks).
 */
import { accountabilityId } from "./accountability.js";
import { auditId } from "./audit.js";
import { deskId } from "./desk.js";
import { lifecycleId } from "./lifecycle.js";
import { privacyId } from "./privacy.js";
import { mediaId } from "./media.js";
import { publicId } from "./public.js";
import { supportId } from "./support.js";
import { whatsappDeskId } from "./whatsapp-desk.js";

export const id = {
  ...deskId,
  ...lifecycleId,
  ...accountabilityId,
  ...publicId,
  ...privacyId,
  ...mediaId,
  ...supportId,
  ...auditId,
  ...whatsappDeskId,
  languageName: "Bahasa Indonesia",
  greeting:
    "Halo{name}! Ini *Aduan*, layanan pengaduan publik. Anda bisa menyampaikan pengaduan, " +
    "aspirasi, atau permintaan informasi kepada pemerintah daerah, lalu memantau tindak lanjutnya di sini.",
  helpHeader: "*Perintah yang tersedia*",
  helpFlow: "/{command} — {title}",
  helpCommands:
    "/laporan — daftar laporan Anda\n" +
    "/status <nomor> — perkembangan satu laporan, contoh: /status ADU-7K3F9Q\n" +
    "/tambah <nomor> <teks> — tambahkan informasi ke laporan Anda\n" +
    "/buka <nomor> — buka kembali laporan yang belum terselesaikan\n" +
    "/bahasa — ganti bahasa (Bahasa Indonesia / English)\n" +
    "/batal — batalkan laporan yang sedang diisi\n" +
    "/bantuan — tampilkan pesan ini",
  idle: "Ketik /lapor untuk membuat laporan baru, /laporan untuk melihat laporan Anda, atau /bantuan.",
  commandMalformed:
    "Tulis nama perintah langsung setelah garis miring, tanpa spasi, misalnya /lapor. Ketik /bantuan untuk melihat perintah yang tersedia.",
  commandWithoutSlash: "Maksud Anda {line}? Perintah diawali garis miring: ketik {line}",
  commandDidYouMean:
    "Maksud Anda /{command}? Ketik perintahnya tanpa spasi atau tanda baca yang menempel padanya.",
  unknownCommand:
    "Perintah /{command} tidak dikenal. Ketik /bantuan untuk melihat perintah yang tersedia.",
  unsupportedContent:
    "Maaf, pesan jenis ini ({what}) tidak bisa diproses. Kirim teks, foto, dokumen, atau lokasi.",
  unsupportedEdited:
    "Maaf, pesan yang diedit tidak bisa kami baca, jadi perubahannya belum tercatat. Kirim ulang teks yang benar sebagai pesan baru.",
  unsupportedEditedDraft:
    "Maaf, pesan yang diedit tidak bisa kami baca, jadi perubahannya belum tercatat. Jawaban sebelumnya bisa diubah lewat *Ubah* pada ringkasan laporan, sebelum Anda menekan *Kirim*. Pertanyaan saat ini:",
  unsupportedUnknown:
    "Maaf, pesan ini tidak bisa kami baca (misalnya pesan yang dihapus, atau jenis pesan yang tidak didukung). Kirim isinya sebagai pesan baru: teks, foto, dokumen, atau lokasi.",
  flowInProgress:
    "Anda sedang mengisi laporan. Jawab pertanyaan di bawah untuk melanjutkan, atau ketik /batal.",
  draftWaiting:
    "Anda punya laporan yang belum selesai, dimulai {date}. Lanjutkan dengan menjawab pertanyaan di bawah, atau ketik /batal untuk membatalkannya.",
  draftUnreadable:
    "Maaf, isian laporan Anda tidak bisa dibaca lagi, jadi disisihkan dan tidak dikirim. Ketik /lapor untuk mulai lagi.",
  changeCancelled:
    "Perubahan dibatalkan; jawaban tetap seperti semula. Untuk membatalkan seluruh laporan, ketik /batal sekali lagi.",
  cancelled: "Laporan dibatalkan; tidak ada yang dikirim. Ketik /{command} untuk mulai lagi.",
  nothingToCancel: "Tidak ada laporan yang sedang diisi. Ketik /lapor untuk membuat laporan baru.",
  expired:
    "Laporan yang Anda isi sebelumnya tidak dilanjutkan lebih dari {duration}, jadi sudah " +
    "kedaluwarsa dan tidak dikirim.",
  durationMinutes: "{count} menit",
  durationHours: "{count} jam",
  tooManyMessages:
    "Anda mengirim terlalu banyak pesan dalam waktu singkat. Mohon tunggu sekitar {seconds} detik; pesan yang dikirim sampai saat itu tidak diproses.",
  staleButton: "Tombol itu sudah tidak berlaku.",
  busy: "Maaf, layanan sedang sibuk. Coba kirim pesan Anda lagi sebentar lagi.",
  skip: "Lewati",
  yes: "Ya",
  no: "Tidak",
  today: "Hari ini",
  yesterday: "Kemarin",
  currentAnswer: "Jawaban saat ini: {value}",
  keepAnswer: "↩️ Tetap seperti semula",
  keepHint: "Tidak jadi mengubah? {action}.",
  notAnswered: "(tidak diisi)",
  chooseOption: "Silakan tekan salah satu tombol pilihan di bawah.",
  menuUnanswered:
    "Untuk menjawab pilihan terakhir, ketik nomornya: 1 sampai {max}. Untuk hal lain, ketik /bantuan.",
  menuUnansweredButtons:
    "Untuk menjawab pilihan terakhir, tekan salah satu tombolnya. Untuk hal lain, ketik /bantuan.",
  menuCancelled:
    "Dibatalkan; pilihan terakhir tidak berlaku lagi. Ketik /bantuan untuk melihat perintah.",
  chooseOptionTyped: "Silakan ketik nomor salah satu pilihan di bawah.",
  noSuchOption:
    "Tidak ada pilihan nomor {number}. Ketik nomor 1 sampai {max} dari pilihan terakhir.",
  noSuchOptionButtons: "Tidak ada pilihan nomor {number}. Silakan tekan salah satu tombol pilihan.",
  noSuchOptionOfLast:
    "Tidak ada pilihan nomor {number}. Pilih salah satu dari {max} pilihan terakhir.",
  typeNumber: "Ketik nomor pilihan Anda.",
  pressOption: "Tekan {option}",
  typeOption: "Ketik {number} ({option})",
  typeOptionFor: "Ketik {number} untuk {option}",
  textTooFewLetters: "Terlalu singkat: tulis minimal {min} huruf atau angka (sekarang {count}).",
  textTooFewWords: "Terlalu singkat: tulis minimal {min} kata (sekarang {count}).",
  textTooLong: "Terlalu panjang: maksimal {max} karakter (sekarang {length}). Tolong persingkat.",
  textExpected: "Jawab dengan teks, ya.",
  dateInvalid:
    "Tanggal tidak dikenali. Tulis misalnya: hari ini, kemarin, 3 hari lalu, 12/11/2026, atau 12 November 2026.",
  dateFuture: "Tanggal {date} belum terjadi. Tulis tanggal kejadian yang sudah lewat.",
  dateTooOld: "Tanggal {date} lebih dari {years} tahun yang lalu. Periksa kembali tanggalnya.",
  dateSaved: "📅 {field} dicatat: {date}.",
  dateHowTyped: "Ketik tanggalnya, atau nomor salah satu pilihan di bawah.",
  locationHowShare:
    "Bagikan lokasi (📎 → Lokasi), atau ketik alamatnya (nama jalan, kelurahan, kecamatan).",
  locationHowTyped:
    "Ketik alamatnya (nama jalan, kelurahan, kecamatan) atau koordinatnya, misalnya -6.2088, 106.8456.",
  locationSkipHint: "Tidak perlu lokasi? {action}.",
  locationExpected: "Yang ditunggu di sini adalah lokasi atau alamat.",
  locationTooShort:
    "Alamat terlalu singkat. Tulis nama jalan dan kelurahan/kecamatannya, minimal {min} karakter.",
  locationNoPlace:
    "Itu belum menyebut tempat. Tulis nama jalan dan kelurahan/kecamatannya, atau koordinat seperti -6.2088, 106.8456.",
  locationLinkNoPlace:
    "Titik lokasi belum bisa dibaca dari tautan itu (tautan pendek seperti maps.app.goo.gl tidak memuatnya).",
  locationOutOfRange: "Koordinat itu tidak valid (lintang −90…90, bujur −180…180).",
  shareLocation: "📍 Bagikan lokasi",
  locationSaved: "📍 Lokasi dicatat.",
  locationSkipped: "Lokasi dilewati.",
  locationUnknown:
    "Lokasi ini perlu diisi. Tulis perkiraannya saja: nama jalan, kampung, atau tempat terdekat yang Anda ingat.",
  addressSaved: "📍 Alamat dicatat.",
  attachmentsHowUpload: "Kirim fotonya atau dokumennya di sini, satu per satu.",
  attachmentsHowPath:
    "Ketik path berkasnya, atau seret berkasnya ke jendela ini; satu berkas per baris.",
  attachmentsNone: "Tidak ada lampiran? {action}.",
  attachmentsMoreUpload: "Ada lagi? Kirim saja. Sudah semua? {action}.",
  attachmentsMorePath: "Ada lagi? Ketik path berkas berikutnya. Sudah semua? {action}.",
  attachmentsDone: "Selesai ({count} file)",
  attachmentsClear: "Hapus semua lampiran",
  attachmentsCleared: "Semua lampiran dilepas dari laporan ini.",
  attachmentsFull: "Sudah {count} lampiran (maksimal {max}). Sudah semua? {action}.",
  attachmentDuplicate: "File ini sudah terlampir; tidak ditambahkan lagi.",
  attachmentSaved: "Lampiran diterima ({count} dari maksimal {max}).",
  attachmentLimit: "Sudah {max} lampiran, jumlah maksimal.",
  attachmentTooLarge: "File terlalu besar ({size}); maksimal {max}. Kirim file yang lebih kecil.",
  attachmentTypeNotAllowed:
    "Jenis file ini tidak diterima. Kirim foto (JPG, PNG, WEBP, HEIC) atau dokumen PDF/DOCX.",
  attachmentUnavailable:
    "File itu tidak bisa diambil lagi (mungkin sudah kedaluwarsa). Silakan kirim ulang.",
  attachmentExpected: "Yang ditunggu di sini adalah lampiran (foto atau dokumen).",
  attachmentNotNow:
    "Lampiran hanya bisa dikirim pada langkah lampiran. Jawab dulu pertanyaan di atas.",
  attachmentsCount: "{count} file",
  summaryHeader: "*Periksa laporan Anda sebelum dikirim:*",
  summaryFooter: "Tekan *Kirim* bila sudah benar, atau pilih bagian yang ingin diubah.",
  summaryFooterTyped:
    "Ketik *1* untuk mengirim bila sudah benar, atau nomor bagian yang ingin diubah.",
  send: "✅ Kirim",
  edit: "✏️ Ubah {field}",
  cancel: "❌ Batal",
  cancelConfirm:
    "Batalkan laporan ini? Semua jawaban Anda akan dihapus dan tidak ada yang dikirim.",
  cancelYes: "Ya, batalkan",
  cancelNo: "Tidak, kembali",
  reportLimit:
    "Anda sudah mengirim {max} laporan hari ini, batas harian. Isian ini tetap tersimpan: pilih Kirim lagi besok, atau ketik /batal.",
  intakeBusy:
    "Saat ini sedang masuk sangat banyak laporan, jadi laporan Anda belum terkirim. Isiannya tetap tersimpan: pilih Kirim lagi dalam {seconds} detik.",
  submitFailed:
    "Maaf, laporan belum terkirim karena gangguan sistem. Pilih Kirim lagi beberapa saat lagi; isian Anda tetap tersimpan.",
  confirmation:
    "Laporan Anda sudah tercatat dengan nomor *{code}*. Simpan nomor ini; perkembangannya bisa dilihat dengan /status {code}.",
  confirmationChanged:
    "Nomor laporan Anda berubah menjadi *{code}*, karena nomor {previous} ternyata sudah dipakai laporan lain. Simpan nomor baru ini; perkembangannya bisa dilihat dengan /status {code}.",
  statusUsage: "Tulis nomor laporan, contoh: /status ADU-7K3F9Q. Daftar laporan Anda: /laporan",
  statusNotACode: "“{text}” bukan nomor laporan.",
  statusPending:
    "Laporan {code} baru saja dikirim dan sedang disimpan. Coba /status {code} lagi sebentar lagi.",
  statusNotFound:
    "Laporan {code} tidak ditemukan di antara laporan Anda. Periksa kembali nomornya.",
  statusHeader: "*{code}* — {title}",
  statusLine: "Status: *{status}*",
  statusKind: "Jenis: {kind}",
  statusCategory: "Kategori: {category}",
  statusAgency: "Instansi: {agency}",
  statusNoAgency: "Instansi: belum ditentukan",
  statusSubmitted: "Dikirim: {date}",
  statusTimeline: "*Riwayat:*",
  myReportsHeader: "*Laporan Anda* ({count} terbaru):",
  myReportsLine: "{code} · {status} · {title}",
  myReportsSupportedLine: "{code} · {status} · {title} (👍 Anda dukung)",
  myReportsNone: "Anda belum punya laporan. Ketik /lapor untuk membuat laporan.",
  myReportsFooter: "Lihat rinciannya dengan /status <nomor>.",
  chooseLanguage: "Pilih bahasa / Choose a language:",
  languageUnavailable: "Bahasa “{name}” tidak dikenali.",
  languageSwitched: "Bahasa diganti ke Bahasa Indonesia.",
} as const;

export type MessageKey = keyof typeof id;
