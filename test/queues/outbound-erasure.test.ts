import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SendResult } from "../../src/channels/channel.js";
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
    await super.send(chatId, message);
    // whatsapp-web.js's id of a message names its chat, the phone number.
    return { platformMessageId: `true_${chatId}_3EB0C0FFEE` };
  }
}

const sender = new HeldSender("whatsapp");
let sending: OutboundHarness;

beforeAll(async () => {
  sending = await startOutboundHarness(sender);
});

afterAll(async () => {
  sender.release();
  await sending.stop();
});

describe("a message whose recipient is erased while it is being sent", () => {
  it("keeps none of what the platform said of it on the erased row", async () => {
    const chatId = "6281200000009@c.us";
    const started = new Promise<void>((resolve) => (sender.sending = resolve));
    const row = await sending.queueNotice(chatId, { text: [{ text: "Laporan Anda selesai" }] });
    await started;
    // /hapusdata commits meanwhile: the row is renamed to the pseudonym and failed.
    const prisma = sending.db.database.prisma;
    await prisma.outboxMessage.update({
      where: { id: row.id },
      data: { chatId: "pelapor-0123456789ab", state: "failed", platformMessageId: null },
    });
    const jobDone = new Promise((resolve) => sending.worker.once("completed", resolve));
    sender.release();
    await jobDone;

    expect(sender.textsTo(chatId)).toEqual(["Laporan Anda selesai"]);
    const stored = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({
      chatId: "pelapor-0123456789ab",
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
});
