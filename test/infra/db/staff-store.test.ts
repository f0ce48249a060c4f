import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../../src/generated/prisma/client.js";
import { PrismaStaffStore } from "../../../src/infra/db/staff-store.js";
import { createTestDatabase, type TestDatabase } from "../../support/services.js";

/**
 * ADMIN_*_IDS brought into the staff table at every start, by every process of the service:
 * each change made once, in the audit trail as the setting's.
 */

let db: TestDatabase;
let prisma: PrismaClient;
let store: PrismaStaffStore;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.database.prisma;
  store = new PrismaStaffStore(prisma);
  await prisma.agency.create({
    data: { id: "dinas-pupr", name: "Dinas PUPR", nameEn: "Public Works" },
  });
});

afterAll(async () => {
  await db.drop();
});

const trail = async (externalId: string) =>
  (
    await prisma.auditEvent.findMany({
      where: { subject: `whatsapp:${externalId}` },
      orderBy: { id: "asc" },
    })
  ).map((event) => `${event.action} by ${event.actorId}`);

describe("the configured admins' sync", () => {
  it("adds and retires each admin once when processes start at the same moment", async () => {
    const [first, second] = ["6281100000001", "6281100000002"];
    await Promise.all([
      store.syncConfiguredAdmins("whatsapp", [{ externalId: first }, { externalId: second }]),
      store.syncConfiguredAdmins("whatsapp", [{ externalId: first }, { externalId: second }]),
      store.syncConfiguredAdmins("whatsapp", [{ externalId: first }, { externalId: second }]),
    ]);
    expect(await trail(first)).toEqual(["staff_added by config"]);

    const retired = await Promise.all(
      [1, 2, 3].map(() => store.syncConfiguredAdmins("whatsapp", [{ externalId: first }])),
    );
    expect(retired.flat()).toEqual([{ externalId: second, chatId: null }]);
    expect(await trail(second)).toEqual(["staff_added by config", "staff_removed by config"]);
    expect(await store.active("whatsapp", second)).toBeUndefined();
  });

  it("retires an officer the setting promoted, but keeps an admin added by command", async () => {
    const officer = "6281100000011";
    const commandAdmin = "6281100000012";
    const adminId = (
      await store.grant({
        channel: "whatsapp",
        externalId: "6281100000010",
        role: "admin",
        agencyId: null,
        addedBy: "config",
      })
    ).id;
    await store.grant({
      channel: "whatsapp",
      externalId: officer,
      role: "officer",
      agencyId: "dinas-pupr",
      addedBy: adminId,
    });
    await store.grant({
      channel: "whatsapp",
      externalId: commandAdmin,
      role: "admin",
      agencyId: null,
      addedBy: adminId,
    });
    const listed = [officer, commandAdmin].map((externalId) => ({ externalId }));
    await store.syncConfiguredAdmins("whatsapp", listed);
    expect((await store.active("whatsapp", officer))?.role).toBe("admin");
    expect(await trail(officer)).toEqual([
      `staff_added by ${adminId}`,
      "staff_role_changed by config",
    ]);
    expect(await trail(commandAdmin)).toEqual([`staff_added by ${adminId}`]);

    const retired = await store.syncConfiguredAdmins("whatsapp", []);
    expect(retired.map((account) => account.externalId)).toContain(officer);
    expect(retired.map((account) => account.externalId)).not.toContain(commandAdmin);
    expect(await store.active("whatsapp", officer)).toBeUndefined();
    expect((await store.active("whatsapp", commandAdmin))?.role).toBe("admin");
  });

  it("retires an admin added by command, removed, then made admin again by the setting", async () => {
    const granter = await store.grant({
      channel: "whatsapp",
      externalId: "6281100000030",
      role: "admin",
      agencyId: null,
      addedBy: "config",
    });
    const returning = "6281100000031";
    await store.grant({
      channel: "whatsapp",
      externalId: returning,
      role: "admin",
      agencyId: null,
      addedBy: granter.id,
    });
    await store.revoke("whatsapp", returning, granter.id);
    await store.syncConfiguredAdmins("whatsapp", [{ externalId: returning }]);
    expect((await store.active("whatsapp", returning))?.role).toBe("admin");

    const retired = await store.syncConfiguredAdmins("whatsapp", []);
    expect(retired.map((account) => account.externalId)).toContain(returning);
    expect(await store.active("whatsapp", returning)).toBeUndefined();
  });

  it("makes an admin removed by command admin again while still listed, and says who did", async () => {
    const listed = "6281100000021";
    const remover = await store.grant({
      channel: "whatsapp",
      externalId: "6281100000020",
      role: "admin",
      agencyId: null,
      addedBy: "config",
    });
    await store.syncConfiguredAdmins("whatsapp", [
      { externalId: listed },
      { externalId: "6281100000020" },
    ]);
    await store.revoke("whatsapp", listed, remover.id);
    await store.syncConfiguredAdmins("whatsapp", [
      { externalId: listed },
      { externalId: "6281100000020" },
    ]);
    expect((await store.active("whatsapp", listed))?.role).toBe("admin");
    expect(await trail(listed)).toEqual([
      "staff_added by config",
      `staff_removed by ${remover.id}`,
      "staff_added by config",
    ]);
  });
});
