import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deskChoice } from "../../../src/core/desk/views/card.js";
import { formatDateTime } from "../../../src/core/i18n/index.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { toPlainText } from "../../../src/core/text.js";
import { markFailed } from "../../../src/queues/delivery-states.js";
import { createDeskHarness, DESK_CHAT, type DeskHarness } from "../../support/desk-harness.js";
import { ELF, PNG } from "../../support/engine-harness.js";

let desk: DeskHarness;
const ADMIN = "desk-admin";
const OFFICER = "desk-officer";

beforeAll(async () => {
  desk = await createDeskHarness();
  await desk.staff(ADMIN, "admin");
  await desk.staff(OFFICER, "officer", "dinas-pupr");
  // Writing privately once gives the officer a chat the bot can reach.
  await desk.say(OFFICER, "/bantuan");
});

afterAll(async () => {
  await desk.close();
});

const group = { group: true, chatId: DESK_CHAT.chatId } as const;

/** Everything staff were sent about a report: cards, card redraws and notices. */
async function staffTexts(code: string): Promise<string> {
  const rows = await desk.outbox(code);
  return rows
    .filter((row) => !row.purpose.startsWith("update:") && row.purpose !== "confirmation")
    .map((row) => row.text)
    .join("\n=====\n");
}

describe("privacy in staff views", () => {
  const identity = ["Siti Rahayu", "@siti", "6281234567890"];
  /** What else a platform's error about a message to the reporter quotes of them. */
  const platformIds = [
    "@c.us",
    "wamid.HBgNNjI4MTIzNDUwMDAwNxUCABEYEjQ0QUFGMzE2RDk3M0Q5RkM3AA==",
    "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    "5012345678",
  ];

  async function walk(anonymous: boolean) {
    const { code, reporterId } = await desk.file({ anonymous });
    const inbox = await desk.say(ADMIN, "/masuk");
    await desk.press(ADMIN, deskChoice("vr", code), group);
    await desk.say(reporterId, `/tambah ${code} Lubangnya makin besar setelah hujan`);
    // The platform refused a notice to the reporter in words that name them, as it does.
    const notice = (await desk.outbox(code)).find((row) => row.purpose.startsWith("update:"));
    if (!notice) throw new Error(`no notice to the reporter of ${code}`);
    await markFailed(
      desk.prisma,
      new Date(),
      notice.id,
      `WhatsApp: 6281234567890@c.us is not a chat id (${platformIds[1]}); ` +
        `sendMessage via bot1234567890:${platformIds[2]} to chat ${platformIds[3]}`,
    );
    const officerInbox = await desk.say(OFFICER, "/masuk");
    const views = [
      await desk.say(ADMIN, `/lihat ${code}`),
      await desk.say(OFFICER, `/lihat ${code}`),
      inbox,
      officerInbox,
      await staffTexts(code),
    ];
    return { code, reporterId, views };
  }

  it("never shows who filed an anonim report: cards, /lihat, /masuk and notices", async () => {
    const { code, reporterId, views } = await walk(true);
    const rows = await desk.outbox(code);
    expect(rows.map((row) => row.purpose)).toEqual(
      expect.arrayContaining(["card", "card_update", "staff_notice"]),
    );
    for (const view of views) {
      for (const secret of [...identity, ...platformIds, reporterId]) {
        expect(view).not.toContain(secret);
      }
    }
    expect(views[0]).toContain("Pesan tidak terkirim (sistem) 🔒 internal: WhatsApp: … is not");
    expect(views[0]).toContain("Pelapor: anonim (identitas disembunyikan)");
    expect(views[0]).toContain("(pelapor)"); // the reporter's own timeline entry, unnamed
    expect(views[4]).toContain("Lubangnya makin besar setelah hujan");
  });

  it("shows the reporter of an ordinary report to staff", async () => {
    const { views } = await walk(false);
    const [view] = views;
    expect(view).toContain("Pelapor: Siti Rahayu · @siti · +6281234567890");
    // Their number once, where the report names them: a platform's error quotes no one.
    expect(view?.split("6281234567890")).toHaveLength(2);
    for (const id of platformIds) expect(view).not.toContain(id);
    expect(view).toContain("Pesan tidak terkirim (sistem) 🔒 internal: WhatsApp: … is not");
    expect(views[4]).toContain("Siti Rahayu");
  });

  it("marks a rahasia report as never to be published on every staff view", async () => {
    const { code } = await desk.file({ confidential: true });
    const card = (await desk.outbox(code)).find((row) => row.purpose === "card");
    expect(card?.text).toContain("🔒 Rahasia (jangan dipublikasikan)");
    expect(await desk.say(ADMIN, `/lihat ${code}`)).toContain("🔒 Rahasia");
    expect(await desk.say(ADMIN, "/masuk")).toMatch(new RegExp(`${code} 🔒`));
  });
});

