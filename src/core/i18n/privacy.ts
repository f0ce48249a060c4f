/**
 * Messages of personal data protection (UU 27/2022): the privacy notice's buttons, /dataku,
 * /hapusdata and how staff see an erased reporter, merged into id.ts and en.ts. Same rules:
 * `*bold*`, `` `code` ``, `{param}` (inserted literally). The notice itself comes from
 * PRIVACY_FILE (config/privacy.yaml), which the operator words.
 */
export const privacyId = {
  privacyChanged:
    "ℹ️ Pemberitahuan privasi kami berubah (versi {version}). Mohon baca dan setujui sebelum membuat laporan baru.",
  privacyAgree: "Setuju",
  privacyDecline: "Tidak setuju",
  privacyDeclined:
    "Baik, laporan tidak dibuat dan tidak ada isinya yang kami simpan. " +
    "Jika berubah pikiran, ketik /{command} untuk membaca pemberitahuan ini lagi.",
  privacyAccepted: "Terima kasih, persetujuan Anda tercatat (versi {version}).",
  helpPrivacy:
    "/dataku — data Anda yang kami simpan\n/hapusdata — hapus identitas Anda dari layanan ini",
  privacyPrivateChat: "Perintah ini hanya bisa dipakai di chat pribadi dengan bot.",
  dataNone: "Kami tidak menyimpan data apa pun tentang akun {channel} ini.",
  dataHeader: "*Data Anda yang kami simpan* (akun {channel})",
  dataAccount: "Nama: {name} · Username: {username} · Telepon: {phone}",
  dataSince: "Tercatat sejak: {date}",
  dataLanguage: "Bahasa: {language}",
  dataConsent: "Persetujuan privasi: versi {version}, {date}",
  dataNoConsent: "Persetujuan privasi: belum ada",
  dataReports: "Laporan ({count}): {codes}",
  dataNoReports: "Laporan: tidak ada",
  dataSupported: "Laporan warga lain yang Anda dukung ({count}): {codes}",
  dataFiles: "Berkas terlampir pada laporan Anda: {count}",
  dataFooter:
    "Isi laporan dipakai untuk menindaklanjutinya. Hapus identitas Anda dengan /hapusdata.",
  eraseExplain:
    "⚠️ *Hapus identitas Anda?*\nNama, username, nomor telepon dan ID akun Anda akan diganti " +
    "dengan nama samaran di semua laporan; draf laporan dihapus, nama asli berkas kiriman Anda " +
    "dihapus, dan foto Anda tidak lagi tampil di halaman publik. Isi laporan tetap disimpan untuk tindak lanjut dan statistik, tetapi Anda tidak akan lagi " +
    "menerima kabar tentang laporan tersebut.",
  eraseYes: "Ya, hapus identitas saya",
  eraseNo: "Batal",
  eraseConfirm:
    "⚠️ *Konfirmasi terakhir*: penghapusan tidak dapat dibatalkan. Hapus identitas Anda sekarang?",
  // Led by a yes, as the first confirmation's: a typed "ya" or "iya" answers it (menu.ts).
  eraseNow: "Ya, hapus sekarang",
  eraseDone:
    "✅ Identitas Anda telah dihapus dari {reports} laporan; draf yang belum dikirim (jika ada) juga dihapus. " +
    "Laporan yang baru Anda kirim dan belum tersimpan juga akan disimpan tanpa identitas Anda. " +
    "Jika Anda melapor lagi, Anda akan tercatat sebagai pelapor baru.",
  eraseDoneNoReports:
    "✅ Identitas Anda telah dihapus; draf yang belum dikirim (jika ada) juga dihapus. " +
    "Laporan yang baru Anda kirim dan belum tersimpan akan disimpan tanpa identitas Anda. " +
    "Jika Anda melapor lagi, Anda akan tercatat sebagai pelapor baru.",
  eraseNothing:
    "✅ Kami tidak menyimpan identitas Anda; draf laporan (jika ada) telah dihapus. " +
    "Laporan yang baru Anda kirim dan belum tersimpan akan disimpan tanpa identitas Anda.",
  eraseLanguage:
    "Pilihan bahasa Anda ikut terhapus: mulai pesan berikutnya kami menulis dalam bahasa bawaan " +
    "layanan ini ({language}). " +
    "Ketik /bahasa {code} untuk menggantinya lagi.",
  eraseUnclear:
    "⚠️ Penghapusan tidak dapat dibatalkan, jadi kami perlu jawaban yang jelas. Ketik *ya* " +
    "(atau pilih “{yes}”) untuk menghapus identitas Anda sekarang, atau *batal* untuk membatalkan.",
  eraseCancelled: "Dibatalkan. Tidak ada yang dihapus.",
  deskReporterErased: "Pelapor: (identitas dihapus atas permintaan pelapor)",
  deskReporterExpired: "Pelapor: (identitas dihapus karena masa simpan berakhir)",
};

