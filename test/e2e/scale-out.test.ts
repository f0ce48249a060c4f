import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram, type TelegramCitizen } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { fillInformationRequest, TRACKING_CODE, untilStored } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * A deployment scaled out as the README describes: two webhook-mode bot processes behind one
 * address and three workers, sharing one Redis and one PostgreSQL.
 */
const ADMIN_ID = 700;
const CITIZENS = 30;

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  // Not migrated: the processes start together and must not race over the migrations.
  service = await startService({
    platform: "telegram",
    env: { ADMIN_TELEGRAM_IDS: String(ADMIN_ID) },
    process: false,
  });
  ({ db, fake } = service);
  const webhook = { secret: randomBytes(16).toString("hex") };
  await Promise.all([
    service.start({ roles: "bot", webhook }),
    service.start({ roles: "bot", webhook }),
    service.start({ roles: "worker" }),
    service.start({ roles: "worker" }),
    service.start({ roles: "worker" }),
  ]);
}, 90_000);

afterAll(() => service.stop());

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

    // Stored once each, under the codes the citizens were given (the code is told before the
    // workers store the report).
    for (const code of codes) await untilStored(db.database.prisma, code);
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
