/**
 * "Me too" and /gabung: the question shown during /lapor when the same problem was reported
 * nearby, supporting a report, supporters' notices, the desk's merge; merged into id.ts and
 * en.ts. Same rules: `*bold*`, `` `code` ``, `{param}` (inserted literally).
 */
export const supportId = {
  nearbyQuestion: "*Apakah ini masalah yang sama?* Laporan serupa di dekat lokasi Anda:",
  nearbyLine: "*{code}* — {title} ({status}, {distance})",
  nearbyExplain:
    "Anda bisa mendukung laporan itu alih-alih membuat laporan baru: Anda akan menerima kabar " +
    "perkembangannya, dan petugas melihat berapa warga yang terdampak. Identitas Anda tidak " +
    "ditampilkan kepada warga lain.",
  nearbySupport: "👍 Dukung {code}",
  nearbyFileNew: "📝 Tetap buat laporan baru",
  nearbyFileNewAck: "Baik, kita lanjutkan laporan baru Anda.",
  supportDone:
    "Terima kasih! Anda kini mendukung laporan *{code}* (didukung {count} warga). Kabar " +
    "perkembangannya akan dikirim ke sini. Laporan yang sedang Anda tulis tidak dikirim.",
  supportOwn:
    "Laporan *{code}* adalah laporan Anda sendiri. Pantau dengan /status {code}. Laporan yang " +
    "sedang Anda tulis tidak dikirim.",
  supportUnavailable:
    "Laporan *{code}* sudah tidak bisa didukung (sudah ditutup). Kita lanjutkan laporan baru Anda.",
  supporterNoticeHeader: "Kabar laporan yang Anda dukung, *{code}* ({title}):",
  supporterNoticeFooter: "Anda menerima kabar ini karena mendukung laporan {code}.",
  deskCardSupporters: "👥 Didukung {count} warga",
  publicFieldSupporters: "Didukung",
  publicSupporters: "{count} warga lain mengalami masalah yang sama",
  mergedIntoNotice:
    "Laporan *{from}* Anda digabung ke laporan *{into}* yang membahas masalah yang sama. Kabar " +
    "perkembangannya akan dikirim ke sini.",
  mergedFromNotice:
    "Laporan serupa digabung ke laporan *{into}* Anda; kini didukung {count} warga.",
  deskHelpMerge: "/gabung <nomor> <ke-nomor> — gabungkan laporan ganda",
  deskUsageMerge:
    "Cara pakai: /gabung <nomor> <ke-nomor>, misalnya /gabung ADU-7K3F9Q ADU-4M2P8R: laporan " +
    "pertama ditutup sebagai duplikat dan pelapor serta pendukungnya menjadi pendukung laporan kedua.",
  deskMerged:
    "{from} digabung ke {into}: {supporters} pendukung baru, {attachments} lampiran dipindahkan. {from} ditutup sebagai duplikat.",
  deskMergeSame: "{code} tidak bisa digabung ke dirinya sendiri: sebutkan dua nomor yang berbeda.",
  deskMergeClosed:
    "{code} sudah berstatus {status}; hanya laporan yang masih terbuka yang bisa digabung.",
  deskMergeConfidential:
    "{code} rahasia, laporan yang lain tidak: laporan rahasia dan publik tidak bisa digabung.",
} as const;

export const supportEn: Record<keyof typeof supportId, string> = {
  nearbyQuestion: "*Is this the same problem?* Similar reports near your location:",
  nearbyLine: "*{code}* — {title} ({status}, {distance})",
  nearbyExplain:
    "You can support that report instead of filing a new one: you will get its updates, and " +
    "staff see how many citizens are affected. Your identity is not shown to other citizens.",
  nearbySupport: "👍 Support {code}",
  nearbyFileNew: "📝 File a new report anyway",
  nearbyFileNewAck: "All right, let's go on with your new report.",
  supportDone:
    "Thank you! You now support report *{code}* (supported by {count} {count|citizen|citizens}). Its updates " +
    "will be sent here. The report you were writing is not sent.",
  supportOwn:
    "Report *{code}* is your own report. Follow it with /status {code}. The report you were " +
    "writing is not sent.",
  supportUnavailable:
    "Report *{code}* can no longer be supported (it is closed). Let's go on with your new report.",
  supporterNoticeHeader: "News of the report you support, *{code}* ({title}):",
  supporterNoticeFooter: "You get this because you support report {code}.",
  deskCardSupporters: "👥 Supported by {count} {count|citizen|citizens}",
  publicFieldSupporters: "Supported",
  publicSupporters: "{count} other {count|citizen has|citizens have} the same problem",
  mergedIntoNotice:
    "Your report *{from}* was merged into report *{into}*, which is about the same problem. " +
    "Its updates will be sent here.",
  mergedFromNotice:
    "A similar report was merged into your report *{into}*; it is now supported by {count} {count|citizen|citizens}.",
  deskHelpMerge: "/gabung <number> <into-number> — merge a duplicate report",
  deskUsageMerge:
    "Usage: /gabung <number> <into-number>, e.g. /gabung ADU-7K3F9Q ADU-4M2P8R: the first " +
    "report is closed as a duplicate and its reporter and supporters come to support the second.",
  deskMerged:
    "{from} merged into {into}: {supporters} new {supporters|supporter|supporters}, {attachments} {attachments|attachment|attachments} moved. {from} is closed as a duplicate.",
  deskMergeSame: "{code} cannot be merged into itself: give two different numbers.",
  deskMergeClosed: "{code} is already {status}; only open reports can be merged.",
  deskMergeConfidential:
    "{code} is confidential and the other report is not: confidential and public reports cannot be merged.",
};
