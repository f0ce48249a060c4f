import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/channels/channel.js";
import { releaseWaiting } from "../../src/queues/delivery-states.js";
import { RecordingSender } from "../support/recording-sender.js";
import { startOutboundHarness, type OutboundHarness } from "../support/outbound-harness.js";
import { eventually } from "../support/wait.js";

/** What a platform with a conversation window says of a notice sent after it closed. */
class WindowClosed extends DeliveryError {
  override get waitsForRecipient(): boolean {
    return true;
  }
}

/** A platform with a conversation window; `wrote`: the recipient has written since it refused. */
class WindowSender extends RecordingSender {
  wrote = false;

  wroteSinceHeld(): Promise<boolean> {
    return Promise.resolve(this.wrote);
  }
}

const sender = new WindowSender("whatsapp");
let sending: OutboundHarness;
/** Staff are being told the message waits: the test decides when that is done. */
let staffTold: () => void = () => undefined;
let tellingStaff: Promise<void> = Promise.resolve();
let staffBeingTold: () => void = () => undefined;

beforeAll(async () => {
  sending = await startOutboundHarness(sender, {
    onWaiting: async () => {
      staffBeingTold();
      await tellingStaff;
    },
  });
});

afterAll(async () => {
  staffTold();
  await sending.stop();
});

/** A notice to `chatId`, queued for delivery. */
const notify = (chatId: string, text: string) => sending.queueNotice(chatId, { text: [{ text }] });

/** The row's message reached its chat, once, and the row says so. */
async function expectDeliveredOnce(chatId: string, row: { id: string }, text: string) {
  await eventually(() => sender.textsTo(chatId).length > 0, {
    what: "the notice delivered",
    timeoutMs: 15_000,
  });
  await eventually(
    async () =>
      (await sending.db.database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } }))
        .state === "sent",
    { what: "the row marked sent" },
  );
  expect(sender.textsTo(chatId)).toEqual([text]);
}

describe("a notice waiting for its recipient", () => {
  it("is sent when they write while staff are still being told it waits", async () => {
    const chatId = "6281200000001@c.us";
    tellingStaff = new Promise((resolve) => (staffTold = resolve));
    const staffHearing = new Promise<void>((resolve) => (staffBeingTold = resolve));
    sender.failNext(new WindowClosed("closed window", true));
    const row = await notify(chatId, "Laporan Anda sudah diverifikasi");
    await staffHearing;

    // The citizen writes: what waited for them is released and queued again, while the job
    // that left it waiting has not ended yet.
    const released = await releaseWaiting(sending.db.database.prisma, "whatsapp", chatId);
    expect(released.map((item) => item.id)).toEqual([row.id]);
    const requeued = sending.outbound.requeue(released);
    staffTold();
    await requeued;

    await expectDeliveredOnce(chatId, row, "Laporan Anda sudah diverifikasi");
  });

  it("is sent when they write after the platform refused it, before it is left waiting", async () => {
    const chatId = "6281200000002@c.us";
    staffBeingTold = () => undefined;
    tellingStaff = Promise.resolve();
    // They write just after the platform refuses the notice: the release their message causes
    // finds it still pending, not waiting, and releases nothing.
    sender.failNext(new WindowClosed("closed window", true));
    sender.wrote = true;
    const row = await notify(chatId, "Laporan Anda sedang ditindaklanjuti");

    await expectDeliveredOnce(chatId, row, "Laporan Anda sedang ditindaklanjuti");
  });
});
