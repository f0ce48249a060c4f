import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import { GRAPH_FAILURES } from "../../support/fake-graph-messages.js";
import { eventually } from "../../support/wait.js";

let harness: CloudHarness;

beforeAll(async () => {
  harness = await startCloudHarness();
});

afterAll(async () => {
  await harness.stop();
});

describe("delivery statuses Meta reports", () => {
  it("tell, per sent message, that it was sent, delivered and read", async () => {
    const citizen = harness.fake.citizen("6281234500006");
    citizen.send("halo");
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
    const { platformMessageId } = await harness.channel.send(citizen.chatId, {
      text: [{ text: "Laporan diverifikasi" }],
    });
    const [sent] = harness.fake.messagesTo(citizen.waId);
    if (!sent) throw new Error("nothing sent");
    // Meta's timestamps are whole seconds. The instant is today's: the fake's clock also dates
    // the next test's messages, and a fixed date fell out of the service's 24-hour window a
    // day later (the next test then failed with the message held).
    const readAt = new Date(Math.ceil(Date.now() / 1000) * 1000);
    harness.fake.now = () => readAt;
    for (const status of ["sent", "delivered", "read"] as const)
      await harness.fake.deliverStatus(sent, status);
    harness.fake.now = () => new Date();
    const events = await eventually(() => {
      const mine = harness.statuses.filter(
        (event) => event.platformMessageId === platformMessageId,
      );
      return mine.length === 3 ? mine : undefined;
    });
    expect(events.map((event) => event.status)).toEqual(["sent", "delivered", "read"]);
    expect(events[2]).toEqual({
      platformMessageId,
      chatId: citizen.chatId,
      status: "read",
      at: readAt,
    });
  });

  it("tell that a message failed, with Meta's code and reason", async () => {
    const citizen = harness.fake.citizen("6281234500007");
    citizen.send("halo");
    await eventually(() => harness.lastInbound.lastInboundAt(citizen.chatId));
    const { platformMessageId } = await harness.channel.send(citizen.chatId, {
      text: [{ text: "Tanggapan" }],
    });
    const [sent] = harness.fake.messagesTo(citizen.waId);
    if (!sent) throw new Error("nothing sent");
    await harness.fake.deliverStatus(sent, "failed", GRAPH_FAILURES.undeliverable);
    const failed = await eventually(() =>
      harness.statuses.find(
        (event) => event.platformMessageId === platformMessageId && event.status === "failed",
      ),
    );
    expect(failed.failure).toEqual({
      code: 131026,
      kind: "undeliverable",
      reason: `Message Undeliverable — ${GRAPH_FAILURES.undeliverable.details}`,
    });
  });
});
