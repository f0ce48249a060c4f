import type { Catalog } from "../../src/config/catalog.js";
import type { MediaStore } from "../../src/core/media/media-store.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import type { Submission } from "../../src/core/reports/submission.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { REPORTER, STORED_REPORTS } from "./public-fixtures.js";
import { workflowEventData } from "./public-reports.js";
import { silentLogger, testCipher } from "./services.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";

export interface SeededReport {
  /** The tracking code the database gave it. */
  readonly code: string;
  /** Its submission id: the Open311 token. */
  readonly token: string;
}

/**
 * Files the public fixtures the way the bot does (intake: reporter, report, photos, submitted event),
 * then moves each to its state as staff would leave it: verified or routed, answered, held,
 * done, with internal notes and the reporter's own additions on the timeline.
 * Returns the fixtures' codes mapped to the codes the database chose.
 */
export async function seedPublicReports(
  prisma: PrismaClient,
  catalog: Catalog,
  /** Where the fixtures' photos are kept, as the bot keeps attachments. */
  media: MediaStore,
): Promise<ReadonlyMap<string, SeededReport>> {
  const intake = new ReportIntake(new PrismaReportStore(prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
  });
  const seeded = new Map<string, SeededReport>();
  for (const fixture of STORED_REPORTS) {
    const submission: Submission = {
      submissionId: fixture.token,
      flowId: "lapor",
      channel: "telegram",
      chatId: REPORTER.externalId ?? "",
      traceId: `telegram:${fixture.token}`,
      submittedAt: fixture.submittedAt.toISOString(),
      reporter: {
        externalId: REPORTER.externalId ?? "",
        displayName: REPORTER.displayName ?? "",
        username: REPORTER.username ?? "",
        phone: REPORTER.phone ?? "",
        language: "id",
      },
      report: {
        kind: fixture.kind,
        title: fixture.title,
        description: fixture.description,
        ...(fixture.categoryId ? { categoryId: fixture.categoryId } : {}),
        ...(fixture.location
          ? { location: fixture.location }
          : fixture.address
            ? { location: { address: fixture.address } }
            : {}),
        ...(fixture.eventDate ? { eventDate: fixture.eventDate.toISOString().slice(0, 10) } : {}),
        anonymous: false,
        confidential: fixture.confidential,
        photosPublic: fixture.photosPublic === true,
      },
      attachments: await Promise.all(
        (fixture.photos ?? []).map((photo) =>
          media.store(photo.bytes, { kind: "photo", mime: photo.mime }),
        ),
      ),
    };
    const stored = await intake.store(submission);
    const staffEvents = fixture.events.filter((event) => event.actorType === "staff");
    const routed = fixture.events.find((event) => event.type === "routed");
    const verified = fixture.events.find((event) => event.type === "verified");
    const answered = fixture.events.find((event) => event.type === "replied");
    await prisma.report.update({
      where: { id: stored.reportId },
      data: {
        status: fixture.status,
        agencyId: fixture.agencyId,
        address: fixture.address ?? null,
        verifiedAt: fixture.verified ? (verified ?? staffEvents[0])?.createdAt : null,
        routedAt: fixture.verified ? (routed?.createdAt ?? null) : null,
        firstAnsweredAt: answered?.createdAt ?? null,
        followUpDueAt: fixture.followUpDueAt ?? null,
        resolvedAt: fixture.status === "done" ? (staffEvents.at(-1)?.createdAt ?? null) : null,
      },
    });
    // The intake wrote the submitted event; the rest is what staff and the reporter did since.
    const data = workflowEventData(fixture);
    await prisma.reportEvent.createMany({
      data: fixture.events
        .map((event, index) => ({ event, data: data[index] }))
        .filter(({ event }) => event.type !== "submitted")
        .map(({ event, data }) => ({
          reportId: stored.reportId,
          type: event.type,
          actorType: event.actorType,
          actorId: event.actorType === "staff" ? "staff-1" : null,
          public: event.public,
          text: event.text,
          ...(data ? { data } : {}),
          createdAt: event.createdAt,
        })),
    });
    seeded.set(fixture.code, { code: stored.trackingCode, token: fixture.token });
  }
  return seeded;
}
