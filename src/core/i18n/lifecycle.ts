/**
 * Messages of deadlines, reminders, the daily digest, statistics and the reporter's rating,
 * merged into id.ts and en.ts. Same rules: `*bold*`, `` `code` ``, `{param}` (inserted literally).
 */
export const lifecycleId = {
  reminderVerify:
    "⏰ *Pengingat: tenggat verifikasi {due}*\n{code} · {title}\n" +
    "Verifikasi dan teruskan ke instansi dengan /verifikasi {code}.",
  reminderFollowUp:
    "⏰ *Pengingat: tenggat tindak lanjut {due}*\n{code} · {title}\nInstansi: {agency}\n" +
    "Tanggapi dengan /balas {code} <pesan>.",
  escalationVerify:
    "🚨 *Tenggat verifikasi terlewati* ({due})\n{code} · {title}\nLaporan ini belum diverifikasi.",
  escalationFollowUp:
    "🚨 *Tenggat tindak lanjut terlewati* ({due})\n{code} · {title}\nInstansi: {agency}\n" +
    "Belum ada tanggapan kepada pelapor.",
  digestHeader: "📋 *Ringkasan harian {scope}* — {date}",
  digestCounts: "Terbuka: {open} · Tenggat hari ini: {dueToday} · Lewat tenggat: {overdue}",
  digestOverdueLine: "• {code} · {title} (tenggat {due})",
  digestDesk: "meja pengaduan",
  ratingPrompt:
    "Seberapa puas Anda dengan penyelesaiannya? Pilih nilai 1 (sangat tidak puas) sampai " +
    "5 (sangat puas). Jika masalah Anda belum selesai, ketik *belum selesai* atau /buka {code} " +
    "dalam {days} hari kerja.",
  ratingThanks:
    "Terima kasih atas penilaian Anda ({score}/5) untuk laporan *{code}*. Ingin menambahkan " +
    "komentar? Ketik komentar Anda sekarang, atau abaikan pesan ini.",
  ratingReopened:
    "Terima kasih atas penilaian Anda. Karena masalahnya belum selesai, laporan *{code}* " +
    "dibuka kembali dan diteruskan lagi ke petugas.",
  ratingCommentSaved: "Komentar Anda untuk laporan *{code}* sudah dicatat. Terima kasih.",
  ratingAlready: "Laporan {code} sudah Anda nilai ({score}/5). Terima kasih.",
  ratingWindowClosed:
    "Laporan {code} selesai lebih dari {days} hari kerja yang lalu, jadi tidak bisa dinilai atau " +
    "dibuka kembali lagi. Buat laporan baru dengan /lapor bila masalahnya muncul lagi.",
  ratingNotRatable: "Laporan {code} belum selesai, jadi belum bisa dinilai.",
  deskHelpStatistics:
    "/statistik [periode] [instansi] — angka akuntabilitas dan tingkat tindak lanjut",
  statsUsage:
    "Cara pakai: /statistik [periode] [instansi], contoh: /statistik bulan-ini dinas-pupr. " +
    "Periode: {periods}. Instansi: {agencies}.",
  statsOwnAgencyOnly: "Petugas hanya dapat melihat statistik instansinya sendiri ({agency}).",
  autoClosedText:
    "ditutup otomatis karena tidak ada balasan dari pelapor dalam {days} hari kerja setelah " +
    "tanggapan / closed automatically: no reply from the reporter within {days} working days " +
    "of the answer",
} as const;

export const lifecycleEn: Record<keyof typeof lifecycleId, string> = {
  reminderVerify:
    "⏰ *Reminder: verification due {due}*\n{code} · {title}\n" +
    "Verify it and route it to an agency with /verifikasi {code}.",
  reminderFollowUp:
    "⏰ *Reminder: follow-up due {due}*\n{code} · {title}\nAgency: {agency}\n" +
    "Answer with /balas {code} <message>.",
  escalationVerify:
    "🚨 *Verification deadline passed* ({due})\n{code} · {title}\nThis report is not verified yet.",
  escalationFollowUp:
    "🚨 *Follow-up deadline passed* ({due})\n{code} · {title}\nAgency: {agency}\n" +
    "The reporter has had no answer yet.",
  digestHeader: "📋 *Daily summary, {scope}* — {date}",
  digestCounts: "Open: {open} · Due today: {dueToday} · Overdue: {overdue}",
  digestOverdueLine: "• {code} · {title} (due {due})",
  digestDesk: "complaint desk",
  ratingPrompt:
    "How satisfied are you with the outcome? Choose 1 (very dissatisfied) to 5 (very " +
    "satisfied). If your problem is not solved, type *not solved* or /buka {code} within " +
    "{days} working days.",
  ratingThanks:
    "Thank you for rating report *{code}* ({score}/5). Would you like to add a comment? Type " +
    "it now, or ignore this message.",
  ratingReopened:
    "Thank you for your rating. Since the problem is not solved, report *{code}* has been " +
    "reopened and passed to the officers again.",
  ratingCommentSaved: "Your comment on report *{code}* has been recorded. Thank you.",
  ratingAlready: "You already rated report {code} ({score}/5). Thank you.",
  ratingWindowClosed:
    "Report {code} was closed more than {days} working days ago, so it can no longer be rated " +
    "or reopened. File a new report with /lapor if the problem comes back.",
  ratingNotRatable: "Report {code} is not done yet, so it cannot be rated.",
  deskHelpStatistics: "/statistik [period] [agency] — accountability figures and follow-up rate",
  statsUsage:
    "Usage: /statistik [period] [agency], e.g. /statistik bulan-ini dinas-pupr. " +
    "Periods: {periods}. Agencies: {agencies}.",
  statsOwnAgencyOnly: "Officers can only see the statistics of their own agency ({agency}).",
  autoClosedText:
    "ditutup otomatis karena tidak ada balasan dari pelapor dalam {days} hari kerja setelah " +
    "tanggapan / closed automatically: no reply from the reporter within {days} working days " +
    "of the answer",
};
