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
    "melewati Sabtu dan Minggu. Masukkan libur nasional dan cuti bersama {year} dari SKB 3 " +
    "Menteri: /libur tambah <tanggal> <nama>, lalu /libur lengkap {year}.",
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
  acctSatisfaction: "Reporter satisfaction: {average} of 5 · {share} rated 4–5 ({count} ratings)",
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
    "Saturdays and Sundays. Enter {year}'s national holidays and cuti bersama from the SKB 3 " +
    "Menteri: /libur tambah <date> <name>, then /libur lengkap {year}.",
};
