import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../../../src/core/text.js";
import { createDeskHarness, type DeskHarness } from "../../../support/desk-harness.js";

let desk: DeskHarness;
const ADMIN = "admin-ekspor";
const OFFICER = "petugas-ekspor";
let open: string;
let anonymous: string;
let secret: string;

beforeAll(async () => {
  desk = await createDeskHarness();
  await desk.staff(ADMIN, "admin");
  await desk.staff(OFFICER, "officer", "dinas-pupr");
  open = (await desk.file({ title: "Lampu jalan mati di Jalan Melati" })).code;
  anonymous = (await desk.file({ title: "Pungutan liar di loket", anonymous: true })).code;
  secret = (await desk.file({ title: "Laporan rahasia pengadaan", confidential: true })).code;
});

afterAll(async () => {
  await desk.close();
});

describe("/ekspor", () => {
  it("sends an admin this month's reports as a CSV document, without rahasia reports or anonim identities, and records it", async () => {
    const [reply] = await desk.handle(ADMIN, "/ekspor bulan-ini");
    const text = reply ? toPlainText(reply.text) : "";
    expect(text).toContain(": 2 laporan.");
    expect(text).toContain("1 laporan rahasia pada periode ini tidak disertakan");
    expect(reply?.files).toHaveLength(1);
    const [file] = reply?.files ?? [];
    expect(file).toMatchObject({ kind: "document", mime: "text/csv" });
    // From the 1st of this month to today; on the 1st itself, that one day.
    expect(file?.name).toMatch(/^aduan-\d{4}-\d{2}-01(_\d{4}-\d{2}-\d{2})?\.csv$/);

    const csv = await readFile(join(desk.mediaDir, file?.storagePath ?? ""), "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    const byCode = (code: string) => lines.find((line) => line.includes(code)) ?? "";
    expect(byCode(open)).toContain("Siti Rahayu");
    expect(byCode(anonymous)).toContain("Pungutan liar di loket");
    expect(byCode(anonymous)).not.toContain("Siti Rahayu");
    expect(byCode(anonymous)).not.toContain("+6281234567890");
    expect(csv).not.toContain(secret);

    // Each exported report's /audit shows who took it out.
    const audited = await desk.prisma.auditEvent.findMany({
      where: { subject: "export" },
      include: { report: true },
    });
    expect(audited.map((event) => event.report?.trackingCode).sort()).toEqual(
      [open, anonymous].sort(),
    );
    const recorded = await desk.prisma.dataExport.findMany({ include: { staff: true } });
    expect(recorded).toMatchObject([
      { period: "bulan-ini", rows: 2, confidentialLeftOut: 1, staff: { externalId: ADMIN } },
    ]);
  });

  it("is refused in a group, to officers, and for a period it cannot read", async () => {
    expect(await desk.say(ADMIN, "/ekspor", { group: true, chatId: "-100777" })).toContain(
      "/ekspor hanya dapat dipakai di chat pribadi",
    );
    expect(await desk.say(OFFICER, "/ekspor")).toContain(
      "/ekspor khusus admin (verifikator) meja pengaduan. Perintah yang dapat Anda pakai: /bantuan",
    );
    expect(await desk.say(ADMIN, "/ekspor kemarin-lusa")).toContain(
      "Cara pakai: /ekspor [periode] [instansi]",
    );
    // Only the first test's export was recorded.
    expect(await desk.prisma.dataExport.count()).toBe(1);
  });
});
