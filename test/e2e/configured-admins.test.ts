import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText, type FakeTelegram } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";

const KEPT_ADMIN = 930;
const DROPPED_ADMIN = 931;
const WA_ADMIN = "6281100000099";
const FAREWELL = "Anda tidak lagi terdaftar sebagai staf meja pengaduan";

let service: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    process: {
      roles: "all",
      // A WhatsApp admin of an installation that does not run WhatsApp (WHATSAPP_ENABLED unset).
      env: { ADMIN_TELEGRAM_IDS: `${KEPT_ADMIN},${DROPPED_ADMIN}`, ADMIN_WHATSAPP_IDS: WA_ADMIN },
    },
  });
  ({ fake } = service);
}, 90_000);

afterAll(() => service.stop());

/** Starts the service again as an operator does after editing ADMIN_TELEGRAM_IDS. */
async function restartWith(adminIds: string): Promise<void> {
  await service.killAll();
  await service.start({ roles: "all", env: { ADMIN_TELEGRAM_IDS: adminIds } });
}

describe("admins of ADMIN_TELEGRAM_IDS", () => {
  it("tells an admin taken out of the setting at the next start, once, and the audit names the setting", async () => {
    const kept = fake.citizen(KEPT_ADMIN, "Admin Tetap");
    const dropped = fake.citizen(DROPPED_ADMIN, "Admin Lama");
    dropped.send("/bantuan");
    await dropped.expect("Perintah petugas");

    await restartWith(String(KEPT_ADMIN));
    await dropped.expect(FAREWELL);
    dropped.send("/staf");
    await dropped.expect("khusus staf meja pengaduan");

    kept.send("/audit staf");
    const trail = visibleText((await kept.expect(`menghapus telegram:${DROPPED_ADMIN}`)).text);
    expect(trail).toContain(
      `sistem (ADMIN_TELEGRAM_IDS) menghapus telegram:${DROPPED_ADMIN} (admin (verifikator)) dari staf`,
    );
    expect(trail).toContain(
      `sistem (ADMIN_TELEGRAM_IDS) menambahkan telegram:${KEPT_ADMIN} sebagai admin (verifikator)`,
    );

    // Another start with the same setting changes nothing: no second farewell, no new entry.
    await restartWith(String(KEPT_ADMIN));
    kept.send("/audit staf");
    const again = visibleText((await kept.expect("Perubahan staf dan templat")).text);
    expect(again.split(`menghapus telegram:${DROPPED_ADMIN}`).length - 1).toBe(1);
    expect(again.split(`menambahkan telegram:${KEPT_ADMIN}`).length - 1).toBe(1);
    // Retired too, but not written to on a channel nobody here delivers.
    expect(again).toContain(`sistem (ADMIN_WHATSAPP_IDS) menghapus whatsapp:${WA_ADMIN}@c.us`);
    expect(
      await service.db.database.prisma.outboxMessage.count({ where: { channel: "whatsapp" } }),
    ).toBe(0);
    // Written once: a second row would be sent whenever a worker gets to it.
    expect(
      await service.db.database.prisma.outboxMessage.count({ where: { purpose: "staff_removed" } }),
    ).toBe(1);
    const farewells = fake
      .messagesTo(DROPPED_ADMIN)
      .filter((message) => visibleText(message.text).includes(FAREWELL));
    expect(farewells).toHaveLength(1);
  }, 120_000);
});