describe("desk buttons and shortcuts", () => {
  it("asks for a reason when rejecting with the button and uses the reply as the reason", async () => {
    const { code } = await desk.file();
    const asked = await desk.press(ADMIN, deskChoice("rj", code), group);
    expect(asked.text).toContain(`alasan penolakan ${code}`);
    // Without Telegram's force reply, the next message there is the answer too, and says so.
    expect(asked.text).toContain("Pesan Anda berikutnya di sini juga dipakai sebagai alasannya");
    expect(await desk.status(code)).toBe("submitted");
    const question = asked.replies.find((reply) => reply.awaitsReply);
    if (!question) throw new Error(`no question awaiting a reply: ${asked.text}`);
    await desk.shown(ADMIN, question, "question-1", group);
    // A colleague's reply to the question is not its answer, and they are told so.
    await desk.staff("desk-admin-2", "admin");
    expect(
      await desk.say("desk-admin-2", "Tolak saja, ganda", {
        ...group,
        replyTo: { messageId: "question-1" },
      }),
    ).toContain("Pertanyaan ini untuk staf yang menekan tombolnya");
    expect(await desk.status(code)).toBe("submitted");
    const done = await desk.say(ADMIN, "Laporan ganda dari ADU-2222AA", group);
    expect(done).toContain(`${code}: Ditolak`);
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "update:reject");
    expect(notice?.text).toContain("Laporan ganda dari ADU-2222AA");
  });

  it("routes once when the button is pressed twice, and sends a held report back without verifying it again", async () => {
    const { code } = await desk.file();
    await desk.press(ADMIN, deskChoice("vr", code), group);
    const twice = await desk.press(ADMIN, deskChoice("vr", code), group);
    expect(twice.text).toContain(`Laporan ${code} sudah diteruskan ke instansi itu`);
    expect(await desk.say(ADMIN, `/disposisi ${code} dinas-pupr`, group)).toContain(
      "sudah diteruskan ke instansi itu",
    );
    const updates = async () =>
      (await desk.outbox(code))
        .map((row) => row.purpose)
        .filter((purpose) => purpose.startsWith("update:"));
    expect(await updates()).toEqual(["update:verify", "update:route"]);

    await desk.say(ADMIN, `/tunda ${code} Menunggu alat berat`, group);
    expect(await desk.say(ADMIN, `/verifikasi ${code}`, group)).toContain(
      `Laporan ${code} sudah diverifikasi sebelumnya; teruskan ke instansi dengan /disposisi`,
    );
    // A card drawn before the hold still carries Verifikasi → …: it resumes the routing.
    expect((await desk.press(ADMIN, deskChoice("vr", code), group)).text).toContain(
      `${code}: Diteruskan ke instansi`,
    );
    expect(await updates()).toEqual([
      "update:verify",
      "update:route",
      "update:hold",
      "update:route",
    ]);
  });

  it("tells the desk when the agency a report goes to has nobody to receive it", async () => {
    const { code } = await desk.file();
    const reply = await desk.say(ADMIN, `/disposisi ${code} bpbd`, group);
    expect(reply).toContain(`${code}: Diteruskan ke instansi`);
    expect(reply).toContain(
      "⚠️ Belum ada yang menerima laporan ini di Badan Penanggulangan Bencana Daerah",
    );
    expect(reply).toContain("/staf tambah <id> petugas bpbd");
    // An agency whose officer the bot can reach: no warning.
    const reached = await desk.file();
    const routed = await desk.say(ADMIN, `/disposisi ${reached.code} dinas-pupr`, group);
    expect(routed).toContain(`${reached.code}: Diteruskan ke instansi`);
    expect(routed).not.toContain("⚠️");
  });

  it("shows on each card the deadline the report's status brings: verification, follow-up, hold", async () => {
    const { code } = await desk.file();
    const report = () => desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    const due = (date: Date | null) => {
      if (!date) throw new Error("the report has no such deadline");
      return `Tenggat: ${formatDateTime("id", date, "Asia/Jakarta")}`;
    };
    const cards = async (purpose: string) =>
      (await desk.outbox(code)).filter((row) => row.purpose === purpose).map((row) => row.text);
    expect((await cards("card"))[0]).toContain(due((await report()).verifyDueAt));

    await desk.say(ADMIN, `/disposisi ${code} dinas-pupr`, group);
    const routed = await report();
    // The agency's new card and the desk's redrawn one, written with the routing.
    expect(await cards("card")).toEqual([
      expect.stringContaining("Tenggat:"),
      expect.stringContaining(due(routed.followUpDueAt)),
    ]);
    expect((await cards("card_update")).at(-1)).toContain(due(routed.followUpDueAt));

    await desk.say(ADMIN, `/tunda ${code} Menunggu alat berat`, group);
    const held = await report();
    expect((await cards("card_update")).slice(-2)).toEqual([
      expect.stringContaining(due(held.holdDueAt)),
      expect.stringContaining(due(held.holdDueAt)),
    ]);
  });

  it("closes the card of the agency a report is routed away from, and draws it no more", async () => {
    const health = "health-officer";
    await desk.staff(health, "officer", "dinas-kesehatan");
    await desk.say(health, "/bantuan");
    const { code } = await desk.file();
    await desk.say(ADMIN, `/disposisi ${code} dinas-pupr`, group);
    const drawnIn = async (chatId: string) =>
      (await desk.outbox(code)).filter(
        (row) => row.chatId === chatId && row.purpose.startsWith("card"),
      );
    expect((await drawnIn(OFFICER)).map((row) => row.purpose)).toEqual(["card"]);

    await desk.say(ADMIN, `/disposisi ${code} dinas-kesehatan`, group);
    const moved = await drawnIn(OFFICER);
    expect(moved.map((row) => row.purpose)).toEqual(["card", "card_update"]);
    expect(moved[1]?.replacesId).toBe(moved[0]?.id);
    expect(moved[1]?.text).toContain(
      "Dialihkan ke Dinas Kesehatan: laporan ini tidak lagi ditangani instansi Anda",
    );
    expect(moved[1]?.text).toContain("Jalan berlubang di depan Pasar Baru");
    expect(moved[1]?.text).not.toContain("Ada lubang besar di jalan depan Pasar Baru");
    expect((await drawnIn(health)).map((row) => row.purpose)).toEqual(["card"]);

    // The new agency answers: its card and the desk's are redrawn, the old agency's is not.
    await desk.say(health, `/balas ${code} Petugas kami menyedot genangan besok pagi`);
    expect(await drawnIn(OFFICER)).toHaveLength(2);
    expect((await drawnIn(health)).map((row) => row.purpose)).toEqual(["card", "card_update"]);
    expect((await drawnIn(DESK_CHAT.chatId)).at(-1)?.text).toContain("Instansi: Dinas Kesehatan");

    // Someone taken off the desk stops seeing the report change too.
    expect(await desk.say(ADMIN, `/staf hapus ${health}`)).not.toContain("⚠️");
    // Told in the default language: they never chose one.
    const notice = await desk.prisma.outboxMessage.findFirstOrThrow({
      where: { chatId: health, purpose: "staff_removed" },
    });
    expect(toPlainText((notice.payload as unknown as OutboundMessage).text)).toContain(
      "Anda tidak lagi terdaftar sebagai staf meja pengaduan",
    );
    await desk.say(ADMIN, `/tunda ${code} Menunggu pompa dari provinsi`, group);
    expect(await drawnIn(health)).toHaveLength(2);
    expect((await drawnIn(DESK_CHAT.chatId)).at(-1)?.text).toContain("Ditunda");
  });

  /** An officer with a private chat and the cards of `count` reports routed to their agency. */
  async function officerWithCards(member: string, count: number) {
    await desk.staff(member, "officer", "dinas-pupr");
    await desk.say(member, "/bahasa en");
    const codes: string[] = [];
    for (let index = 0; index < count; index++) {
      const { code } = await desk.file();
      await desk.press(ADMIN, deskChoice("vr", code), group);
      codes.push(code);
    }
    const written = async () =>
      desk.prisma.outboxMessage.findMany({
        where: { chatId: member },
        orderBy: { seq: "asc" },
        select: { id: true, purpose: true, reportId: true, payload: true },
      });
    return { codes, written };
  }

  it("tells a removed member once, in their language, that their cards are no longer kept", async () => {
    const member = "leaving-officer";
    const { codes, written } = await officerWithCards(member, 2);
    const before = await written();
    expect(before.filter((row) => row.purpose === "card")).toHaveLength(2);

    expect(await desk.say(ADMIN, `/staf hapus ${member}`)).toContain(
      `${member} tidak lagi menjadi staf`,
    );
    // One message for all their cards, not a redraw of each.
    const after = await written();
    const added = after.slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ purpose: "staff_removed", reportId: null });
    const text = toPlainText((added[0]?.payload as unknown as OutboundMessage).text);
    expect(text).toContain("You are no longer registered as desk staff");
    expect(text).toContain("The report cards in this chat are no longer updated");
    expect(text).toContain("no longer work");
    expect(text).toContain("The reports are still handled by the desk");
    await desk.say(ADMIN, `/tunda ${codes[0] ?? ""} Menunggu alat berat`, group);
    expect(await written()).toEqual(after);

    // Someone who never wrote to the bot has no chat to tell.
    await desk.say(ADMIN, "/staf tambah never-wrote petugas dinas-pupr");
    expect(await desk.say(ADMIN, "/staf hapus never-wrote")).toContain("tidak lagi menjadi staf");
    expect(await desk.prisma.outboxMessage.count({ where: { chatId: "never-wrote" } })).toBe(0);

    // An admin of ADMIN_*_IDS is admin again at the next start: no farewell to take back.
    await desk.directory.syncConfiguredAdmins("terminal", ["configured-admin"]);
    await desk.say("configured-admin", "/start");
    expect(await desk.say(ADMIN, "/staf hapus configured-admin")).toContain(
      "sampai layanan dimulai ulang",
    );
    expect(await desk.prisma.outboxMessage.count({ where: { chatId: "configured-admin" } })).toBe(
      0,
    );
  });

  it("refuses an old card's button or reply from a removed member, saying the report is kept", async () => {
    const member = "former-officer";
    const { codes, written } = await officerWithCards(member, 1);
    const code = codes[0] ?? "";
    const card = (await written()).find((row) => row.purpose === "card");
    await desk.prisma.outboxMessage.update({
      where: { id: card?.id ?? "" },
      data: { state: "sent", platformMessageId: "5151" },
    });
    await desk.say(ADMIN, `/staf hapus ${member}`);

    // A button, the number of an action (WhatsApp) or an answer typed in reply to the card.
    const refused =
      "Report cards and their buttons are for the complaint desk's and the agencies' staff only";
    expect((await desk.press(member, deskChoice("hd", code))).text).toContain(refused);
    const inReply = { replyTo: { messageId: "5151" } };
    expect(await desk.say(member, "1", inReply)).toContain(refused);
    const answered = await desk.say(member, "Sudah kami tambal kemarin sore.", inReply);
    expect(answered).toContain("nothing was changed or passed on");
    expect(answered).toContain("The report is still handled by the desk");
    // A photo sent in reply to the card, a proof they took before they were removed.
    expect(await desk.sendFile(member, PNG, "Sudah ditambal", inReply)).toContain(refused);
    // An answer to a notice of the report they got as staff (a reminder) is no report of theirs.
    await desk.prisma.outboxMessage.create({
      data: {
        channel: "terminal",
        chatId: member,
        purpose: "staff_notice",
        payload: { text: [{ text: `⏰ ${code} menunggu tindak lanjut` }] },
        reportId: card?.reportId ?? null,
        state: "sent",
        platformMessageId: "5252",
      },
    });
    const toNotice = { replyTo: { messageId: "5252" } };
    expect(await desk.say(member, "Besok kami kerjakan.", toNotice)).toContain(refused);
    expect(await desk.sendFile(member, PNG, "Sudah ditambal", toNotice)).toContain(refused);
    expect(await desk.status(code)).toBe("routed");
    expect((await desk.outbox(code)).map((row) => row.purpose)).not.toContain("update:reply");
  });

  it("takes a reply to a supporter's update or a merge notice as a citizen's, also from staff", async () => {
    const { code } = await desk.file();
    const report = await desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    const sentTo = async (chatId: string, purpose: string, platformMessageId: string) =>
      desk.prisma.outboxMessage.create({
        data: {
          channel: "terminal",
          chatId,
          purpose,
          payload: { text: [{ text: `Kabar laporan ${code}` }] },
          reportId: report.id,
          state: "sent",
          platformMessageId,
        },
      });
    const refused = "Kartu laporan dan tombolnya hanya untuk staf";
    await sentTo("supporter-1", "support:route", "6161");
    const thanks = await desk.say("supporter-1", "Terima kasih", {
      replyTo: { messageId: "6161" },
    });
    expect(thanks).not.toContain(refused);
    // Staff who support a report as citizens answer nobody by replying to its news.
    await sentTo(ADMIN, "merge_notice", "6262");
    await desk.say(ADMIN, "Baik, terima kasih.", { replyTo: { messageId: "6262" } });
    expect((await desk.outbox(code)).map((row) => row.purpose)).not.toContain("update:reply");
  });

  it("offers every agency for routing elsewhere", async () => {
    const { code } = await desk.file();
    const offer = await desk.press(ADMIN, deskChoice("ag", code), group);
    const values = offer.replies.flatMap((reply) => (reply.choices ?? []).flat());
    expect(values).toContainEqual({
      value: deskChoice("rt", code, "bpbd"),
      label: "BPBD",
    });
    await desk.press(ADMIN, deskChoice("rt", code, "bpbd"), group);
    const report = await desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    expect(report).toMatchObject({ status: "routed", agencyId: "bpbd" });
  });

  it("tells staff at /start that they are known as staff, above the greeting", async () => {
    const greeting = await desk.say(OFFICER, "/start");
    expect(greeting).toContain(
      "👤 Anda terdaftar sebagai staf: petugas Dinas Pekerjaan Umum dan Penataan Ruang. Perintah staf Anda: /bantuan",
    );
    expect(greeting).toContain("/lapor");
    expect(await desk.say("warga-biasa", "/start")).not.toContain("terdaftar sebagai staf");
  });

  it("ignores group messages from people who are not staff", async () => {
    const { code } = await desk.file();
    expect(await desk.say("passer-by", `/verifikasi ${code}`, group)).toBe("");
    expect(await desk.say("passer-by", `/verifkasi ${code}`, group)).toBe("");
    // Staff are told of a typo, not left waiting.
    expect(await desk.say(ADMIN, `/verifkasi ${code}`, group)).toBe(
      "/verifkasi bukan perintah staf. Daftar perintah staf: /bantuan",
    );
    // A command for another bot in the group is none of the bot's business.
    expect(await desk.say(ADMIN, "/ban@GroupHelpBot spammer", group)).toBe("");
    expect((await desk.press("passer-by", deskChoice("vr", code), group)).text).toBe("");
    expect(await desk.status(code)).toBe("submitted");
  });

  it("treats a staff reply to a card as /balas", async () => {
    const { code } = await desk.file();
    await desk.press(ADMIN, deskChoice("vr", code), group);
    const card = (await desk.outbox(code)).find(
      (row) => row.purpose === "card" && row.chatId === OFFICER,
    );
    expect(card).toBeDefined();
    await desk.prisma.outboxMessage.update({
      where: { id: card?.id ?? "" },
      data: { state: "sent", platformMessageId: "4242" },
    });
    const reply = await desk.say(OFFICER, "Tim kami menambal besok pagi.", {
      replyTo: { messageId: "4242" },
    });
    expect(reply).toContain(`${code}: Sudah ditindaklanjuti`);
    const answer = (await desk.outbox(code)).find((row) => row.purpose === "update:reply");
    expect(answer?.text).toContain("Tim kami menambal besok pagi.");
  });

  it("treats a staff reply to any part of a card too long for one message as /balas", async () => {
    // A title as long as a submission may carry: the card is longer than a platform's 4,096.
    const title = `Jalan berlubang ${"di depan Pasar Baru dekat halte ".repeat(124)}`.trim();
    const { code, reporterId } = await desk.file({ title });
    await desk.press(ADMIN, deskChoice("vr", code), group);
    const sender = await desk.deliverOutbox(OFFICER);
    const card = sender.sent.find(
      (entry) => entry.chatId === OFFICER && entry.text.includes(`${code} ·`),
    );
    expect(card?.partIds.length).toBeGreaterThan(1);
    // Staff quote the part that names the report, the first, as often as the last.
    const [first] = card?.partIds ?? [];
    const reply = await desk.say(OFFICER, "Tim kami menambal besok pagi.", {
      replyTo: { messageId: first ?? "" },
    });
    expect(reply).toContain(`${code}: Sudah ditindaklanjuti`);
    const answer = (await desk.outbox(code)).find((row) => row.purpose === "update:reply");
    expect(answer?.chatId).toBe(reporterId);
    expect(answer?.text).toContain("Tim kami menambal besok pagi.");
  });

  it("answers with a canned answer the desk keeps", async () => {
    const { code } = await desk.file();
    await desk.press(ADMIN, deskChoice("vr", code), group);
    expect(
      await desk.say(ADMIN, "/templat tambah diproses Laporan Anda sedang kami proses."),
    ).toContain("Templat #diproses disimpan");
    expect(await desk.say(OFFICER, "/templat")).toContain(
      "#diproses — Laporan Anda sedang kami proses.",
    );
    expect(await desk.say(OFFICER, `/balas ${code} #tidakada`)).toContain(
      "Templat #tidakada tidak ada",
    );
    await desk.say(OFFICER, `/balas ${code} #diproses`);
    const answer = (await desk.outbox(code)).find((row) => row.purpose === "update:reply");
    expect(answer?.text).toContain("Laporan Anda sedang kami proses.");
  });

  it("gives usage lines for bad arguments and 'not found' for unknown codes", async () => {
    expect(await desk.say(ADMIN, "/tolak")).toContain("Cara pakai: /tolak <nomor> <alasan>");
    expect(await desk.say(ADMIN, "/disposisi bukan-kode dinas-pupr")).toContain(
      "Cara pakai: /disposisi",
    );
    expect(await desk.say(ADMIN, "/verifikasi ADU-ZZZZZZ")).toContain(
      "Laporan ADU-ZZZZZZ tidak ditemukan",
    );
    const { code } = await desk.file();
    expect(await desk.say(ADMIN, `/disposisi ${code} dinas-entah`)).toContain(
      "Instansi tidak dikenal",
    );
    expect(await desk.say(ADMIN, `/selesai ${code} Sudah`)).toContain(
      `Tidak bisa: laporan ${code} berstatus Diterima, menunggu verifikasi`,
    );
  });

  it("manages staff accounts by id, @username and reply", async () => {
    await desk.file({ externalId: "calon-petugas" }); // writes to the bot as a citizen first
    await desk.prisma.reporter.update({
      where: { channel_externalId: { channel: "terminal", externalId: "calon-petugas" } },
      data: { username: "calon" },
    });
    // A username only points at an account; the role is granted by its id.
    const asked = await desk.say(ADMIN, "/staf tambah @calon petugas dlh");
    expect(asked).toContain("@calon terakhir dipakai akun Siti Rahayu (id calon-petugas)");
    expect(asked).toContain("/staf tambah calon-petugas petugas dlh");
    expect(await desk.say("calon-petugas", "/masuk")).toContain("khusus staf meja pengaduan");
    expect(await desk.say(ADMIN, "/staf tambah calon-petugas petugas dlh")).toContain(
      "calon-petugas sekarang petugas Dinas Lingkungan Hidup",
    );
    expect(
      await desk.say(ADMIN, "/staf tambah admin", {
        replyTo: { messageId: "1", userId: "orang-baru" },
      }),
    ).toContain("orang-baru sekarang admin");
    expect(await desk.say(ADMIN, "/staf tambah 12345 petugas")).toContain("Instansi tidak dikenal");
    // Each account's platform is named as people write it.
    await desk.directory.add({
      channel: "whatsapp",
      externalId: "6281300000077@c.us",
      role: "officer",
      agencyId: "dlh",
      addedBy: "test",
    });
    const list = await desk.say(ADMIN, "/staf daftar");
    expect(list).toContain("calon-petugas");
    expect(list).toContain("6281300000077@c.us (WhatsApp) · ");
    expect(list).not.toContain("(whatsapp)");
    await desk.directory.remove("whatsapp", "6281300000077@c.us", "test");
    expect(await desk.say(ADMIN, "/staf hapus orang-baru")).toContain(
      "orang-baru tidak lagi menjadi staf",
    );
    expect(await desk.say("orang-baru", "/masuk")).toContain("khusus staf meja pengaduan");
    // An admin of the configuration comes back at the next start: the remover is told.
    await desk.directory.syncConfiguredAdmins("terminal", ["admin-dari-konfigurasi"]);
    expect(await desk.say(ADMIN, "/staf hapus admin-dari-konfigurasi")).toContain(
      "admin-dari-konfigurasi tidak lagi menjadi staf, sampai layanan dimulai ulang",
    );
    expect(await desk.say(ADMIN, `/staf hapus ${ADMIN}`)).toContain(
      "tidak bisa menghapus akun Anda sendiri",
    );
  });

  it("lists the commands each caller may use", async () => {
    const citizenHelp = await desk.say("just-a-citizen", "/bantuan");
    expect(citizenHelp).toContain("/tambah");
    expect(citizenHelp).not.toContain("/verifikasi");
    const officerHelp = await desk.say(OFFICER, "/bantuan");
    expect(officerHelp).toContain("/balas");
    expect(officerHelp).not.toContain("/verifikasi");
    expect(officerHelp).not.toContain("/staf");
    const adminHelp = await desk.say(ADMIN, "/help");
    expect(adminHelp).toContain("/verifikasi");
    expect(adminHelp).toContain("/staf");
    expect(adminHelp).toContain("/buka <");
    expect(officerHelp).not.toContain("/buka <");
  });

  it("adds a file the reporter sends with /tambah, and tells whoever holds the report", async () => {
    const { code, reporterId } = await desk.file();
    const other = await desk.file();
    expect(await desk.sendFile(reporterId, PNG, `/tambah ${code} Foto setelah hujan`)).toContain(
      `ditambahkan ke laporan ${code}`,
    );
    expect(await desk.prisma.attachment.count({ where: { report: { trackingCode: code } } })).toBe(
      2,
    ); // the one filed with the report, and the new one
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "staff_notice");
    expect(notice?.text).toContain("Foto setelah hujan");
    expect(notice?.text).toContain("1 lampiran baru");
    expect(await desk.sendFile(reporterId, ELF, `/tambah ${code}`)).toContain(
      "Jenis file ini tidak diterima",
    );
    expect(await desk.sendFile(reporterId, PNG, `/tambah ${other.code}`)).toContain(
      "tidak ditemukan",
    );
    expect(
      await desk.prisma.attachment.count({ where: { report: { trackingCode: other.code } } }),
    ).toBe(1);
  });
});

