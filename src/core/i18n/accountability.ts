/**
 * Messages of the accountability figures (/statistik, the monthly summary, its chart), of the
 * hold deadline and of the holiday-calendar reminder, merged into id.ts and en.ts. Same rules: `*bold*`,
 * `` `code` ``, `{param}` (inserted literally).
 */
export const accountabilityId = {
  acctHeader: "📊 *Akuntabilitas {scope}* · {period}",
  acctMonthlyHeader: "🗓️ *Ringkasan bulanan {scope}* · {month}",
  acctAsOf: "Keadaan per {asOf}.",
  acctAll: "semua instansi",
  acctNone: "Tidak ada laporan yang masuk pada periode {period}.",
  acctCounts:
    "Diterima: {received} · Diverifikasi: {verified} · Ditindaklanjuti: {followedUp} · " +
    "Selesai: {resolved}",
  acctApart: "Tidak dihitung: ditolak/diarsipkan {rejected} · belum jatuh tempo {pending}",
  acctRate: "Tingkat tindak lanjut: *{rate}* (target {target})",
  acctNoRate: "Tingkat tindak lanjut: – (belum ada laporan yang jatuh tempo)",
  acctChange: "{arrow} {points} poin dari {previous} ({month})",
  acctBelowTarget: "⚠️ Di bawah target nasional {target}.",
  acctOnTime: "Tepat waktu: {rate} · Lewat tenggat tanpa tanggapan: {overdue}",
  acctHolds: "Ditunda: {onHold}, {overdue} di antaranya melewati batas penundaan",
  acctMedians: "Median waktu verifikasi: {verify} · Median waktu tanggapan pertama: {response}",
  acctWorkingHours: "{value} jam kerja",
  acctSatisfaction:
    "Kepuasan pelapor: {average} dari 5 · {share} memberi nilai 4–5 ({count} penilaian)",
  acctNoRating: "Belum ada penilaian pelapor.",
  acctRanking: "*Per instansi, terendah dulu*",
  acctByCategory: "*Per kategori*",
  acctGroupLine:
    "{flag} {name}: {rate} ditindaklanjuti · {onTime} tepat waktu · {received} diterima",
  acctGroupNothingDue: "▫️ {name}: belum ada yang jatuh tempo · {received} diterima",
  acctDesk: "Meja pengaduan (belum didisposisikan)",
  acctUncategorised: "(tanpa kategori)",
  acctTrend: "Tren tindak lanjut: {trend}",
  acctChartAgencies: "Tingkat tindak lanjut per instansi",
  acctChartTrend: "Tren bulanan",
  acctChartTarget: "target",
  reminderHold:
    "⏰ *Pengingat: batas penundaan {due}*\n{code} · {title}\nInstansi: {agency}\n" +
    "Lanjutkan dengan /balas {code} <pesan> atau /selesai {code} <ringkasan>.",
  escalationHold:
    "🚨 *Batas penundaan terlewati* ({due})\n{code} · {title}\nInstansi: {agency}\n" +
    "Laporan ini masih ditunda.",
  holidayReminder:
    "📅 *Daftar hari libur {year} belum lengkap.* Tenggat yang jatuh di {year} saat ini hanya " +
    "melewati Sabtu, Minggu dan hari libur yang sudah tercatat (/libur {year}). Masukkan " +
    "libur nasional dan cuti bersama {year} dari SKB 3 Menteri: /libur tambah <tanggal> " +
    "<nama>, lalu /libur lengkap {year}.",
  deskHelpExport:
    "/ekspor [periode] [instansi] — laporan periode itu sebagai berkas CSV (chat pribadi)",
  exportUsage:
    "Cara pakai: /ekspor [periode] [instansi], di chat pribadi dengan bot.\n" +
    "Periode: {periods} (tanpa periode: bulan ini).\nInstansi: {agencies}",
  exportPrivateOnly:
    "🔒 /ekspor hanya dapat dipakai di chat pribadi dengan bot: berkasnya memuat data pelapor " +
    "dan tidak boleh tersebar di grup.",
  exportDone:
    "📄 Ekspor {scope} · {period}: {rows} laporan. Identitas pelapor anonim tidak disertakan. " +
    "Ekspor ini tercatat atas nama Anda.",
  exportConfidentialLeftOut:
    "{count} laporan rahasia pada periode ini tidak disertakan; untuk evaluasi internal, " +
    "operator dapat menjalankan npm run export -- --include-confidential di server.",
  deskHelpHolidays: "/libur [tahun | tambah | hapus | lengkap] — hari libur yang dilewati tenggat",
  holidaysUsage:
    "Cara pakai:\n/libur [tahun] — daftar hari libur tahun ini dan tahun depan (atau tahun itu)\n" +
    "/libur tambah <tanggal> <nama> — contoh: /libur tambah 2027-02-08 Cuti bersama Tahun " +
    'Baru Imlek (nama yang diawali "Cuti bersama" dicatat sebagai cuti bersama)\n' +
    "/libur hapus <tanggal> — contoh: /libur hapus 2027-02-08\n" +
    "/libur lengkap <tahun> — daftar tahun itu sudah lengkap sesuai SKB 3 Menteri",
  holidaysYear: "📅 *Hari libur {year}* · {state}",
  holidaysComplete: "lengkap",
  holidaysIncomplete:
    "belum lengkap: tenggat di {year} hanya melewati Sabtu, Minggu dan hari libur di bawah ini",
  holidaysIncompleteNone: "belum lengkap: tenggat di {year} hanya melewati Sabtu dan Minggu",
  holidaysLine: "• {date} ({weekday}) {name}",
  holidaysNone: "Belum ada hari libur yang dicatat.",
  holidaysAdded:
    "✅ {date} ({weekday}) dicatat sebagai hari libur: {name}. Tenggat laporan yang masih " +
    "terbuka disesuaikan dalam beberapa detik.",
  holidaysUnchanged: "{date} sudah tercatat sebagai {name}; tidak ada yang berubah.",
  holidaysRenamed: "✅ {date} ({weekday}) kini bernama {name} (sebelumnya: {before}).",
  holidaysRemoved:
    "🗑️ {date} dihapus dari daftar hari libur. Tenggat laporan yang masih terbuka disesuaikan " +
    "dalam beberapa detik.",
  holidaysNotFound: "{date} tidak ada di daftar hari libur. Lihat daftarnya dengan /libur {year}.",
  holidaysCompleted:
    "✅ Daftar hari libur {year} ditandai lengkap ({count} hari). Tenggat di {year} kini " +
    "memperhitungkannya, dan pengingat berhenti.",
  holidaysAlreadyComplete: "Daftar hari libur {year} sudah ditandai lengkap.",
  holidaysCompleteEmpty:
    "Belum ada hari libur {year} yang dicatat. Tambahkan dulu dengan /libur tambah <tanggal> " +
    "<nama>, lalu tandai lengkap.",
  holidaysCompleteOnlyShipped:
    "Daftar hari libur {year} belum bisa ditandai lengkap: {count} hari yang tercatat semuanya " +
    "berasal dari berkas bawaan (hari libur bertanggal tetap). Tambahkan dulu libur nasional dan " +
    "cuti bersama {year} dari SKB 3 Menteri dengan /libur tambah <tanggal> <nama>, lalu " +
    "/libur lengkap {year}.",
} as const;

