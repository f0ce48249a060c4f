import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, type SendResult } from "../../src/channels/channel.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { RecordingSender } from "../support/recording-sender.js";
import { startOutboundHarness, type OutboundHarness } from "../support/outbound-harness.js";

/** A platform whose send the test holds open, as a slow network would, until it lets go. */
class HeldSender extends RecordingSender {
  sending: () => void = () => undefined;
  release: () => void = () => undefined;

  override async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const released = new Promise<void>((resolve) => (this.release = resolve));
    this.sending();
    await released;
    // super.send throws what failNext was given (a closed window, for one).
    await super.send(chatId, message);
    // whatsapp-web.js's id of a message names its chat, the phone number.
    return { platformMessageId: `true_${chatId}_3EB0C0FFEE` };
  }
}

/** What the Cloud API says of a notice sent after the conversation window closed. */
class WindowClosed extends DeliveryError {
  override get waitsForRecipient(): boolean {
    return true;
  }
}

const sender = new HeldSender("whatsapp");
let sending: OutboundHarness;
let staffToldItWaits = 0;

beforeAll(async () => {
  sending = await startOutboundHarness(sender, {
    onWaiting: () => {
      staffToldItWaits++;
      return Promise.resolve();
    },
  });
});

/** Queues a notice to `chatId` and erases its recipient while the platform has it. */
async function erasedWhileSending(chatId: string) {
  const started = new Promise<void>((resolve) => (sender.sending = resolve));
  const row = await sending.queueNotice(chatId, { text: [{ text: "Laporan Anda selesai" }] });
  await started;
  // /hapusdata commits meanwhile: the row is renamed to the pseudonym and failed.
  const prisma = sending.db.database.prisma;
  await prisma.outboxMessage.update({
    where: { id: row.id },
    data: { chatId: ERASED, state: "failed", platformMessageId: null },
  });
  const jobDone = new Promise((resolve) => sending.worker.once("completed", resolve));
  sender.release();
  await jobDone;
  return prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
}

const ERASED = "pelapor-0123456789ab";

afterAll(async () => {
  sender.release();
  await sending.stop();
});

describe("a message whose recipient is erased while it is being sent", () => {
  it("keeps none of what the platform said of it on the erased row", async () => {
    const chatId = "6281200000009@c.us";
    const stored = await erasedWhileSending(chatId);
    expect(sender.textsTo(chatId)).toEqual(["Laporan Anda selesai"]);
    expect(stored).toMatchObject({
      chatId: ERASED,
      state: "failed",
      platformMessageId: null,
      partMessageIds: [],
    });
    expect(
      JSON.stringify(stored, (_key, value: unknown) =>
        typeof value === "bigint" ? value.toString() : value,
      ),
    ).not.toContain("6281200000009");
  });

  it("does not wait for them when the platform holds it back", async () => {
    sender.failNext(new WindowClosed("131047: Re-engagement message", true));
    const stored = await erasedWhileSending("6281200000010@c.us");
    expect(stored.state).toBe("failed");
    expect(staffToldItWaits).toBe(0);
  });
});
