import type { Catalog } from "../../config/catalog.js";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../infra/logger.js";
import { t } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import { toDateValue } from "../time/dates.js";
import { CARD_INCLUDE, renderCard, type StaffChat } from "./staff-cards.js";
import type { Submission } from "./submission.js";
import { generateTrackingCode } from "./tracking-code.js";
import type { OutboxLane } from "../words.js";

export interface PendingOutbox {
  readonly id: string;
  readonly channel: Submission["channel"];
  readonly lane: OutboxLane;
}

/** The columns to select when creating an outbox row, to queue it as a PendingOutbox. */
export const PENDING_OUTBOX = { id: true, channel: true, lane: true } as const;

export interface IntakeResult {
  readonly reportId: string;
  readonly trackingCode: string;
  /** false when this submission was stored before (a retried or duplicated job). */
  readonly created: boolean;
  /** Outbox messages still waiting to be sent, to hand to the outbound queue. */
  readonly pendingOutbox: readonly PendingOutbox[];
  /** The desk was busy: the report waits, without a card, for the next batch of new reports. */
  readonly waitsForDeskBatch: boolean;
}

const MAX_ATTEMPTS = 5;

/** Pending cards at the desk's chat that make it busy (a group takes 20 messages a minute). */
const DESK_BURST = 3;
/** The advisory lock under which new reports decide between a card and a batch. */
const DESK_CARDS_LOCK = 4_242_002;

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Stores a submitted report exactly once: reporter, report, attachments, the "submitted"
 * event and the confirmation in the outbox, all in one transaction keyed by the submission id.
 */
export class ReportIntake {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: {
      trackingCodePrefix: string;
      catalog: Catalog;
      logger: Logger;
      /** The desk's staff chat: each new report is posted there as a card. */
      deskChat?: StaffChat;
      staffLanguage?: Language;
      timeZone?: string;
      /** Cards waiting to go to the desk from which new reports wait for a batch instead. */
      deskBurst?: number;
    },
  ) {}

  async store(submission: Submission): Promise<IntakeResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Creating first saves a lookup on every new report; a repeat is the rare case.
        return await this.create(submission);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // This submission was stored before (a retried or duplicated job), or the random
        // tracking code collided, or a new reporter was created concurrently: try again.
        const existing = await this.existing(submission.submissionId);
        if (existing) return existing;
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async existing(submissionId: string): Promise<IntakeResult | undefined> {
    const report = await this.prisma.report.findUnique({
      where: { submissionId },
      select: {
        id: true,
        trackingCode: true,
        deskBatchPending: true,
        outbox: { where: { state: "pending" }, select: PENDING_OUTBOX },
      },
    });
    if (!report) return undefined;
    return {
      reportId: report.id,
      trackingCode: report.trackingCode,
      created: false,
      pendingOutbox: report.outbox,
      waitsForDeskBatch: report.deskBatchPending,
    };
  }

  private async create(submission: Submission): Promise<IntakeResult> {
    const { reporter: who, report: fields } = submission;
    // A category removed from the catalog after the reporter picked it is dropped rather
    // than failing the report: the desk assigns one when verifying.
    const category = fields.categoryId
      ? this.options.catalog.category(fields.categoryId)
      : undefined;
    if (fields.categoryId && !category) {
      this.options.logger.warn(
        { submissionId: submission.submissionId, categoryId: fields.categoryId },
        "submitted category is not in the catalog; stored without a category",
      );
    }
    const trackingCode = generateTrackingCode(this.options.trackingCodePrefix);
    const location = fields.location;
    const submittedAt = new Date(submission.submittedAt);

    const desk = this.options.deskChat;
    return this.prisma.$transaction(async (tx) => {
      const reporter = await tx.reporter.upsert({
        where: { channel_externalId: { channel: submission.channel, externalId: who.externalId } },
        create: {
          channel: submission.channel,
          externalId: who.externalId,
          chatId: submission.chatId,
          displayName: who.displayName ?? null,
          username: who.username ?? null,
          phone: who.phone ?? null,
          language: who.language,
        },
        update: {
          chatId: submission.chatId,
          displayName: who.displayName ?? null,
          username: who.username ?? null,
          ...(who.phone ? { phone: who.phone } : {}),
          language: who.language,
        },
      });
      // A desk with cards still waiting to go out is busy: a burst of reports (or an attack
      // by many accounts) becomes one batch message rather than a queue of cards. Reports
      // stored at once decide this one after another, or each would see an idle desk.
      let deskBusy = false;
      if (desk) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DESK_CARDS_LOCK}::bigint)`;
        const waiting = await tx.outboxMessage.count({
          where: { channel: desk.channel, chatId: desk.chatId, state: "pending", lane: "bulk" },
        });
        deskBusy = waiting >= (this.options.deskBurst ?? DESK_BURST);
      }
      const report = await tx.report.create({
        data: {
          trackingCode,
          submissionId: submission.submissionId,
          flowId: submission.flowId,
          reporterId: reporter.id,
          kind: fields.kind,
          title: fields.title,
          description: fields.description,
          categoryId: category?.id ?? null,
          eventDate: fields.eventDate ? toDateValue(fields.eventDate) : null,
          latitude: location && "latitude" in location ? location.latitude : null,
          longitude: location && "longitude" in location ? location.longitude : null,
          address: location && "address" in location ? location.address : null,
          anonymous: fields.anonymous,
          confidential: fields.confidential,
          language: who.language,
          submittedAt,
          deskBatchPending: deskBusy,
        },
      });
      if (submission.attachments.length > 0) {
        await tx.attachment.createMany({
          data: submission.attachments.map((file) => ({
            reportId: report.id,
            kind: file.kind,
            mime: file.mime,
            size: file.size,
            sha256: file.sha256,
            storagePath: file.storagePath,
            originalName: file.originalName ?? null,
          })),
        });
      }
      await tx.reportEvent.create({
        data: {
          reportId: report.id,
          type: "submitted",
          actorType: "reporter",
          actorId: reporter.id,
          public: true,
          data: { traceId: submission.traceId, flowId: submission.flowId },
          // The citizen's moment, not the database's: deadlines count from the latest status
          // event, so every event must come from the one clock the services share.
          createdAt: submittedAt,
        },
      });
      const confirmation: OutboundMessage = {
        text: t(who.language, "confirmation", { code: trackingCode }),
      };
      const outbox = await tx.outboxMessage.create({
        data: {
          channel: submission.channel,
          chatId: submission.chatId,
          purpose: "confirmation",
          payload: confirmation as unknown as Prisma.InputJsonObject,
          reportId: report.id,
          lane: "interactive",
        },
        select: PENDING_OUTBOX,
      });
      const pendingOutbox = [outbox];
      if (desk && !deskBusy) {
        const card = renderCard(
          await tx.report.findUniqueOrThrow({ where: { id: report.id }, include: CARD_INCLUDE }),
          {
            catalog: this.options.catalog,
            language: this.options.staffLanguage ?? "id",
            timeZone: this.options.timeZone ?? "Asia/Jakarta",
            forDesk: true,
          },
        );
        pendingOutbox.push(
          await tx.outboxMessage.create({
            data: {
              channel: desk.channel,
              chatId: desk.chatId,
              purpose: "card",
              payload: card as unknown as Prisma.InputJsonObject,
              reportId: report.id,
            },
            select: PENDING_OUTBOX,
          }),
        );
      }
      return {
        reportId: report.id,
        trackingCode,
        created: true,
        pendingOutbox,
        waitsForDeskBatch: deskBusy,
      };
    });
  }
}
