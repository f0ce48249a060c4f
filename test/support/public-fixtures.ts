import type { ReporterIdentity } from "../../src/core/reports/redaction.js";
import { event, MemoryPublicReportSource, type StoredReport } from "./public-reports.js";
import { taggedJpeg } from "./tagged-images.js";

/**
 * Reports for the public pages' tests: public ones in several statuses, one rahasia, one not
 * verified yet, one whose every text tries to inject markup, all filed by one citizen whose
 * identity appears in their texts, in staff answers and in internal notes.
 */
export const NOW = new Date("2026-11-20T03:00:00Z");

export const REPORTER: ReporterIdentity = {
  displayName: "Siti Rahayu",
  username: "sitirahayu_77",
  phone: "+6281234567890",
  externalId: "777000111",
};

/** Strings of the reporter's identity none of which may appear in any public response. */
export const IDENTITY_MARKERS = ["Siti", "Rahayu", "sitirahayu_77", "777000111"];
/** The phone number's digits without the country code, however it is written. */
export const PHONE_DIGITS = "81234567890";

export const CODES = {
  road: "ADU-JAMB23",
  waste: "ADU-SAMPH4",
  flood: "ADU-BANJR5",
  secret: "ADU-RHS7AA",
  unverified: "ADU-NEW8XY",
  injection: "ADU-XSS9ZZ",
  old: "ADU-TUA2HH",
} as const;

/** Words only the rahasia and the unverified report contain. */
export const HIDDEN_MARKERS = ["PUNGLI-KELURAHAN", "BELUM-DIVERIFIKASI"];

export const INJECTED_TITLE = `<img src=x onerror="window.__pwned=1">Lampu <b>mati</b>`;

const base = {
  kind: "pengaduan",
  confidential: false,
  verified: true,
  reporter: REPORTER,
} as const;

