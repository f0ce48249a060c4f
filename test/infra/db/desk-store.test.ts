import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderDeliveries } from "../../../src/core/desk/views/deliveries.js";
import { PrismaDeskStore } from "../../../src/infra/db/desk-store.js";
import { markFailed } from "../../../src/queues/delivery-states.js";
import type { OutboxState, PrismaClient } from "../../../src/generated/prisma/client.js";
import { read } from "../../support/step-context.js";
import { createTestDatabase, type TestDatabase } from "../../support/services.js";

let db: TestDatabase;
let prisma: PrismaClient;

beforeEach(async () => {
  db = await createTestDatabase();
  prisma = db.database.prisma;
});

afterEach(async () => {
  await db.drop();
});

const at = (time: string) => new Date(`2026-11-30T${time}:00Z`);

async function storeReport(): Promise<string> {
  const reporter = await prisma.reporter.create({
    data: { channel: "whatsapp", externalId: "6281234567890", chatId: "6281234567890" },
  });
  const report = await prisma.report.create({
    data: {
      trackingCode: "ADU-7K3F9Q",
      submissionId: "0b8e2f0c-6a59-4f0b-8d3a-9c51f2d7e4a3",
      flowId: "lapor",
      reporterId: reporter.id,
      kind: "pengaduan",
      title: "Jalan berlubang",
      description: "Ada lubang besar di jalan depan Pasar Baru.",
      anonymous: false,
      confidential: false,
      language: "id",
      submittedAt: at("01:00"),
    },
  });
  return report.id;
}

/** An answer to the reporter, as its row was written at `written` and stands now. */
function notice(
  reportId: string,
  written: string,
  row: { state: OutboxState; lastError?: string | null },
) {
  return prisma.outboxMessage.create({
    data: {
      channel: "whatsapp",
      chatId: "6281234567890",
      purpose: "update:reply",
      payload: { text: "Tanggapan" },
      lane: "bulk",
      reportId,
      ...row,
      createdAt: at(written),
    },
  });
}

/** A message to the reporter that failed, as rows were kept before (no reason) or now. */
async function failedNotice(reportId: string, written: string, lastError: string | null) {
  await notice(reportId, written, { state: "failed", lastError });
}

async function failureNote(reportId: string, time: string, text: string) {
  await prisma.reportEvent.create({
    data: {
      reportId,
      type: "delivery_failed",
      actorType: "system",
      public: false,
      text,
      data: { purpose: "update:reply" },
      createdAt: at(time),
    },
  });
}

/** The lines /lihat shows staff for the report's messages to its reporter. */
async function lines(reportId: string): Promise<string[]> {
  const deliveries = await new PrismaDeskStore(prisma).reporterDeliveries(reportId);
  const shown = renderDeliveries(deliveries, { language: "id", timeZone: "Asia/Jakarta" });
  return read(shown ?? [])
    .split("\n")
    .slice(1);
}

describe("/lihat's messages to the reporter that failed before their reason was kept on the row", () => {
  it("take the reason from the report's timeline, each its own", async () => {
    const reportId = await storeReport();
    // The first answer failed before reasons were kept on the row (a status webhook's failure);
    // the second has its reason on the row, and its note on the timeline came first.
    await failedNotice(reportId, "02:00", null);
    await failedNotice(reportId, "02:10", "131051: Unsupported message type");
    await failureNote(reportId, "02:11", "131051: Unsupported message type");
    await failureNote(reportId, "02:20", "131026: Message undeliverable");
    expect(await lines(reportId)).toEqual([
      "• Tanggapan instansi (30 Nov 2026, 09.00 WIB): ✗ gagal: " +
        "131026: nomor tidak dapat menerima pesan WhatsApp / message undeliverable",
      "• Tanggapan instansi (30 Nov 2026, 09.10 WIB): ✗ gagal: " +
        "131051: jenis pesan tidak didukung aplikasi penerima / unsupported message type",
    ]);
  });

  it("say in both languages that the reason was not recorded when the timeline has none", async () => {
    const reportId = await storeReport();
    await failedNotice(reportId, "02:00", null);
    expect(await lines(reportId)).toEqual([
      "• Tanggapan instansi (30 Nov 2026, 09.00 WIB): ✗ gagal: " +
        "alasan tidak tercatat / reason not recorded",
    ]);
  });
});

describe("a failure told twice", () => {
  it("is one line on the report's timeline, with its first reason", async () => {
    const reportId = await storeReport();
    const sent = await notice(reportId, "02:00", { state: "sent" });
    // Meta repeats a failed status for the same message, sometimes with other words.
    await markFailed(prisma, at("02:05"), sent.id, "131026: Message undeliverable");
    await markFailed(prisma, at("02:06"), sent.id, "131026: Message Undeliverable.");
    const notes = (await new PrismaDeskStore(prisma).timeline(reportId)).filter(
      (event) => event.type === "delivery_failed",
    );
    expect(notes.map((note) => note.text)).toEqual(["131026: Message undeliverable"]);
    expect(await lines(reportId)).toEqual([
      "• Tanggapan instansi (30 Nov 2026, 09.00 WIB): ✗ gagal: " +
        "131026: nomor tidak dapat menerima pesan WhatsApp / message undeliverable",
    ]);
  });
});
