import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";

/**
 * Two checkouts with their own databases on one Redis, neither setting REDIS_PREFIX (issue
 * 13.4): each keeps its own reports, queues and conversations.
 */
type Installation = ServiceUnderTest<FakeTelegram>;

const installations: Installation[] = [];
const REPORTS_EACH = 4;

const install = () => startService({ platform: "telegram", redisPrefix: "database" });

beforeAll(async () => {
  // Started together; if one fails, the other is still stopped after.
  const started = await Promise.allSettled([install(), install()]);
  for (const outcome of started) {
    if (outcome.status === "fulfilled") installations.push(outcome.value);
  }
  const failure = started.find(
    (outcome): outcome is PromiseRejectedResult => outcome.status === "rejected",
  );
  if (failure) throw failure.reason;
}, 90_000);

afterAll(async () => {
  for (const installation of installations) await installation.stop();
});

describe("two installations on one Redis", () => {
  it("never take each other's reports", async () => {
    const [first, second] = installations;
    if (!first || !second) throw new Error("installations not started");
    const [prefixA, prefixB] = await Promise.all(
      [first, second].map(
        async ({ db }) => (await db.database.prisma.installation.findFirstOrThrow()).redisPrefix,
      ),
    );
    expect(prefixA).not.toBe(prefixB);

    const file = async ({ fake }: Installation, id: number) => {
      const citizen = fake.citizen(id);
      await fillInformationRequest(citizen, `Pertanyaan warga ${id}`);
      citizen.press("Kirim");
      const confirmation = await citizen.expect("sudah tercatat", 20_000);
      return TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    };
    const ids = Array.from({ length: REPORTS_EACH }, (_, index) => 100 + index);
    const [codesA, codesB] = await Promise.all([
      Promise.all(ids.map((id) => file(first, id))),
      Promise.all(ids.map((id) => file(second, id + 50))),
    ]);
    const stored = async ({ db }: Installation) =>
      (await db.database.prisma.report.findMany({ select: { trackingCode: true } }))
        .map((report) => report.trackingCode)
        .sort();
    // Each installation's worker stores its own reports under the codes it told.
    await eventually(async () => (await stored(first)).length >= REPORTS_EACH, {
      what: "the first installation's reports stored",
    });
    await eventually(async () => (await stored(second)).length >= REPORTS_EACH, {
      what: "the second installation's reports stored",
    });
    expect(await stored(first)).toEqual([...codesA].sort());
    expect(await stored(second)).toEqual([...codesB].sort());
  }, 90_000);
});

describe("a Redis prefix set by hand", () => {
  it("is refused when another installation holds it, saying what to change", async () => {
    const [first] = installations;
    if (!first) throw new Error("installations not started");
    const { redisPrefix } = await first.db.database.prisma.installation.findFirstOrThrow();
    const intruderService = await startService({
      platform: "none",
      redisPrefix: "database",
      env: { REDIS_PREFIX: redisPrefix },
      process: { waitUntilRunning: false },
    });
    try {
      const intruder = intruderService.process;
      expect(await intruder.exited()).toBe(1);
      expect(intruder.stderr).toContain(`the Redis prefix '${redisPrefix}' belongs to another`);
      expect(intruder.stderr).toContain("REDIS_PREFIX");
    } finally {
      await intruderService.stop();
    }
  }, 60_000);
});