export const STORED_REPORTS: readonly StoredReport[] = [
  {
    ...base,
    code: CODES.road,
    token: "0199a000-0000-7000-8000-000000000001",
    title: "Jembatan kayu di Kampung Melayu rusak",
    description:
      "Papan jembatan banyak yang patah sejak hujan deras minggu lalu.\n" +
      "Saya Siti Rahayu, bisa dihubungi di 0812-3456-7890.",
    status: "followed_up",
    categoryId: "jalan-jembatan",
    agencyId: "dinas-pupr",
    submittedAt: new Date("2026-11-16T02:00:00Z"),
    eventDate: new Date("2026-11-14T00:00:00Z"),
    location: { latitude: -6.2088123, longitude: 106.8456789 },
    address: "Jl. Kampung Melayu Kecil, dekat rumah Bu Rahayu",
    events: [
      event("submitted", "reporter", "2026-11-16T02:00:00Z"),
      event("verified", "staff", "2026-11-16T04:00:00Z"),
      event("routed", "staff", "2026-11-16T04:05:00Z"),
      event("info_added", "reporter", "2026-11-16T06:00:00Z", "WA saya 081234567890, Siti"),
      event("note", "staff", "2026-11-17T01:00:00Z", "Pelapor Siti tinggal di gang sebelah", false),
      event(
        "replied",
        "staff",
        "2026-11-17T03:00:00Z",
        "Terima kasih Bu Siti Rahayu, tim survei datang Senin pagi.",
      ),
    ],
    photosPublic: true,
    photos: [{ id: "1", mime: "image/jpeg", bytes: taggedJpeg(6) }],
  },
  {
    ...base,
    code: CODES.waste,
    token: "0199a000-0000-7000-8000-000000000002",
    kind: "aspirasi",
    title: "Sampah menumpuk di Pasar Baru",
    description: "Tumpukan sampah di pintu timur pasar belum diangkut tiga hari.",
    status: "done",
    categoryId: "sampah-lingkungan",
    agencyId: "dlh",
    submittedAt: new Date("2026-11-12T02:00:00Z"),
    location: { latitude: -6.1701, longitude: 106.8301 },
    events: [
      event("submitted", "reporter", "2026-11-12T02:00:00Z"),
      event("routed", "staff", "2026-11-12T05:00:00Z"),
      event("done", "staff", "2026-11-13T05:00:00Z", "Sampah sudah diangkut pagi ini."),
      event("rated", "reporter", "2026-11-13T08:00:00Z", "Cepat sekali, terima kasih! — Siti"),
    ],
  },
  {
    ...base,
    code: CODES.flood,
    token: "0199a000-0000-7000-8000-000000000003",
    title: "Saluran air tersumbat di Jalan Kenanga",
    description: "Air meluap ke jalan setiap hujan.",
    status: "routed",
    categoryId: "drainase-banjir",
    agencyId: "dinas-pupr",
    submittedAt: new Date("2026-11-18T02:00:00Z"),
    followUpDueAt: new Date("2026-11-25T16:59:59Z"),
    address: "Jalan Kenanga, RT 3",
    events: [
      event("submitted", "reporter", "2026-11-18T02:00:00Z"),
      event("routed", "staff", "2026-11-18T03:00:00Z"),
    ],
    // Photos the reporter did not agree to publish.
    photos: [{ id: "1", mime: "image/jpeg", bytes: taggedJpeg() }],
  },
  {
    ...base,
    code: CODES.secret,
    token: "0199a000-0000-7000-8000-000000000004",
    title: "PUNGLI-KELURAHAN di kantor kelurahan",
    description: "Petugas meminta uang PUNGLI-KELURAHAN untuk surat pengantar.",
    status: "routed",
    categoryId: "pungli-korupsi",
    agencyId: "inspektorat",
    // Unanswered past its follow-up deadline (12 November): the one agency below the target.
    submittedAt: new Date("2026-11-05T02:00:00Z"),
    confidential: true,
    events: [
      event("submitted", "reporter", "2026-11-05T02:00:00Z"),
      event("routed", "staff", "2026-11-05T03:00:00Z"),
    ],
  },
  {
    ...base,
    code: CODES.unverified,
    token: "0199a000-0000-7000-8000-000000000005",
    title: "BELUM-DIVERIFIKASI lampu taman",
    description: "BELUM-DIVERIFIKASI",
    status: "submitted",
    categoryId: "lainnya",
    agencyId: null,
    submittedAt: new Date("2026-11-19T02:00:00Z"),
    verified: false,
    events: [event("submitted", "reporter", "2026-11-19T02:00:00Z")],
  },
  {
    ...base,
    code: CODES.injection,
    token: "0199a000-0000-7000-8000-000000000006",
    title: INJECTED_TITLE,
    description: `</p><script>window.__pwned=2</script>Lampu lalu lintas mati total.`,
    status: "on_hold",
    categoryId: "transportasi",
    agencyId: "dinas-perhubungan",
    submittedAt: new Date("2026-11-10T02:00:00Z"),
    address: `"><svg onload="window.__pwned=3">Simpang Lima`,
    events: [
      event("submitted", "reporter", "2026-11-10T02:00:00Z"),
      event("verified", "staff", "2026-11-10T04:00:00Z"),
      event("held", "staff", "2026-11-11T04:00:00Z", `Menunggu suku cadang <i>dari pusat</i>.`),
    ],
  },
  {
    ...base,
    code: CODES.old,
    token: "0199a000-0000-7000-8000-000000000007",
    title: "Antrean puskesmas terlalu panjang",
    description: "Antrean pagi sampai tiga jam.",
    status: "done",
    categoryId: "kesehatan",
    agencyId: "dinas-kesehatan",
    submittedAt: new Date("2026-05-04T02:00:00Z"),
    events: [
      event("submitted", "reporter", "2026-05-04T02:00:00Z"),
      event("routed", "staff", "2026-05-04T05:00:00Z"),
      event("done", "staff", "2026-05-08T05:00:00Z", "Loket tambahan dibuka."),
    ],
  },
];

export const publicFixtureSource = () => new MemoryPublicReportSource(STORED_REPORTS, NOW);

/** Public, in the order the list shows them (newest first). */
export const PUBLIC_CODES_NEWEST_FIRST = [
  CODES.flood,
  CODES.road,
  CODES.waste,
  CODES.injection,
  CODES.old,
];
