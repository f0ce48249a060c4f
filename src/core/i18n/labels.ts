import type { ChannelName, Language } from "../messages.js";
import type { EventType, ReportKind, ReportStatus } from "../words.js";

type Labels<Key extends string> = Record<Language, Record<Key, string>>;

export const reportKindLabels: Labels<ReportKind> = {
  id: { pengaduan: "Pengaduan", aspirasi: "Aspirasi", informasi: "Permintaan informasi" },
  en: { pengaduan: "Complaint", aspirasi: "Suggestion", informasi: "Information request" },
};

/** A channel as a person reads its name: "WhatsApp", never the id "whatsapp". */
export const channelLabels: Labels<ChannelName> = {
  id: { telegram: "Telegram", whatsapp: "WhatsApp", terminal: "terminal", open311: "Open311" },
  en: { telegram: "Telegram", whatsapp: "WhatsApp", terminal: "terminal", open311: "Open311" },
};

export const reportStatusLabels: Labels<ReportStatus> = {
  id: {
    submitted: "Diterima, menunggu verifikasi",
    verified: "Terverifikasi",
    routed: "Diteruskan ke instansi",
    followed_up: "Sudah ditindaklanjuti",
    done: "Selesai",
    on_hold: "Ditunda",
    not_authority: "Bukan kewenangan",
    rejected: "Ditolak / diarsipkan",
    reopened: "Dibuka kembali",
  },
  en: {
    submitted: "Received, awaiting verification",
    verified: "Verified",
    routed: "Forwarded to the agency",
    followed_up: "Followed up",
    done: "Done",
    on_hold: "On hold",
    not_authority: "Not our authority",
    rejected: "Rejected / archived",
    reopened: "Reopened",
  },
};

export const eventLabels: Labels<EventType> = {
  id: {
    submitted: "Laporan diterima",
    verified: "Laporan diverifikasi",
    routed: "Diteruskan ke instansi",
    replied: "Tanggapan instansi",
    note: "Catatan internal",
    held: "Laporan ditunda",
    rejected: "Laporan ditolak",
    not_authority: "Bukan kewenangan",
    done: "Laporan selesai",
    reopened: "Laporan dibuka kembali",
    info_added: "Informasi tambahan dari pelapor",
    rated: "Penilaian pelapor",
    delivery_failed: "Pesan tidak terkirim",
    delivery_waiting: "Pesan menunggu penerimanya menulis lagi",
    assigned: "Ditangani petugas",
    reminded: "Pengingat tenggat dikirim",
    escalated: "Tenggat terlewati, diteruskan ke admin",
    merged: "Digabung dengan laporan lain",
  },
  en: {
    submitted: "Report received",
    verified: "Report verified",
    routed: "Forwarded to the agency",
    replied: "Answer from the agency",
    note: "Internal note",
    held: "Report put on hold",
    rejected: "Report rejected",
    not_authority: "Not our authority",
    done: "Report done",
    reopened: "Report reopened",
    info_added: "More information from the reporter",
    rated: "Reporter's rating",
    delivery_failed: "Message not delivered",
    delivery_waiting: "Message waiting for its recipient to write again",
    assigned: "Taken by an officer",
    reminded: "Deadline reminder sent",
    escalated: "Deadline passed, escalated to the admins",
    merged: "Merged with another report",
  },
};