export const privacyEn: Record<keyof typeof privacyId, string> = {
  privacyChanged:
    "ℹ️ Our privacy notice has changed (version {version}). Please read and accept it before making a new report.",
  privacyAgree: "Agree",
  privacyDecline: "Do not agree",
  privacyDeclined:
    "All right: no report was made and nothing of it was stored. " +
    "If you change your mind, type /{command} to read this notice again.",
  privacyAccepted: "Thank you, your agreement is recorded (version {version}).",
  helpPrivacy:
    "/dataku — the data we hold about you\n/hapusdata — erase your identity from this service",
  privacyPrivateChat: "This command only works in a private chat with the bot.",
  dataNone: "We hold no data about this {channel} account.",
  dataHeader: "*The data we hold about you* ({channel} account)",
  dataAccount: "Name: {name} · Username: {username} · Phone: {phone}",
  dataSince: "Recorded since: {date}",
  dataLanguage: "Language: {language}",
  dataConsent: "Privacy agreement: version {version}, {date}",
  dataNoConsent: "Privacy agreement: none yet",
  dataReports: "Reports ({count}): {codes}",
  dataNoReports: "Reports: none",
  dataSupported: "Other citizens' reports you support ({count}): {codes}",
  dataFiles: "Files attached to your reports: {count}",
  dataFooter: "Report contents are used to follow them up. Erase your identity with /hapusdata.",
  eraseExplain:
    "⚠️ *Erase your identity?*\nYour name, username, phone number and account ids will be " +
    "replaced by a pseudonym on every report; your drafts are deleted, the original names of the files you sent " +
    "are erased and your photos no longer shown on the public pages. The report contents stay for follow-up and statistics, but you will no longer " +
    "hear about those reports.",
  eraseYes: "Yes, erase my identity",
  eraseNo: "Cancel",
  eraseConfirm: "⚠️ *Last confirmation*: erasure cannot be undone. Erase your identity now?",
  eraseNow: "Yes, erase now",
  eraseDone:
    "✅ Your identity was erased from {reports} {reports|report|reports}; any unsent draft was deleted too. " +
    "A report you just sent that is not stored yet will be stored without your identity too. " +
    "If you report again, you will be recorded as a new reporter.",
  eraseDoneNoReports:
    "✅ Your identity was erased; any unsent draft was deleted too. " +
    "A report you just sent that is not stored yet will be stored without your identity. " +
    "If you report again, you will be recorded as a new reporter.",
  eraseNothing:
    "✅ We hold no identity of yours; your draft (if any) was deleted. " +
    "A report you just sent that is not stored yet will be stored without your identity.",
  eraseLanguage:
    "Your language choice was erased too: from your next message on, we will write in this " +
    "service's default language ({language}). " +
    "Type /bahasa {code} to switch back.",
  eraseUnclear:
    "⚠️ Erasure cannot be undone, so we need a clear answer. Type *yes* (or choose “{yes}”) " +
    "to erase your identity now, or *cancel* to keep it.",
  eraseCancelled: "Cancelled. Nothing was erased.",
  deskReporterErased: "Reporter: (identity erased at the reporter's request)",
  deskReporterExpired: "Reporter: (identity erased: retention period ended)",
};
