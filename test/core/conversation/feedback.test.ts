import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeskHarness, type DeskHarness } from "../../support/desk-harness.js";

let desk: DeskHarness;
const OFFICER = "officer-roads";
const system = { type: "system" } as const;

beforeAll(async () => {
  desk = await createDeskHarness();
  await desk.staff(OFFICER, "officer", "dinas-pupr");
  await desk.say(OFFICER, "/bantuan"); // the officer's private chat becomes known
});

afterAll(async () => {
  await desk.close();
});

/** A report of this citizen answered and closed by an agency (roads); returns its code. */
async function doneReport(citizen: string, agencyId = "dinas-pupr"): Promise<string> {
  const { code } = await desk.file({ externalId: citizen });
  await desk.workflow.apply({ trackingCode: code, action: "route", actor: system, agencyId });
  await desk.workflow.apply({
    trackingCode: code,
    action: "reply",
    actor: system,
    text: "Sudah ditambal.",
  });
  await desk.workflow.apply({
    trackingCode: code,
    action: "complete",
    actor: system,
    text: "Jalan sudah diperbaiki.",
  });
  return code;
}

const report = (code: string) =>
  desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });

describe("the reporter's rating", () => {
  it("is asked for with five buttons under the done notice, then kept with a comment", async () => {
    const code = await doneReport("warga-rating");
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "update:complete");
    expect(notice?.text).toContain("Seberapa puas Anda");
    expect(notice?.message.choices?.flat().map((choice) => choice.value)).toEqual(
      [1, 2, 3, 4, 5].map((score) => `$rate:${code}:${score}`),
    );

    const rated = await desk.press("warga-rating", `$rate:${code}:5`);
    expect(rated.text).toContain(`Terima kasih atas penilaian Anda (5/5) untuk laporan ${code}`);
    expect(await desk.say("warga-rating", "Cepat sekali, terima kasih!")).toContain(
      `Komentar Anda untuk laporan ${code} sudah dicatat`,
    );
    expect(await report(code)).toMatchObject({
      rating: 5,
      ratingComment: "Cepat sekali, terima kasih!",
      status: "done",
    });
    const events = await desk.prisma.reportEvent.findMany({
      where: { type: "rated", report: { trackingCode: code } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.text)).toEqual(["5/5", "5/5 · Cepat sekali, terima kasih!"]);
    expect((await desk.press("warga-rating", `$rate:${code}:1`)).text).toContain(
      `Laporan ${code} sudah Anda nilai (5/5)`,
    );
    expect((await report(code)).status).toBe("done");
  });

  it("of 1-2 reopens the report and sends it back to the agency and the desk", async () => {
    const code = await doneReport("warga-kecewa");
    const before = (await desk.outbox(code)).length;
    const answer = await desk.press("warga-kecewa", `$rate:${code}:2`);
    expect(answer.text).toContain(`laporan ${code} dibuka kembali`);
    // The rating belongs to the close it judged: the next close asks again, and the 2 stays
    // on the timeline.
    expect(await report(code)).toMatchObject({ status: "reopened", rating: null });
    const after = (await desk.outbox(code)).slice(before);
    expect(after.some((row) => row.chatId === OFFICER && row.purpose === "card")).toBe(true);
    const notice = after.find((row) => row.purpose === "staff_notice");
    expect(notice?.text).toContain(`${code} dibuka kembali. Instansi: Dinas Pekerjaan Umum`);
    expect(notice?.text).not.toContain("⚠️");
    const events = await desk.prisma.reportEvent.findMany({
      where: { report: { trackingCode: code }, type: { in: ["rated", "reopened"] } },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.type, event.actorType])).toEqual([
      ["rated", "reporter"],
      ["reopened", "reporter"],
    ]);
    expect(events[0]?.data).toEqual({ score: 2 });
  });

  it("of 1-2 warns the desk when the agency it goes back to has nobody to receive it", async () => {
    const code = await doneReport("warga-bencana", "bpbd");
    await desk.press("warga-bencana", `$rate:${code}:1`);
    expect((await report(code)).status).toBe("reopened");
    const notice = (await desk.outbox(code)).find(
      (row) => row.purpose === "staff_notice" && row.text.includes("dibuka kembali"),
    );
    expect(notice?.text).toContain(
      "⚠️ Belum ada yang menerima laporan ini di Badan Penanggulangan Bencana Daerah",
    );
    expect(notice?.text).toContain("/staf tambah <id> petugas bpbd");
  });

  it("can be typed as a digit under the request, and 'belum selesai' reopens", async () => {
    const rated = await doneReport("warga-wa");
    await desk.deliverOutbox("warga-wa");
    expect(await desk.say("warga-wa", "4")).toContain(`(4/5) untuk laporan ${rated}`);
    const listed = await doneReport("warga-wa");
    await desk.deliverOutbox("warga-wa");
    expect(await desk.say("warga-wa", "5.")).toContain(`(5/5) untuk laporan ${listed}`);
    const unsolved = await doneReport("warga-wa");
    expect(await desk.say("warga-wa", "Belum selesai")).toContain(
      `laporan ${unsolved} dibuka kembali`,
    );
    expect((await report(unsolved)).status).toBe("reopened");
    expect((await report(rated)).status).toBe("done");
  });

  it("can be typed as a digit under the done notice even with another menu left open", async () => {
    await desk.say("warga-menu", "/bahasa"); // a language menu the citizen never answered
    const code = await doneReport("warga-menu");
    const sent = await desk.deliverOutbox("warga-menu");
    expect(sent.textsTo("warga-menu").at(-1)).toContain("Seberapa puas Anda");
    // The done notice is the last menu shown: its options answer a typed number.
    expect(await desk.say("warga-menu", "4")).toContain(`(4/5) untuk laporan ${code}`);
    expect(await report(code)).toMatchObject({ rating: 4, status: "done" });
  });

  it("is not read from a number typed while no rating request is showing", async () => {
    const code = await doneReport("warga-angka");
    await desk.deliverOutbox("warga-angka");
    // Another menu answered since (as a report's summary is, with 1 for Kirim), and its "1"
    // typed twice on a slow phone.
    await desk.say("warga-angka", "/bahasa");
    expect(await desk.say("warga-angka", "1")).toContain("Bahasa Indonesia");
    expect(await desk.say("warga-angka", "1")).toContain("Ketik /lapor");
    expect(await report(code)).toMatchObject({ rating: null, status: "done" });
  });

  it("takes a reply to the done notice as feedback, not as information for a closed report", async () => {
    const code = await doneReport("warga-balas");
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "update:complete");
    await desk.prisma.outboxMessage.update({
      where: { id: notice?.id ?? "" },
      data: { state: "sent", platformMessageId: "5151" },
    });
    const replyTo = { replyTo: { messageId: "5151" } };
    const thanks = await desk.say("warga-balas", "Terima kasih, sudah beres", replyTo);
    expect(thanks).not.toContain("informasi tambahan");
    expect(await desk.say("warga-balas", "Belum selesai", replyTo)).toContain(
      `laporan ${code} dibuka kembali`,
    );
  });

  it("is never taken from a report being written", async () => {
    const code = await doneReport("warga-sibuk");
    await desk.say("warga-sibuk", "/lapor");
    await desk.say("warga-sibuk", "1");
    expect((await report(code)).rating).toBeNull();
    await desk.say("warga-sibuk", "/batal");
  });

  it("and reopening end with the window after the close", async () => {
    const code = await doneReport("warga-telat");
    await desk.prisma.report.update({
      where: { trackingCode: code },
      data: { autoCloseAt: new Date(Date.now() - 60_000) },
    });
    expect((await desk.press("warga-telat", `$rate:${code}:1`)).text).toContain(
      "tidak bisa dinilai atau dibuka kembali lagi",
    );
    expect(await desk.say("warga-telat", `/buka ${code}`)).toContain(
      "tidak bisa dinilai atau dibuka kembali lagi",
    );
    expect(await report(code)).toMatchObject({ status: "done", rating: null });
  });
});
