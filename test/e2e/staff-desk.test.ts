import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { visibleText, type FakeTelegram, type SentMessage } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import type { TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";
import {
  fillInformationRequest,
  TRACKING_CODE,
  untilRecorded,
  untilStored,
} from "../support/chat-flows.js";
import { cardHeader, isCardOf } from "../support/cards.js";

const STAFF_GROUP = -100777;
const ADMIN_ID = 900;
/** An admin whose messages no other test counts: the flood test needs a fresh window. */
const SECOND_ADMIN_ID = 901;
const OFFICER_ID = 910;

let service: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    env: {
      STAFF_CHAT_ID: String(STAFF_GROUP),
      ADMIN_TELEGRAM_IDS: `${ADMIN_ID},${SECOND_ADMIN_ID}`,
    },
  });
  ({ db, fake } = service);
}, 90_000);

afterAll(() => service.stop());

/** The group's card for this report, as it looks now (cards are edited in place). */
function cardFor(code: string): SentMessage | undefined {
  return fake.messagesTo(STAFF_GROUP).find((message) => isCardOf(visibleText(message.text), code));
}

describe("the staff desk over Telegram", () => {
  it("takes a report from the citizen through the desk and the agency and back", async () => {
    const admin = fake.citizen(ADMIN_ID, "Admin Meja");
    const adminInGroup = fake.inGroup(admin, STAFF_GROUP);
    const officer = fake.citizen(OFFICER_ID, "Petugas Capil");
    const citizen = fake.citizen(801, "Rina");

    // The configured admin adds an officer of the civil registration agency by account id.
    admin.send(`/staf tambah ${OFFICER_ID} petugas disdukcapil`);
    await admin.expect(`${OFFICER_ID} sekarang petugas Dinas Kependudukan`);
    officer.send("/bantuan");
    await officer.expect("Perintah petugas");

    // A citizen asks for information; the title carries markup that must show literally.
    await fillInformationRequest(citizen, "Syarat <b>akta</b> kelahiran");
    citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const code = /ADU-[2-9A-HJKMNP-Z]{6}/.exec(visibleText(confirmation.text))?.[0] ?? "";

    // The card appears in the staff group, user text escaped, with the desk's buttons.
    const card = await eventually(() => cardFor(code), { what: "the desk card" });
    expect(visibleText(card.text)).toMatch(new RegExp(`^🆕 ${code} · `, "u"));
    expect(card.text).toContain("Syarat &lt;b&gt;akta&lt;/b&gt; kelahiran");
    expect(visibleText(card.text)).toContain("Pelapor: Rina · @warga801");
    const labels = card.reply_markup?.inline_keyboard?.flat().map((button) => button.text) ?? [];
    expect(labels).toEqual(
      expect.arrayContaining([
        // The catalog's short name for the Dinas Kependudukan dan Pencatatan Sipil.
        expect.stringContaining("Verifikasi → Disdukcapil"),
        "↪️ Instansi lain",
        "⏸️ Tunda",
        "❌ Tolak",
      ]),
    );

    // Someone in the group who is not staff presses a button: refused, nothing changes.
    const stranger = fake.inGroup(fake.citizen(802, "Bukan Staf"), STAFF_GROUP);
    stranger.press("Verifikasi");
    // The admin verifies and routes with one press.
    adminInGroup.press("Verifikasi");
    await adminInGroup.expect(`${code}: Diteruskan ke instansi`);
    await citizen.expect("sudah diverifikasi");
    await citizen.expect("diteruskan ke Dinas Kependudukan dan Pencatatan Sipil");
    // The card now shows the new state in place, without the desk's buttons.
    await eventually(
      () => visibleText(cardFor(code)?.text ?? "").includes("Status: Diteruskan ke instansi"),
      { what: "the card redrawn as routed" },
    );
    expect(cardFor(code)?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    expect(
      fake
        .messagesTo(STAFF_GROUP)
        .filter((message) => visibleText(message.text).includes("khusus staf")),
    ).toHaveLength(0);

    // The agency has no chat in the catalog, so its officer gets the report privately.
    const officerCard = await officer.expect(cardHeader(code));
    expect(visibleText(officerCard.text)).toMatch(new RegExp(`^📨 ${code} · `, "u"));
    expect(visibleText(officerCard.text)).toContain("Balas pesan ini untuk menjawab pelapor");
    officer.send(`/balas ${code} Syaratnya surat keterangan lahir, KK dan KTP orang tua.`);
    await officer.expect(`${code}: Sudah ditindaklanjuti`);
    const answer = await citizen.expect("Syaratnya surat keterangan lahir");
    expect(visibleText(answer.text)).toContain(`Tanggapan untuk laporan ${code}`);

    // The citizen answers by replying to the update; the officer who answered is told.
    await untilRecorded(db.database.prisma, answer.chat.id, answer.message_id);
    citizen.reply(answer, "Apakah bisa diurus secara online?");
    await citizen.expect(`ditambahkan ke laporan ${code}`);
    await officer.expect("Apakah bisa diurus secara online?");

    // An internal note, and an answer by replying to the report card.
    officer.send(`/catatan ${code} Warga ini sudah datang ke loket minggu lalu.`);
    await officer.expect("Catatan internal ditambahkan");
    await untilRecorded(db.database.prisma, officerCard.chat.id, officerCard.message_id);
    officer.reply(officerCard, "Bisa, lewat aplikasi layanan online Dukcapil.");
    await officer.expect(`${code}: Sudah ditindaklanjuti`);
    await citizen.expect("lewat aplikasi layanan online");

    officer.send(`/selesai ${code} Informasi syarat sudah disampaikan.`);
    await officer.expect(`${code}: Selesai`);
    const done = await citizen.expect(`Laporan ${code} dinyatakan selesai`);
    expect(visibleText(done.text)).toContain("Seberapa puas Anda");
    expect(done.reply_markup?.inline_keyboard?.flat().map((button) => button.text)).toEqual([
      "⭐",
      "⭐⭐",
      "⭐⭐⭐",
      "⭐⭐⭐⭐",
      "⭐⭐⭐⭐⭐",
    ]);

    citizen.send(`/status ${code}`);
    const status = await citizen.expect("Riwayat");
    const timeline = visibleText(status.text);
    expect(timeline).toContain("Status: Selesai");
    expect(timeline).toContain("Tanggapan instansi: Syaratnya surat keterangan lahir");
    expect(timeline).toContain("Informasi tambahan dari pelapor: Apakah bisa diurus");
    expect(timeline).not.toContain("sudah datang ke loket");
    expect(timeline).not.toContain("Catatan internal");

    await eventually(() => visibleText(cardFor(code)?.text ?? "").includes("Status: Selesai"), {
      what: "the card redrawn as done",
    });
    // A closed report's card no longer reads as new.
    expect(visibleText(cardFor(code)?.text ?? "")).toMatch(new RegExp(`^✅ ${code} · `, "u"));

    // Two stars: the problem is not solved, so the report goes back to the agency and the desk.
    citizen.press("⭐⭐");
    await citizen.expect(`laporan ${code} dibuka kembali`);
    const reopenedCard = await officer.expect(cardHeader(code));
    expect(visibleText(reopenedCard.text)).toMatch(new RegExp(`^🔁 ${code} · `, "u"));
    await eventually(
      () =>
        fake
          .messagesTo(STAFF_GROUP)
          .some((message) => visibleText(message.text).includes(`${code} dibuka kembali`)),
      { what: "the desk told of the reopen" },
    );
    citizen.send(`/status ${code}`);
    const reopened = visibleText((await citizen.expect("Status: Dibuka kembali")).text);
    expect(reopened).toContain("Penilaian pelapor: 2/5");

    // The desk's figures count it: received, answered on time, not resolved any more.
    adminInGroup.send("/statistik");
    const figures = visibleText((await adminInGroup.expect("Akuntabilitas semua instansi")).text);
    expect(figures).toContain("Diterima: 1 · Diverifikasi: 1 · Ditindaklanjuti: 1 · Selesai: 0");
    expect(figures).toContain("Tingkat tindak lanjut: 100,0% (target 90%)");
    // With a chart of the same figures: one PNG, drawn at the chart's width.
    const chart = await eventually(
      () => fake.mediaTo(STAFF_GROUP).find((m) => m.kind === "photo"),
      {
        what: "the /statistik chart",
      },
    );
    expect((await sharp(chart.bytes).metadata()).format).toBe("png");
    expect((await sharp(chart.bytes).metadata()).width).toBe(960);

    // The same reports as a CSV, only in a private chat with the bot.
    adminInGroup.send("/ekspor");
    await adminInGroup.expect("hanya dapat dipakai di chat pribadi");
    const adminAlone = fake.citizen(ADMIN_ID, "Admin Meja");
    adminAlone.send("/ekspor bulan-ini");
    await adminAlone.expect(": 1 laporan.");
    const csv = await eventually(() => fake.mediaTo(ADMIN_ID).find((m) => m.kind === "document"), {
      what: "the exported CSV",
    });
    expect(csv.fileName).toMatch(/^aduan-.*\.csv$/);
    expect(csv.bytes.toString("utf8")).toContain(code);

    // Done again after the reopen: the citizen is asked again, and the new rating counts.
    officer.send(`/selesai ${code} Berkas sudah bisa diambil di loket 3.`);
    const doneAgain = await citizen.expect("Berkas sudah bisa diambil");
    expect(doneAgain.reply_markup?.inline_keyboard?.flat()).toHaveLength(5);
    citizen.pressOn(doneAgain, "⭐⭐⭐⭐⭐");
    await citizen.expect("Terima kasih atas penilaian");
    adminInGroup.send("/statistik");
    const after = visibleText((await adminInGroup.expect("Akuntabilitas semua instansi")).text);
    expect(after).toContain("Selesai: 1");
    // The re-rating replaces the first: one rating, a 5.
    expect(after).toContain("Kepuasan pelapor: 5 dari 5 · 100,0% memberi nilai 4–5 (1 penilaian)");
  }, 120_000);

  it("never gives one report's text to another's citizen while a reason is asked for", async () => {
    const adminInGroup = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
    const citizenA = fake.citizen(811, "Ani");
    const citizenB = fake.citizen(812, "Bayu");
    const file = async (citizen: typeof citizenA, title: string) => {
      await fillInformationRequest(citizen, title);
      citizen.press("Kirim");
      const confirmation = await citizen.expect("sudah tercatat");
      return TRACKING_CODE.exec(visibleText(confirmation.text))?.[0] ?? "";
    };
    const codeA = await file(citizenA, "Jadwal posyandu bulan Desember");
    const codeB = await file(citizenB, "Salinan akta kelahiran yang hilang");
    const cardA = await eventually(() => cardFor(codeA), { what: "card A" });
    await eventually(() => cardFor(codeB), { what: "card B" });

    // The admin presses Tolak on A, does not answer, works on B, then answers B's citizen
    // by replying to B's card.
    adminInGroup.pressOn(cardA, "Tolak");
    const question = await adminInGroup.expect(`alasan penolakan ${codeA}`);
    expect(question.reply_markup?.force_reply).toBe(true);
    adminInGroup.send(`/verifikasi ${codeB} disdukcapil`);
    const cancelled = await adminInGroup.expect(
      `Permintaan alasan untuk ${codeA} (❌ Tolak) dibatalkan`,
    );
    expect(visibleText(cancelled.text)).toContain(`${codeB}: Diteruskan ke instansi`);
    const forB =
      "Untuk Bapak Bayu: salinan akta bisa diambil di loket 2 dengan membawa KK nomor 1571";
    const cardB = cardFor(codeB) ?? question;
    await untilRecorded(db.database.prisma, cardB.chat.id, cardB.message_id);
    adminInGroup.reply(cardB, forB);
    await adminInGroup.expect(`${codeB}: Sudah ditindaklanjuti`);
    await citizenB.expect("salinan akta bisa diambil di loket 2");
    const reportA = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: codeA },
    });
    expect(reportA.status).toBe("submitted");
    expect(citizenA.texts().join("\n")).not.toContain("loket 2");

    // Talk among colleagues in the group, replying to nothing, is no answer: it cancels.
    adminInGroup.pressOn(cardA, "Tolak");
    const asked = await adminInGroup.expect(`alasan penolakan ${codeA}`);
    expect(visibleText(asked.text)).toContain("pesan di grup ini yang tidak membalas pesan ini");
    adminInGroup.send("ok nanti saja");
    await adminInGroup.expect(`Permintaan alasan untuk ${codeA} (❌ Tolak) dibatalkan`);
    expect(citizenA.texts().join("\n")).not.toContain("nanti saja");

    // A question is answered by a reply to it, and a reply to another card is not an answer.
    adminInGroup.pressOn(cardA, "Tolak");
    const again = await adminInGroup.expect(`alasan penolakan ${codeA}`);
    adminInGroup.reply(again, "Informasi jadwal posyandu ada di kelurahan masing-masing.");
    await adminInGroup.expect(`${codeA}: Ditolak`);
    await citizenA.expect("Informasi jadwal posyandu ada di kelurahan");
  }, 90_000);

  it("keeps floods by strangers out of the staff group, and counts staff per chat", async () => {
    const admin = fake.citizen(SECOND_ADMIN_ID, "Admin Kedua");
    const adminInGroup = fake.inGroup(admin, STAFF_GROUP);
    const stranger = fake.inGroup(fake.citizen(841, "Penyusup"), STAFF_GROUP);
    const before = fake.messagesTo(STAFF_GROUP).length;
    // Over the default 30 messages a minute, in the group, by someone who is not staff...
    for (let index = 0; index < 35; index++) stranger.send(`spam ${index}`);
    // ...and by an admin chatting with colleagues (the bot ignores it, but must not count it
    // against the admin's private chat).
    for (let index = 0; index < 29; index++) adminInGroup.send(`rapat jam ${index}`);
    // The group's messages are handled in order: once this is answered, all of them were.
    adminInGroup.send("/masuk");
    await adminInGroup.expect(/Laporan menunggu|Tidak ada laporan yang menunggu/);
    admin.send("/bantuan");
    await admin.expect("Anda: admin");
    const posted = fake
      .messagesTo(STAFF_GROUP)
      .slice(before)
      .map((message) => message.text);
    expect(posted.filter((text) => text.includes("terlalu banyak pesan"))).toEqual([]);
  }, 60_000);

  it("never grants a role to whoever held a @username before a rename", async () => {
    const adminInGroup = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
    const formerHolder = fake.citizen(831, "Budi Lama");
    const newHolder = fake.citizen(832, "Budi Baru");
    // @budi files a report, then renames; someone else takes the name and writes to the bot.
    formerHolder.user.username = "budi";
    await fillInformationRequest(formerHolder, "Syarat surat pindah domisili");
    formerHolder.press("Kirim");
    await formerHolder.expect("sudah tercatat");
    formerHolder.user.username = "budi_lama";
    formerHolder.send("/bantuan");
    await formerHolder.expect("Perintah yang tersedia");
    newHolder.user.username = "budi";
    newHolder.send("/start");
    await newHolder.expect("Halo");

    adminInGroup.send("/staf tambah @budi petugas dinas-kesehatan");
    const question = await adminInGroup.expect("@budi terakhir dipakai");
    const asked = visibleText(question.text);
    expect(asked).toContain("Budi Baru (id 832)");
    expect(asked).toContain("/staf tambah 832 petugas dinas-kesehatan");
    const staff = () => db.database.prisma.staff.findMany({ where: { active: true } });
    expect((await staff()).map((member) => member.externalId)).not.toContain("831");
    expect((await staff()).map((member) => member.externalId)).not.toContain("832");

    // A reply to the bot's own message names nobody: the bot is never made staff.
    adminInGroup.reply(question, "/staf tambah petugas dinas-kesehatan");
    await adminInGroup.expect("bukan pesan bot");
    expect((await staff()).map((member) => member.externalId)).not.toContain(String(fake.bot.id));

    adminInGroup.send("/staf tambah 832 petugas dinas-kesehatan");
    await adminInGroup.expect("832 sekarang petugas");
    expect((await staff()).map((member) => member.externalId)).not.toContain("831");
  }, 60_000);

  it("shows each staff chat the commands its role may use, and takes them back on removal", async () => {
    const admin = fake.citizen(ADMIN_ID, "Admin Meja");
    const officerId = 920;
    const officer = fake.citizen(officerId, "Petugas Dinkes");
    const menuOf = (chatId: number, language?: string) =>
      eventually(
        () =>
          fake
            .callsOf("setMyCommands")
            .map((call) => menuCall.parse(call.payload))
            .findLast(
              (call) =>
                String(call.scope?.chat_id) === String(chatId) && call.language_code === language,
            )
            ?.commands?.map((entry) => entry.command),
        { what: `the command menu of chat ${chatId}` },
      );

    // The desk's group sees the admin's commands from the start.
    expect(await menuOf(STAFF_GROUP)).toEqual(expect.arrayContaining(["verifikasi", "disposisi"]));

    // Someone who wrote as a citizen and is then added is staff from their next message, and
    // gets the agency's commands in the menu, in both languages.
    officer.send("/bantuan");
    await officer.expect("Perintah yang tersedia");
    admin.send(`/staf tambah ${officerId} petugas dinas-kesehatan`);
    await admin.expect(`${officerId} sekarang petugas`);
    officer.send("/bantuan");
    await officer.expect("Perintah petugas");
    const officerMenu = await menuOf(officerId);
    expect(officerMenu).toEqual(expect.arrayContaining(["masuk", "balas", "selesai", "bantuan"]));
    expect(officerMenu).not.toContain("verifikasi");
    expect(officerMenu).not.toContain("staf");
    expect(await menuOf(officerId, "en")).toContain("balas");
    expect(await menuOf(ADMIN_ID)).toEqual(expect.arrayContaining(["verifikasi", "staf"]));

    // Removed: they are told once, and their chat goes back to the citizens' menu.
    admin.send(`/staf hapus ${officerId}`);
    await admin.expect(`${officerId} tidak lagi menjadi staf`);
    await officer.expect("Anda tidak lagi terdaftar sebagai staf meja pengaduan");
    await eventually(
      () =>
        fake
          .callsOf("deleteMyCommands")
          .some(
            (call) => String(menuCall.parse(call.payload).scope?.chat_id) === String(officerId),
          ),
      { what: "the removed officer's menu taken back" },
    );
  }, 60_000);
});

