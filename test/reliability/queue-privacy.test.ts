import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { ServiceProcess } from "../support/process.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { TRACKING_CODE, untilStored } from "../support/chat-flows.js";
import { dumpRedis } from "../support/redis-dump.js";
import { eventually } from "../support/wait.js";

const STAFF_GROUP = -100321;
/** A Telegram account id long enough never to turn up by chance in a timestamp or counter. */
const REPORTER_ID = 7391046285;
const REPORTER_NAME = "Sulastri Wibowo";

let service: ServiceUnderTest<FakeTelegram>;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    env: { STAFF_CHAT_ID: String(STAFF_GROUP), ADMIN_TELEGRAM_IDS: "900" },
  });
}, 90_000);

afterAll(() => service.stop());

describe("nothing personal in Redis", () => {
  it("keeps no name, username or account id of an anonim reporter once the report is stored", async () => {
    const { fake } = service;
    const citizen = fake.citizen(REPORTER_ID, REPORTER_NAME);
    citizen.send("/informasi");
    await citizen.expect("Informasi apa yang Anda butuhkan");
    citizen.send("Jadwal pelayanan KTP elektronik");
    await citizen.expect("Jelaskan informasi");
    citizen.send("Kapan kantor kecamatan melayani perekaman KTP elektronik pada hari Sabtu?");
    await citizen.expect("bidang apa");
    citizen.press("KTP, KK");
    await citizen.expect("anonim");
    citizen.press("Ya");
    await citizen.expect("rahasia");
    citizen.press("Tidak");
    await citizen.expect("Periksa");
    citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";

    // Intake is done: the report is stored, and the desk's card and the confirmation are sent.
    const prisma = service.db.database.prisma;
    await untilStored(prisma, code);
    const report = await prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true },
    });
    expect(report.anonymous).toBe(true);
    expect(report.reporter.displayName).toBe(REPORTER_NAME);
    await eventually(
      async () => (await prisma.outboxMessage.count({ where: { state: "pending" } })) === 0,
      { what: "every message of the report sent" },
    );

    const dump = await dumpRedis(service.redis, service.redisPrefix);
    expect(dump.length).toBeGreaterThan(0);
    const needles = [String(REPORTER_ID), "Sulastri", "Wibowo", `warga${REPORTER_ID}`];
    const leaks = dump.filter((line) => needles.some((needle) => line.includes(needle)));
    expect(leaks).toEqual([]);
    // The report itself went through the queue: its job is gone once stored.
    expect(dump.some((line) => line.includes("Jadwal pelayanan KTP"))).toBe(false);
  }, 120_000);

  it("refuses to start a service without REDIS_ENCRYPTION_KEY, saying how to make one", async () => {
    const keyless = new ServiceProcess(process.execPath, ["dist/src/main.js"], {
      REDIS_ENCRYPTION_KEY: "",
    });
    expect(await keyless.exited()).toBe(1);
    expect(keyless.stderr).toContain(
      "REDIS_ENCRYPTION_KEY: required; 32 random bytes in base64, the same for every process " +
        "of this installation (generate them with: openssl rand -base64 32)",
    );
  });
});