describe("information added to a report nobody will handle", () => {
  it("is refused for a closed report, pointing to /buka or a new report", async () => {
    const done = await desk.file();
    const rejected = await desk.file();
    await desk.prisma.report.update({
      where: { trackingCode: done.code },
      data: { status: "done" },
    });
    await desk.prisma.report.update({
      where: { trackingCode: rejected.code },
      data: { status: "rejected" },
    });
    expect(await desk.say(done.reporterId, `/tambah ${done.code} Masih rusak`)).toBe(
      `Laporan ${done.code} sudah selesai, jadi informasi tambahan tidak lagi dibaca petugas. Jika masalahnya belum selesai, ketik /buka ${done.code} untuk membukanya kembali, lalu kirim informasinya lagi.`,
    );
    expect(await desk.say(rejected.reporterId, `/tambah ${rejected.code} Masih rusak`)).toContain(
      `Laporan ${rejected.code} sudah ditutup (Ditolak / diarsipkan)`,
    );
    const added = await desk.prisma.reportEvent.count({
      where: { type: "info_added", report: { trackingCode: { in: [done.code, rejected.code] } } },
    });
    expect(added).toBe(0);
    // Past the window in which it could be reopened, /buka is not offered.
    await desk.prisma.report.update({
      where: { trackingCode: done.code },
      data: { autoCloseAt: new Date(Date.now() - 60_000) },
    });
    expect(await desk.say(done.reporterId, `/tambah ${done.code} Masih rusak`)).toBe(
      `Laporan ${done.code} sudah ditutup (Selesai), jadi informasi tambahan tidak lagi ditangani. Jika masalahnya masih ada, buat laporan baru dengan /lapor.`,
    );
    expect(await desk.say(rejected.reporterId, `/buka ${rejected.code}`)).toContain(
      "jadi tidak bisa dibuka kembali: hanya laporan yang selesai yang bisa",
    );
    const open = await desk.file();
    expect(await desk.say(open.reporterId, `/buka ${open.code}`)).toContain(
      `Laporan ${open.code} masih ditangani (status: Diterima, menunggu verifikasi), jadi tidak perlu dibuka kembali.`,
    );
  });

  it("points a reporter who typed tambah without its slash to /tambah", async () => {
    const { code, reporterId } = await desk.file();
    expect(await desk.say(reporterId, `tambah ${code.toLowerCase()} masih rusak`)).toContain(
      `Maksud Anda /tambah ${code} masih rusak?`,
    );
  });

  it("tells a supporter that only the reporter can add to it", async () => {
    const { code } = await desk.file();
    const supporter = await desk.file();
    const report = await desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    const row = await desk.prisma.reporter.findUniqueOrThrow({
      where: {
        channel_externalId: { channel: "terminal", externalId: supporter.reporterId },
      },
    });
    await desk.prisma.reportSupporter.create({ data: { reportId: report.id, reporterId: row.id } });
    expect(await desk.say(supporter.reporterId, `/tambah ${code} Saya juga lihat`)).toContain(
      `Anda mendukung laporan ${code}, tetapi hanya pelapornya yang bisa menambah informasi`,
    );
    expect(await desk.say(supporter.reporterId, `/buka ${code}`)).toContain(
      `Anda mendukung laporan ${code}`,
    );
  });
});

describe("information added when nobody holds the report", () => {
  it("does not claim it was passed on to an officer", async () => {
    const alone = await createDeskHarness({ withoutDeskChat: true });
    try {
      const { code, reporterId } = await alone.file();
      const answer = await alone.say(reporterId, `/tambah ${code} Lubangnya makin besar`);
      expect(answer).toContain(`ditambahkan ke laporan ${code}`);
      expect(answer).not.toContain("diteruskan ke petugas");
      expect(answer).toContain("Petugas akan membacanya saat menangani laporan ini");
    } finally {
      await alone.close();
    }
  });
});
