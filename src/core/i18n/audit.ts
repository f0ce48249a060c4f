/**
 * Messages of the audit trail (/audit), merged into id.ts and en.ts. Same rules: `*bold*`,
 * `` `code` ``, `{param}` (inserted literally).
 */
export const auditId = {
  deskHelpAudit:
    "/audit <nomor> [halaman] — siapa melihat dan mengubah laporan; /audit staf — perubahan staf dan templat",
  auditUsage:
    "Cara pakai: /audit <nomor> [halaman], contoh: /audit ADU-7K3F9Q; atau /audit staf [halaman] untuk perubahan akun staf dan templat.",
  auditReportHeader: "🔎 *Jejak audit {code}* — {total} catatan, halaman {page} dari {pages}",
  auditDeskHeader:
    "🔎 *Perubahan staf dan templat* — {total} catatan, terbaru dulu, halaman {page} dari {pages}",
  auditNone: "Belum ada catatan audit.",
  auditPageMissing: "Halaman {page} tidak ada; jejak ini punya {pages} halaman.",
  auditNext: "Halaman berikutnya: /audit {args} {next}",
  auditViewedReport: "• {at} — {who} melihat laporan",
  auditViewedFiles: "• {at} — {who} melihat berkas",
  auditViewedExport: "• {at} — {who} mengekspor laporan",
  auditChanged: "• {at} — {who}: {event}",
  auditStaffAdded: "• {at} — {who} menambahkan {target} sebagai {role}",
  auditStaffRoleChanged: "• {at} — {who} mengubah peran {target}: {previous} → {role}",
  auditStaffRemoved: "• {at} — {who} menghapus {target} ({previous}) dari staf",
  auditTemplateSaved: "• {at} — {who} menyimpan templat #{name}",
  auditTemplateRemoved: "• {at} — {who} menghapus templat #{name}",
};

export const auditEn: Record<keyof typeof auditId, string> = {
  deskHelpAudit:
    "/audit <number> [page] — who saw and changed a report; /audit staf — staff and template changes",
  auditUsage:
    "Usage: /audit <number> [page], e.g. /audit ADU-7K3F9Q; or /audit staf [page] for changes to staff accounts and templates.",
  auditReportHeader: "🔎 *Audit trail of {code}* — {total} entries, page {page} of {pages}",
  auditDeskHeader:
    "🔎 *Staff and template changes* — {total} entries, newest first, page {page} of {pages}",
  auditNone: "No audit entries yet.",
  auditPageMissing: "There is no page {page}; this trail has {pages} {pages|page|pages}.",
  auditNext: "Next page: /audit {args} {next}",
  auditViewedReport: "• {at} — {who} viewed the report",
  auditViewedFiles: "• {at} — {who} viewed its files",
  auditViewedExport: "• {at} — {who} exported the report",
  auditChanged: "• {at} — {who}: {event}",
  auditStaffAdded: "• {at} — {who} added {target} as {role}",
  auditStaffRoleChanged: "• {at} — {who} changed the role of {target}: {previous} → {role}",
  auditStaffRemoved: "• {at} — {who} removed {target} ({previous}) from staff",
  auditTemplateSaved: "• {at} — {who} saved template #{name}",
  auditTemplateRemoved: "• {at} — {who} removed template #{name}",
};
