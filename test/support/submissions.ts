import { randomUUID } from "node:crypto";
import { currentTraceId, type ChannelName } from "../../src/core/messages.js";
import type { Submission } from "../../src/core/reports/submission.js";

/** A valid intake payload, as the engine produces it when a citizen presses Send. */
export function makeSubmission(
  overrides: {
    externalId?: string;
    title?: string;
    anonymous?: boolean;
    submittedAt?: Date;
    confidential?: boolean;
    channel?: ChannelName;
  } = {},
): Submission {
  const externalId = overrides.externalId ?? `warga-${randomUUID().slice(0, 8)}`;
  return {
    submissionId: randomUUID(),
    flowId: "lapor",
    channel: overrides.channel ?? "terminal",
    chatId: externalId,
    // As the engine traces a chat message (a digest of its id); Open311's name a request.
    traceId: currentTraceId(`${overrides.channel ?? "terminal"}:${randomUUID()}`),
    submittedAt: (overrides.submittedAt ?? new Date()).toISOString(),
    reporter: {
      externalId,
      displayName: "Siti Rahayu",
      username: "siti",
      phone: "+6281234567890",
      language: "id",
    },
    report: {
      kind: "pengaduan",
      title: overrides.title ?? "Jalan berlubang di depan Pasar Baru",
      description: "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor.",
      categoryId: "jalan-jembatan",
      location: { latitude: -6.2088, longitude: 106.8456 },
      eventDate: "2026-11-27",
      anonymous: overrides.anonymous ?? false,
      confidential: overrides.confidential ?? false,
      photosPublic: false,
    },
    attachments: [
      {
        kind: "photo",
        mime: "image/png",
        size: 68,
        sha256: "a".repeat(64),
        storagePath: `aa/${"a".repeat(64)}.png`,
        originalName: "lubang.png",
      },
    ],
  };
}

/** What the intake adds to a submission to store it (ReportUnit.createReport): no deadlines. */
export const newReportFields = (trackingCode: string) => ({
  trackingCode,
  categoryId: "jalan-jembatan",
  deskBatchPending: false,
  dueDates: { verifyDueAt: null, followUpDueAt: null, autoCloseAt: null, holdDueAt: null },
});
