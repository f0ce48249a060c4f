import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelName } from "../../src/core/messages.js";
import type { SentConfirmation } from "../../src/core/reports/confirmation.js";
import { plain } from "../../src/core/text.js";
import { PrismaConfirmationLog } from "../../src/infra/db/confirmation-log.js";
import { PrismaPrivacyStore } from "../../src/infra/db/privacy-store.js";
import { PrismaStaffStore } from "../../src/infra/db/staff-store.js";
import { CallBatch } from "../../src/infra/call-batch.js";
import { createTestDatabase, type TestDatabase, testCipher } from "../support/services.js";

describe("a statement shared by the callers of a busy moment", () => {
  it("goes out at once when nothing is in flight, and gathers the calls made meanwhile", async () => {
    const statements: number[][] = [];
    const batch = new CallBatch<number, number>(async (inputs) => {
      statements.push([...inputs]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return inputs.map((input) => input * 10);
    });
    const first = batch.run(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rest = [2, 3, 4].map((input) => batch.run(input));
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });

  it("fails only the caller whose input the statement refused", async () => {
    const batch = new CallBatch<string, string>((inputs) =>
      inputs.includes("bad")
        ? Promise.reject(new Error("refused: bad"))
        : Promise.resolve(inputs.map((input) => input.toUpperCase())),
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map((input) => batch.run(input)));
    expect(results).toEqual([
      { status: "fulfilled", value: "A" },
      { status: "rejected", reason: new Error("refused: bad") },
      { status: "fulfilled", value: "C" },
    ]);
  });
});

describe("consent, staff and confirmations of many citizens at once (PostgreSQL)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  const telegram = (id: number) => ({ channel: "telegram" as ChannelName, externalId: String(id) });

  it("records each agreement and reads back each person's own consent", async () => {
    const privacy = new PrismaPrivacyStore(db.database.prisma, testCipher);
    const agreedAt = (id: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, id));
    await Promise.all(
      Array.from({ length: 60 }, (_, id) =>
        privacy.recordConsent(telegram(id), `chat-${id}`, { version: `v${id}`, at: agreedAt(id) }),
      ),
    );
    // The same person agreeing again, to a newer notice, in one busy moment: the newer counts.
    await Promise.all([
      privacy.recordConsent(telegram(7), "chat-7", { version: "v7", at: agreedAt(7) }),
      privacy.recordConsent(telegram(7), "chat-7", { version: "v7b", at: agreedAt(70) }),
    ]);
    const read = await Promise.all(
      Array.from({ length: 90 }, (_, id) => privacy.consentOf(telegram(id))),
    );
    read.forEach((consent, id) => {
      if (id >= 60) expect(consent).toBeNull();
      else if (id === 7) expect(consent).toEqual({ version: "v7b", at: agreedAt(70) });
      else expect(consent).toEqual({ version: `v${id}`, at: agreedAt(id) });
    });
    expect(await db.database.prisma.reporter.count()).toBe(60);
  });

  it("recognises the staff member among the citizens writing together", async () => {
    await db.database.prisma.staff.create({
      data: { channel: "telegram", externalId: "501", chatId: "501", role: "admin" },
    });
    await db.database.prisma.staff.create({
      data: { channel: "telegram", externalId: "502", role: "admin", active: false },
    });
    const staff = new PrismaStaffStore(db.database.prisma);
    const members = await Promise.all(
      [500, 501, 502, 503].map((id) => staff.active("telegram", String(id))),
    );
    expect(members.map((member) => member?.role)).toEqual([
      undefined,
      "admin",
      undefined,
      undefined,
    ]);
    expect(members[1]).toMatchObject({ externalId: "501", chatId: "501" });
  });

  it("keeps every confirmation told, each with its own chat and message", async () => {
    const log = new PrismaConfirmationLog(db.database.prisma);
    const sent = Array.from({ length: 30 }, (_, index): SentConfirmation => ({
      channel: "telegram",
      chatId: `chat-${index}`,
      submissionId: randomUUID(),
      message: { text: plain(`Laporan Anda tercatat dengan nomor ADU-${index}`) },
      platformMessageId: String(1000 + index),
      sentAt: new Date(Date.UTC(2026, 0, 2, 0, 0, index)),
    }));
    await Promise.all(sent.map((confirmation) => log.record(confirmation)));
    const rows = await db.database.prisma.outboxMessage.findMany({
      where: { purpose: "confirmation" },
      orderBy: { sentAt: "asc" },
    });
    expect(
      rows.map((row) => [
        row.chatId,
        row.platformMessageId,
        row.submissionId,
        row.state,
        row.sentAt,
      ]),
    ).toEqual(sent.map((s) => [s.chatId, s.platformMessageId, s.submissionId, "sent", s.sentAt]));
    expect(rows[3]?.payload).toEqual({
      text: [{ text: "Laporan Anda tercatat dengan nomor ADU-3" }],
    });
  });
});
