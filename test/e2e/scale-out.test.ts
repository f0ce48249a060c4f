import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, visibleText, type TelegramCitizen } from "../support/fake-telegram.js";
import { startService, type ServiceProcess } from "../support/process.js";
import {
  createTestDatabase,
  freePort,
  REDIS_URL,
  temporaryDirectory,
  uniqueName,
  type TestDatabase,
} from "../support/services.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * A deployment scaled out as the README describes: two webhook-mode bot processes behind one
 * address and three workers, sharing one Redis and one PostgreSQL.
 */
const ADMIN_ID = 700;
const CITIZENS = 30;

let db: TestDatabase;
let fake: FakeTelegram;
const processes: ServiceProcess[] = [];
const dataDir = temporaryDirectory();

beforeAll(async () => {
  // Not migrated: the processes start together and must not race over the migrations.
  db = await createTestDatabase({ migrated: false });
  fake = new FakeTelegram();
  await fake.start();
  const shared = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: uniqueName("scale"),
    DATA_DIR: dataDir.path,
    ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
  };
  const secret = randomBytes(16).toString("hex");
  for (let index = 0; index < 2; index++) {
    const port = await freePort();
    processes.push(
      startService("bot", {
        ...shared,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        TELEGRAM_WEBHOOK_SECRET: secret,
        HTTP_PORT: String(port),
      }),
    );
  }
  for (let index = 0; index < 3; index++) processes.push(startService("worker", shared));
  await eventually(() => fake.callsOf("setWebhook").length === 2, {
    timeoutMs: 60_000,
    what: `both bots' webhooks; ${processes.map((service) => service.stderr).join("\n")}`,
  });
}, 90_000);

afterAll(async () => {
  for (const service of processes) service.kill("SIGKILL");
  await Promise.all(processes.map((service) => service.exited()));
  await fake.stop();
  await db.drop();
  dataDir.remove();
});

/** The texts a chat received, in the order they reached it. */
const textsOf = (citizen: TelegramCitizen) =>
  fake.messagesTo(citizen.user.id).map((message) => visibleText(message.text));

describe("two bots and three workers", () => {
  it("store every report once and keep each chat's messages in order", async () => {
    const citizens = Array.from({ length: CITIZENS }, (_, index) =>
      fake.citizen(5000 + index, `Warga ${index}`),
    );
    const codes = await Promise.all(
      citizens.map(async (citizen, index) => {
        await fillInformationRequest(citizen, `Syarat akta kelahiran nomor ${index}`);
        citizen.press("Kirim");
        const confirmation = await citizen.expect("sudah tercatat", 60_000);
        return TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
      }),
    );

    // Stored once each, under the codes the citizens were given.
    const reports = await db.database.prisma.report.findMany({
      select: { trackingCode: true, title: true },
    });
    expect(reports).toHaveLength(CITIZENS);
    expect(new Set(codes).size).toBe(CITIZENS);
    expect(reports.map((report) => report.trackingCode).sort()).toEqual([...codes].sort());
    for (const citizen of citizens)
      expect(textsOf(citizen).filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);

    // Verifying and routing writes two messages to each reporter at once; three workers take
    // them, and each reporter still reads "verified" before "forwarded".
    const admin = fake.citizen(ADMIN_ID, "Admin Meja");
    for (const code of codes) {
      admin.send(`/verifikasi ${code} disdukcapil`);
      await admin.expect(`${code}: Diteruskan ke instansi`);
    }
    for (const citizen of citizens) {
      const texts = await eventually(
        () => {
          const all = textsOf(citizen);
          return all.some((text) => text.includes("untuk ditindaklanjuti")) ? all : undefined;
        },
        { timeoutMs: 60_000, what: `the forwarding notice to ${citizen.user.id}` },
      );
      const verified = texts.findIndex((text) => text.includes("sudah diverifikasi"));
      const forwarded = texts.findIndex((text) => text.includes("untuk ditindaklanjuti"));
      expect(verified, texts.join("\n---\n")).toBeGreaterThan(-1);
      expect(verified).toBeLessThan(forwarded);
    }
  }, 180_000);
});
