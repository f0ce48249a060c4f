import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SendResult } from "../../src/channels/channel.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import { ReportWorkflow } from "../../src/core/reports/workflow.js";
import { toPlainText } from "../../src/core/text.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { catalog } from "../support/engine-harness.js";
import { RecordingSender } from "../support/recording-sender.js";
import { startOutboundHarness, type OutboundHarness } from "../support/outbound-harness.js";
import { silentLogger, testCipher } from "../support/services.js";
import { makeSubmission } from "../support/submissions.js";
import { eventually } from "../support/wait.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";

/** A platform that can edit what it sent, like Telegram. */
class EditingSender extends RecordingSender {
  readonly edits: { chatId: string; platformMessageId: string; text: string }[] = [];

  async edit(
    chatId: string,
    platformMessageId: string,
    message: OutboundMessage,
  ): Promise<SendResult> {
    this.edits.push({ chatId, platformMessageId, text: toPlainText(message.text) });
    return { platformMessageId };
  }
}

const sender = new EditingSender("terminal");
const deskChat = { channel: "terminal" as const, chatId: "desk-group" };
let sending: OutboundHarness;
let intake: ReportIntake;
let workflow: ReportWorkflow;

beforeAll(async () => {
  sending = await startOutboundHarness(sender);
  const { prisma } = sending.db.database;
  await syncCatalog(prisma, catalog);
  intake = new ReportIntake(new PrismaReportStore(prisma, testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
    desk: { groups: [deskChat], privateOn: [] },
  });
  workflow = new ReportWorkflow(new PrismaReportStore(prisma, testCipher), {
    catalog,
    logger: silentLogger,
    desk: { groups: [deskChat], privateOn: [] },
  });
});

afterAll(async () => {
  await sending.stop();
});

const system = { type: "system" } as const;

describe("staff cards in the outbox", () => {
  it("posts a card for a new report and edits that same message when the report changes", async () => {
    const stored = await intake.store(makeSubmission());
    await sending.outbound.enqueue(stored.pendingOutbox);
    const card = await eventually(
      () => sender.sent.find((entry) => entry.chatId === deskChat.chatId),
      { what: "the card" },
    );
    expect(card.text).toContain(stored.trackingCode);
    const cardRow = await eventually(
      async () =>
        (await sending.db.database.prisma.outboxMessage.findFirst({
          where: { reportId: stored.reportId, purpose: "card", state: "sent" },
        })) ?? undefined,
    );

    const result = await workflow.apply({
      trackingCode: stored.trackingCode,
      action: "verify",
      actor: system,
    });
    await sending.outbound.enqueue(result.pendingOutbox);
    const edit = await eventually(
      () => sender.edits.find((entry) => entry.text.includes("Terverifikasi")),
      { what: "the card edit" },
    );
    expect(edit).toMatchObject({
      chatId: deskChat.chatId,
      platformMessageId: cardRow.platformMessageId,
    });
    // The card and, after it, its photo: the update edited the card rather than adding one.
    expect(
      sender.sent
        .filter((entry) => entry.chatId === deskChat.chatId)
        .map((entry) => entry.message.files?.map((file) => file.name) ?? "card"),
    ).toEqual(["card", ["lubang.png"]]);
  });

  it("drops a card update older than one already shown, so a card never goes back in time", async () => {
    const stored = await intake.store(makeSubmission());
    await sending.outbound.enqueue(stored.pendingOutbox);
    const prisma = sending.db.database.prisma;
    const cardRow = await eventually(
      async () =>
        (await prisma.outboxMessage.findFirst({
          where: { reportId: stored.reportId, purpose: "card", state: "sent" },
        })) ?? undefined,
    );
    const verified = await workflow.apply({
      trackingCode: stored.trackingCode,
      action: "verify",
      actor: system,
    });
    const routed = await workflow.apply({
      trackingCode: stored.trackingCode,
      action: "route",
      actor: system,
      agencyId: "dinas-pupr",
    });
    const newerRows = await prisma.outboxMessage.findMany({
      where: { id: { in: routed.pendingOutbox.map((row) => row.id) }, replacesId: cardRow.id },
    });
    // The newer update arrives first; the older one comes late.
    await sending.outbound.enqueue(newerRows);
    await eventually(
      () => sender.edits.some((entry) => entry.text.includes("Diteruskan ke instansi")),
      { what: "the routed card" },
    );
    const editsBefore = sender.edits.length;
    const olderCard = await prisma.outboxMessage.findFirstOrThrow({
      where: { id: { in: verified.pendingOutbox.map((row) => row.id) }, replacesId: cardRow.id },
    });
    await sending.outbound.enqueue([
      { id: olderCard.id, channel: "terminal", lane: olderCard.lane },
    ]);
    await eventually(
      async () =>
        (await prisma.outboxMessage.findUniqueOrThrow({ where: { id: olderCard.id } })).state ===
        "sent",
      { what: "the stale update settled" },
    );
    expect(sender.edits.length).toBe(editsBefore);
  });
});