describe("delivery of later messages to the reporter", () => {
  const isVerifiedNoticeTo = (chatId: number) => (payload: Record<string, unknown>) =>
    Number(payload.chat_id) === chatId && String(payload.text).includes("sudah diverifikasi");

  /** A citizen files a report; the admin verifies it, which the citizen is told later. */
  async function fileAndVerify(citizenId: number, name: string): Promise<string> {
    const citizen = fake.citizen(citizenId, name);
    await fillInformationRequest(citizen, `Syarat surat pindah ${citizenId}`);
    citizen.press("Kirim");
    const code = TRACKING_CODE.exec(visibleText((await citizen.expect("sudah tercatat")).text));
    // Not its card: the staff group gets 20 messages a minute, and earlier tests filled it.
    await untilStored(db.database.prisma, code?.[0] ?? "");
    const admin = fake.citizen(ADMIN_ID, "Admin Meja");
    admin.send(`/verifikasi ${code?.[0] ?? ""} disdukcapil`);
    await admin.expect(`${code?.[0] ?? ""}: Diteruskan ke instansi`);
    return code?.[0] ?? "";
  }

  it("retries an update refused with 429 after retry_after and delivers it exactly once", async () => {
    fake.failNext("sendMessage", {
      status: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
      when: isVerifiedNoticeTo(821),
    });
    const code = await fileAndVerify(821, "Dewi");
    await eventually(
      () =>
        fake
          .messagesTo(821)
          .some((message) => visibleText(message.text).includes("sudah diverifikasi")),
      { what: "the update delivered" },
    );
    const calls = fake
      .callsOf("sendMessage")
      .filter((call) => isVerifiedNoticeTo(821)(call.payload));
    expect(calls).toHaveLength(2); // the refused call and the one that arrived
    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
    });
    const row = await eventually(
      async () =>
        (await db.database.prisma.outboxMessage.findFirst({
          where: { reportId: report.id, chatId: "821", state: "sent", attempts: 2 },
        })) ?? undefined,
      { what: "the update's row sent on its second attempt" },
    );
    expect(row.purpose).toMatch(/^update:/);
  });

  it("records an update the reporter can no longer receive instead of retrying forever", async () => {
    fake.failNext("sendMessage", {
      status: 403,
      description: "Forbidden: bot was blocked by the user",
      when: isVerifiedNoticeTo(822),
    });
    const code = await fileAndVerify(822, "Fajar");
    const report = await db.database.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
    });
    const row = await eventually(
      async () =>
        (await db.database.prisma.outboxMessage.findFirst({
          where: { reportId: report.id, chatId: "822", state: "failed" },
        })) ?? undefined,
      { what: "the update's row failed" },
    );
    expect(row).toMatchObject({
      attempts: 1,
      lastError: "sendMessage: 403 Forbidden: bot was blocked by the user",
    });
    // Staff see it on the report's timeline, as an internal (non-public) event.
    const event = await eventually(
      async () =>
        (await db.database.prisma.reportEvent.findFirst({
          where: { reportId: report.id, type: "delivery_failed" },
        })) ?? undefined,
      { what: "the delivery failure on the timeline" },
    );
    expect(event).toMatchObject({
      public: false,
      text: "sendMessage: 403 Forbidden: bot was blocked by the user",
    });
    expect(
      fake.callsOf("sendMessage").filter((call) => isVerifiedNoticeTo(822)(call.payload)),
    ).toHaveLength(1);
  });
});

/** setMyCommands and deleteMyCommands as the fake recorded them. */
const menuCall = z.object({
  scope: z.object({ chat_id: z.union([z.number(), z.string()]) }).optional(),
  language_code: z.string().optional(),
  commands: z.array(z.object({ command: z.string() })).optional(),
});
