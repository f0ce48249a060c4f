import type { ReportRecord } from "../../src/core/reports/records.js";

/**
 * A report as staff views read it: a complaint about a road, just submitted, by a reporter
 * whose name, username and phone staff may see (unless a test makes it anonim).
 */
export function reportRecord(overrides: Partial<ReportRecord> = {}): ReportRecord {
  return {
    id: "7f0e8a52-3c1d-4c47-9d0e-2b7e0c6b9a11",
    trackingCode: "ADU-7K3F9Q",
    submissionId: "0b8e2f0c-6a59-4f0b-8d3a-9c51f2d7e4a3",
    flowId: "lapor",
    reporterId: "c3a1d9e4-5b2f-4e8a-a7c6-1d0f9e8b7a65",
    kind: "pengaduan",
    title: "Jalan berlubang di depan Pasar Baru",
    description:
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    categoryId: "jalan-jembatan",
    agencyId: null,
    eventDate: new Date("2026-11-27T00:00:00Z"),
    latitude: -6.2088,
    longitude: 106.8456,
    address: null,
    anonymous: false,
    confidential: false,
    photosPublic: false,
    status: "submitted",
    language: "id",
    submittedAt: new Date("2026-11-28T02:30:00Z"),
    assigneeId: null,
    verifyDueAt: new Date("2026-12-03T10:00:00Z"),
    followUpDueAt: null,
    holdDueAt: null,
    autoCloseAt: null,
    verifiedAt: null,
    routedAt: null,
    firstAnsweredAt: null,
    resolvedAt: null,
    closedReason: null,
    rating: null,
    ratingComment: null,
    deskBatchPending: false,
    reporter: { displayName: "Siti Aminah", username: "siti_w", phone: "+6281234567890" },
    assignee: null,
    attachmentCount: 2,
    supporterCount: 0,
    ...overrides,
  };
}
