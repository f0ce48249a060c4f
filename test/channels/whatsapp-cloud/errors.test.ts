import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudDeliveryError } from "../../../src/channels/whatsapp/cloud/errors.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { startCloudHarness, type CloudHarness } from "../../support/cloud-harness.js";
import type { FakeCloudCitizen } from "../../support/fake-cloud-citizen.js";
import { GRAPH_FAILURES, type GraphFailure } from "../../support/fake-graph-messages.js";
import { eventually } from "../../support/wait.js";

let harness: CloudHarness;
let citizen: FakeCloudCitizen;
const notice: OutboundMessage = { text: [{ text: "Laporan ADU-7K3F9Q sudah diverifikasi." }] };

beforeAll(async () => {
  harness = await startCloudHarness();
  citizen = harness.fake.citizen("6281234500004");
  citizen.send("halo");
  // Marked read last: the channel is done with it, and no read receipt can take a failure
  // a test injects for its send.
  await eventually(() => harness.fake.reads.length === 1, { what: "'halo' marked read" });
  expect(await harness.lastInbound.lastInboundAt(citizen.chatId)).toBeDefined();
});

afterAll(async () => {
  await harness.stop();
});

async function failureOf(failure: GraphFailure): Promise<CloudDeliveryError> {
  harness.fake.failNext(failure);
  const error = await harness.channel
    .send(citizen.chatId, notice)
    .catch((caught: unknown) => caught);
  if (!(error instanceof CloudDeliveryError))
    throw new Error(`expected a CloudDeliveryError, got ${String(error)}`);
  return error;
}

describe("Meta's errors, as the outbound worker sees them", () => {
  it("retries after the number's throughput limit (130429), pausing the queue a second", async () => {
    const error = await failureOf(GRAPH_FAILURES.throughput);
    expect(error).toMatchObject({
      kind: "throughput",
      permanent: false,
      retryAfterMs: 1000,
      code: 130429,
    });
  });

  it("retries the one citizen's message after the pair rate limit (131056), without pausing the others", async () => {
    const error = await failureOf(GRAPH_FAILURES.pairRate);
    expect(error).toMatchObject({ kind: "pair_rate", permanent: false, retryAfterMs: undefined });
  });

  it("waits a minute when the business account's rate limit (80007) is reached", async () => {
    const error = await failureOf(GRAPH_FAILURES.accountRate);
    expect(error).toMatchObject({ kind: "account_rate", permanent: false, retryAfterMs: 60_000 });
  });

  it.each([
    ["undeliverable (131026)", GRAPH_FAILURES.undeliverable],
    ["unsupported (131051)", GRAPH_FAILURES.unsupported],
  ])("gives up at once on %s, with Meta's reason for the timeline", async (_what, failure) => {
    const error = await failureOf(failure);
    expect(error.permanent).toBe(true);
    expect(error.message).toContain(String(failure.code));
    expect(error.message).toContain(failure.details);
  });

  it("gives up on a template Meta does not know, telling the operator where to look", async () => {
    const error = await failureOf({
      status: 404,
      code: 132001,
      message: "(#132001) Template name does not exist in the translation",
      details: "template name (aduan_tanggapan) does not exist in id",
    });
    expect(error).toMatchObject({ kind: "template", permanent: true });
    expect(error.message).toContain("WHATSAPP_CLOUD_TEMPLATES_FILE");
  });

  it("keeps messages on an expired token (190) and fails /readyz naming the variable until a call succeeds", async () => {
    expect(harness.channel.health()).toEqual({ ok: true, state: "webhook" });
    const error = await failureOf(GRAPH_FAILURES.expiredToken);
    expect(error).toMatchObject({ kind: "access", permanent: false });
    expect(error.message).toContain("WHATSAPP_CLOUD_ACCESS_TOKEN");
    const health = harness.channel.health();
    expect(health.ok).toBe(false);
    expect(health.state).toContain("WHATSAPP_CLOUD_ACCESS_TOKEN");
    expect(health.state).toContain("190");
    await harness.channel.send(citizen.chatId, notice);
    expect(harness.channel.health().ok).toBe(true);
  });

  it("refuses an address the Cloud API cannot reach (a linked id) without calling Meta", async () => {
    const sentBefore = harness.fake.sent.length;
    const error = await harness.channel
      .send("123456789012345@lid", notice)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "undeliverable", permanent: true });
    expect(harness.fake.sent.length).toBe(sentBefore);
  });
});