export const accountabilityEn: Record<keyof typeof accountabilityId, string> = {
  acctHeader: "📊 *Accountability, {scope}* · {period}",
  acctMonthlyHeader: "🗓️ *Monthly summary, {scope}* · {month}",
  acctAsOf: "As of {asOf}.",
  acctAll: "all agencies",
  acctNone: "No reports came in during {period}.",
  acctCounts:
    "Received: {received} · Verified: {verified} · Followed up: {followedUp} · " +
    "Resolved: {resolved}",
  acctApart: "Not counted: rejected/archived {rejected} · not due yet {pending}",
  acctRate: "Follow-up rate: *{rate}* (target {target})",
  acctNoRate: "Follow-up rate: – (no report has come due yet)",
  acctChange: "{arrow} {points} points from {previous} ({month})",
  acctBelowTarget: "⚠️ Below the national target of {target}.",
  acctOnTime: "On time: {rate} · Past the deadline with no response: {overdue}",
  acctHolds: "On hold: {onHold}, {overdue} of them past the hold's deadline",
  acctMedians: "Median time to verification: {verify} · Median time to first response: {response}",
  acctWorkingHours: "{value} working hours",
  acctSatisfaction:
    "Reporter satisfaction: {average} of 5 · {share} rated 4–5 ({count} {count|rating|ratings})",
  acctNoRating: "No ratings from reporters yet.",
  acctRanking: "*By agency, lowest first*",
  acctByCategory: "*By category*",
  acctGroupLine: "{flag} {name}: {rate} followed up · {onTime} on time · {received} received",
  acctGroupNothingDue: "▫️ {name}: nothing due yet · {received} received",
  acctDesk: "Complaint desk (not routed yet)",
  acctUncategorised: "(no category)",
  acctTrend: "Follow-up trend: {trend}",
  acctChartAgencies: "Follow-up rate by agency",
  acctChartTrend: "Monthly trend",
  acctChartTarget: "target",
  reminderHold:
    "⏰ *Reminder: hold ends {due}*\n{code} · {title}\nAgency: {agency}\n" +
    "Go on with /balas {code} <message> or /selesai {code} <summary>.",
  escalationHold:
    "🚨 *Hold deadline passed* ({due})\n{code} · {title}\nAgency: {agency}\n" +
    "This report is still on hold.",
  holidayReminder:
    "📅 *The {year} holiday list is not complete.* Deadlines falling in {year} now skip only " +
    "Saturdays, Sundays and the holidays recorded so far (/libur {year}). Enter {year}'s " +
    "national holidays and cuti bersama from the SKB 3 Menteri: /libur tambah <date> <name>, " +
    "then /libur lengkap {year}.",
  deskHelpExport: "/ekspor [period] [agency] — that period's reports as a CSV file (private chat)",
  exportUsage:
    "Usage: /ekspor [period] [agency], in a private chat with the bot.\n" +
    "Periods: {periods} (no period: this month).\nAgencies: {agencies}",
  exportPrivateOnly:
    "🔒 /ekspor works only in a private chat with the bot: the file holds reporters' data and " +
    "must not spread in a group.",
  exportDone:
    "📄 Export of {scope} · {period}: {rows} reports. Anonymous reporters' identities are not " +
    "included. This export is recorded under your name.",
  exportConfidentialLeftOut:
    "{count} rahasia (confidential) reports of the period were left out; for internal " +
    "evaluation an operator can run npm run export -- --include-confidential on the server.",
  deskHelpHolidays: "/libur [year | tambah | hapus | lengkap] — the holidays deadlines skip",
  holidaysUsage:
    "Usage:\n/libur [year] — the holidays of this year and next (or of that year)\n" +
    "/libur tambah <date> <name> — e.g. /libur tambah 2027-02-08 Cuti bersama Tahun Baru " +
    'Imlek (a name starting with "Cuti bersama" is recorded as collective leave)\n' +
    "/libur hapus <date> — e.g. /libur hapus 2027-02-08\n" +
    "/libur lengkap <year> — that year's list is complete, as in the SKB 3 Menteri",
  holidaysYear: "📅 *Holidays {year}* · {state}",
  holidaysComplete: "complete",
  holidaysIncomplete:
    "not complete: deadlines in {year} skip only Saturdays, Sundays and the holidays below",
  holidaysIncompleteNone: "not complete: deadlines in {year} skip only Saturdays and Sundays",
  holidaysLine: "• {date} ({weekday}) {name}",
  holidaysNone: "No holidays are recorded yet.",
  holidaysAdded:
    "✅ {date} ({weekday}) is recorded as a holiday: {name}. Open reports' deadlines move " +
    "within seconds.",
  holidaysUnchanged: "{date} is already recorded as {name}; nothing changed.",
  holidaysRenamed: "✅ {date} ({weekday}) is now named {name} (before: {before}).",
  holidaysRemoved: "🗑️ {date} is no longer a holiday. Open reports' deadlines move within seconds.",
  holidaysNotFound: "{date} is not in the holiday list. See the list with /libur {year}.",
  holidaysCompleted:
    "✅ The {year} holiday list is marked complete ({count} days). Deadlines in {year} now " +
    "count with it, and the reminder stops.",
  holidaysAlreadyComplete: "The {year} holiday list is already marked complete.",
  holidaysCompleteEmpty:
    "No holidays of {year} are recorded yet. Add them with /libur tambah <date> <name> first, " +
    "then mark the year complete.",
  holidaysCompleteOnlyShipped:
    "The {year} holiday list cannot be marked complete yet: all {count} days recorded came from " +
    "the shipped file (the fixed-date holidays). First add {year}'s national holidays and cuti " +
    "bersama from the SKB 3 Menteri with /libur tambah <date> <name>, then /libur lengkap {year}.",
};
