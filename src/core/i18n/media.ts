/**
 * Messages about files (a report's evidence, staff proof, /berkas), merged into id.ts and
 * en.ts. Same rules: `*bold*`, `` `code` ``, `{param}` (inserted literally).
 */
export const mediaId = {
  mediaFilesHeader: "📎 Lampiran laporan `{code}` ({count} berkas)",
  mediaNewFilesHeader: "📎 Lampiran baru untuk laporan `{code}` ({count} berkas)",
  mediaProofHeader: "📎 Lampiran dari petugas untuk laporan `{code}`",
  mediaDocumentAsReceived:
    "📄 Dokumen diteruskan apa adanya: isinya tidak diperiksa dan metadatanya tidak dihapus.",
  mediaTooBig:
    "⚠️ {name} ({size}) terlalu besar untuk dikirim lewat {platform} (maks. {max}); berkas " +
    "tetap tersimpan di server.",
  mediaConfidentialStaff:
    "🔒 {count} berkas laporan rahasia ini hanya dikirim ke grup desk dan grup instansi.",
  mediaConfidentialReporter:
    "🔒 Petugas melampirkan {count} berkas. Berkas laporan rahasia tidak dikirim lewat chat.",
  mediaPhotoName: "foto-{n}.{ext}",
  mediaAttachmentName: "lampiran-{n}.{ext}",
  deskFilesLine: "📎 Lampiran: {count} berkas — kirim /berkas {code} untuk menerimanya.",
  deskHelpFiles: "/berkas <nomor> [n] — kirim lampiran laporan (semua, atau yang ke-n)",
  deskUsageFiles: "Cara pakai: /berkas <nomor> [n], contoh: /berkas ADU-7K3F9Q 2",
  deskFilesNone: "Laporan `{code}` tidak punya lampiran.",
  deskFilesNoSuch: "Laporan `{code}` punya {count} lampiran; tidak ada lampiran ke-{n}.",
  deskTimelineFiles: "📎 {count} berkas",
} as const;

export const mediaEn: Record<keyof typeof mediaId, string> = {
  mediaFilesHeader: "📎 Attachments of report `{code}` ({count} {count|file|files})",
  mediaNewFilesHeader: "📎 New attachments for report `{code}` ({count} {count|file|files})",
  mediaProofHeader: "📎 Attachments from the officer for report `{code}`",
  mediaDocumentAsReceived:
    "📄 Document forwarded as received: its content is not checked and its metadata is not removed.",
  mediaTooBig:
    "⚠️ {name} ({size}) is too large to send on {platform} (max. {max}); the file stays stored " +
    "on the server.",
  mediaConfidentialStaff:
    "🔒 The {count} {count|file|files} of this confidential report go only to the desk's and agencies' groups.",
  mediaConfidentialReporter:
    "🔒 The officer attached {count} {count|file|files}. Files of a confidential report are not sent by chat.",
  mediaPhotoName: "photo-{n}.{ext}",
  mediaAttachmentName: "attachment-{n}.{ext}",
  deskFilesLine:
    "📎 Attachments: {count} {count|file|files} — send /berkas {code} to receive them.",
  deskHelpFiles: "/berkas <number> [n] — send a report's attachments (all, or the n-th)",
  deskUsageFiles: "Usage: /berkas <number> [n], e.g. /berkas ADU-7K3F9Q 2",
  deskFilesNone: "Report `{code}` has no attachments.",
  deskFilesNoSuch:
    "Report `{code}` has {count} {count|attachment|attachments}; there is no attachment {n}.",
  deskTimelineFiles: "📎 {count} {count|file|files}",
};
