import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../../src/generated/prisma/client.js";
import { createDeskHarness, type DeskHarness } from "../../support/desk-harness.js";

let desk: DeskHarness;
let prisma: PrismaClient;
let reportId: string;

beforeAll(async () => {
  desk = await createDeskHarness();
  prisma = desk.prisma;
  const admin = await desk.staff("admin-trigger", "admin");
  const { code } = await desk.file();
  const report = await prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
  reportId = report.id;
  await desk.say("admin-trigger", `/lihat ${code}`);
  expect(admin.id).toBeTruthy();
});

afterAll(async () => {
  await desk.close();
});

describe("the event tables are append-only in PostgreSQL itself", () => {
  it("refuse an UPDATE and a DELETE of a report event", async () => {
    const event = await prisma.reportEvent.findFirstOrThrow({ where: { reportId } });
    await expect(
      prisma.reportEvent.update({ where: { id: event.id }, data: { text: "rewritten" } }),
    ).rejects.toThrow(/report events are append-only; UPDATE on report_events refused/);
    await expect(prisma.reportEvent.delete({ where: { id: event.id } })).rejects.toThrow(
      /report events are append-only; DELETE on report_events refused/,
    );
    await expect(prisma.$executeRawUnsafe("TRUNCATE report_events CASCADE")).rejects.toThrow(
      /report events are append-only; TRUNCATE/,
    );
    expect(await prisma.reportEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("refuse an UPDATE and a DELETE of an audit event", async () => {
    const view = await prisma.auditEvent.findFirstOrThrow({ where: { reportId } });
    await expect(
      prisma.auditEvent.update({ where: { id: view.id }, data: { actorId: "someone-else" } }),
    ).rejects.toThrow(/audit events are append-only; UPDATE on audit_events refused/);
    await expect(prisma.auditEvent.deleteMany({ where: { reportId } })).rejects.toThrow(
      /audit events are append-only; DELETE on audit_events refused/,
    );
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: view.id } })).toEqual(view);
  });

  it("let the retention and erasure job rewrite them, in its own transaction only", async () => {
    const event = await prisma.reportEvent.findFirstOrThrow({ where: { reportId } });
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('aduan.event_rewrite', 'on', true)`;
      await tx.reportEvent.update({ where: { id: event.id }, data: { text: "(dihapus)" } });
    });
    expect((await prisma.reportEvent.findUniqueOrThrow({ where: { id: event.id } })).text).toBe(
      "(dihapus)",
    );
    // The setting ended with that transaction.
    await expect(
      prisma.reportEvent.update({ where: { id: event.id }, data: { text: "again" } }),
    ).rejects.toThrow(/append-only/);
  });
});
