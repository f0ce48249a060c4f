import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { FakeTelegram, visibleText } from "../support/fake-telegram.js";
import { ServiceProcess } from "../support/process.js";
import {
  createTestDatabase,
  freePort,
  REDIS_URL,
  temporaryDirectory,
  type TestDatabase,
} from "../support/services.js";
import { eventually } from "../support/wait.js";

/**
 * Two checkouts with their own databases on one Redis, neither setting REDIS_PREFIX (issue
 * 13.4): each keeps its own reports, queues and conversations.
 */
interface Installation {
  readonly db: TestDatabase;
  readonly fake: FakeTelegram;
  readonly service: ServiceProcess;
  readonly dataDir: ReturnType<typeof temporaryDirectory>;
}

const installations: Installation[] = [];
const REPORTS_EACH = 4;

async function install(): Promise<Installation> {
  const db = await createTestDatabase({ migrated: false });
  const fake = new FakeTelegram();
  await fake.start();
  const dataDir = temporaryDirectory();
  const service = new ServiceProcess("npm", ["start", "--silent"], {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_URL: db.url,
    REDIS_URL,
    DATA_DIR: dataDir.path,
    HTTP_PORT: String(await freePort()),
  });
  return { db, fake, service, dataDir };
}

beforeAll(async () => {
  installations.push(...(await Promise.all([install(), install()])));
  await Promise.all(
    installations.map(({ fake, service }) =>
      eventually(() => fake.callsOf("getUpdates").length > 0, {
        timeoutMs: 60_000,
        what: `long polling; stderr: ${service.stderr}`,
      }),
    ),
  );
}, 90_000);

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  for (const { db, fake, service, dataDir } of installations) {
    service.kill();
    await service.exited();
    await fake.stop();
    const { redisPrefix } = await db.database.prisma.installation.findFirstOrThrow();
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await db.drop();
    dataDir.remove();
  }
  await redis.quit();
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
    expect(await stored(first)).toEqual([...codesA].sort());
    expect(await stored(second)).toEqual([...codesB].sort());
  }, 90_000);
});

describe("a Redis prefix set by hand", () => {
  it("is refused when another installation holds it, saying what to change", async () => {
    const [first] = installations;
    if (!first) throw new Error("installations not started");
    const { redisPrefix } = await first.db.database.prisma.installation.findFirstOrThrow();
    const db = await createTestDatabase({ migrated: false });
    const dataDir = temporaryDirectory();
    try {
      const intruder = new ServiceProcess("npm", ["start", "--silent"], {
        DATABASE_URL: db.url,
        REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        DATA_DIR: dataDir.path,
        HTTP_PORT: String(await freePort()),
      });
      expect(await intruder.exited()).toBe(1);
      expect(intruder.stderr).toContain(`the Redis prefix '${redisPrefix}' belongs to another`);
      expect(intruder.stderr).toContain("REDIS_PREFIX");
    } finally {
      await db.drop();
      dataDir.remove();
    }
  }, 60_000);
});
