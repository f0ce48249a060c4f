import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TELEGRAM_CAPABILITIES } from "../../../src/channels/telegram/updates.js";
import { loadPrivacyNotice } from "../../../src/config/privacy.js";
import { PROJECT_ROOT } from "../../../src/infra/paths.js";
import { createDeskHarness, type DeskHarness } from "../../support/desk-harness.js";
import { toPlainText } from "../../../src/core/text.js";
import { testCipher } from "../../support/services.js";

const notice = loadPrivacyNotice(join(PROJECT_ROOT, "config", "privacy.yaml"), {
  identityMonths: 24,
  mediaMonths: 12,
  draftDays: 7,
});

/** Everything the database keeps about one report: reporter, events, messages, files. */
async function everything(h: DeskHarness, reportId: string): Promise<string> {
  const [reporters, events, outbox, attachments] = await Promise.all([
    h.prisma.reporter.findMany({ where: { reports: { some: { id: reportId } } } }),
    h.prisma.reportEvent.findMany({ where: { reportId } }),
    h.prisma.outboxMessage.findMany({ where: { reportId } }),
    h.prisma.attachment.findMany({ where: { reportId } }),
  ]);
  return JSON.stringify({ reporters, events, outbox, attachments }, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

async function redisKeys(h: DeskHarness): Promise<string[]> {
  return h.redis.redis.keys(`${h.redis.prefix}:*`);
}

describe("a reporter's rights from the chat", () => {
  let h: DeskHarness;

  beforeAll(async () => {
    h = await createDeskHarness({ privacy: notice });
    await h.staff("rights-admin", "admin");
  });
  afterAll(async () => {
    await h.close();
  });

  it("/dataku shows the account, consent, reports and number of files held", async () => {
    const { code } = await h.file({ externalId: "warga-dataku" });
    await h.prisma.reporter.update({
      where: { channel_externalId: { channel: "terminal", externalId: "warga-dataku" } },
      data: { consentVersion: "2026-12-01", consentAt: new Date("2026-12-01T02:00:00Z") },
    });
    const text = await h.say("warga-dataku", "/dataku");
    expect(text).toContain("Data Anda yang kami simpan");
    expect(text).toContain("Nama: Siti Rahayu · Username: @siti · Telepon: +6281234567890");
    expect(text).toContain("Bahasa: Bahasa Indonesia");
    expect(text).toContain("Persetujuan privasi: versi 2026-12-01");
    expect(text).toContain(`Laporan (1): ${code} (`);
    expect(text).toContain("Berkas terlampir pada laporan Anda: 1");
    expect(text).not.toContain("yang Anda dukung");
    expect(await h.say("warga-lain", "/dataku")).toContain("tidak menyimpan data apa pun");
  });

  it("/dataku names the account's channel as people write it", async () => {
    const wa = "6281355500001@c.us";
    expect(await h.say(wa, "/dataku", { channel: "whatsapp" })).toContain(
      "Kami tidak menyimpan data apa pun tentang akun WhatsApp ini.",
    );
    await h.file({ externalId: wa, channel: "whatsapp" });
    expect(await h.say(wa, "/dataku", { channel: "whatsapp" })).toContain(
      "Data Anda yang kami simpan (akun WhatsApp)",
    );
    await h.file({ externalId: "5550001", channel: "telegram" });
    await h.say("5550001", "/bahasa en", { channel: "telegram" });
    expect(await h.say("5550001", "/dataku", { channel: "telegram" })).toContain(
      "The data we hold about you (Telegram account)",
    );
  });

  it("/dataku also lists the reports of others they support", async () => {
    const { code } = await h.file({ externalId: "warga-dilaporkan" });
    await h.say("warga-pendukung", "/bahasa id");
    const report = await h.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    const supporter = await h.prisma.reporter.findUniqueOrThrow({
      where: { channel_externalId: { channel: "terminal", externalId: "warga-pendukung" } },
    });
    await h.prisma.reportSupporter.create({
      data: { reportId: report.id, reporterId: supporter.id },
    });
    // A confidential one (a merge can make a supporter of one) is not theirs to follow.
    const secret = await h.file({ externalId: "warga-rahasia-dukung" });
    const secretReport = await h.prisma.report.update({
      where: { trackingCode: secret.code },
      data: { confidential: true },
    });
    await h.prisma.reportSupporter.create({
      data: { reportId: secretReport.id, reporterId: supporter.id },
    });
    const text = await h.say("warga-pendukung", "/dataku");
    expect(text).not.toContain(secret.code);
    expect(text).toContain("Laporan: tidak ada");
    expect(text).toMatch(
      new RegExp(`Laporan warga lain yang Anda dukung \\(1\\): ${code} \\(\\S+`),
    );
  });

  it("/hapusdata of someone with no report says what went, without a count of none", async () => {
    // Choosing a language is all this person did: it is kept with them.
    await h.say("warga-tanpa-laporan", "/bahasa en");
    expect(await h.say("warga-tanpa-laporan", "/dataku")).toContain("The data we hold about you");
    await h.say("warga-tanpa-laporan", "/hapusdata");
    expect(await h.say("warga-tanpa-laporan", "1")).toContain("Last confirmation");
    const done = await h.say("warga-tanpa-laporan", "1");
    expect(done).toContain("Your identity was erased; any unsent draft was deleted too.");
    expect(done).not.toContain("0 report");
    // English went with the rest, and they are told so in English, before it happens.
    expect(done).toContain(
      "Your language choice was erased too: from your next message on, we will write in this " +
        "service's default language (Bahasa Indonesia). Type /bahasa en to switch back.",
    );
    expect(await h.say("warga-tanpa-laporan", "halo")).toContain("Ketik /lapor");
  });

  it("/hapusdata blanks the name they wrote into their report, which nothing could blank after", async () => {
    const { code } = await h.file({
      externalId: "warga-judul",
      title: "Lampu jalan mati di depan rumah Siti Rahayu",
    });
    await h.say("warga-judul", "/hapusdata");
    await h.say("warga-judul", "1");
    await h.say("warga-judul", "1");
    const report = await h.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    expect(report.title).toBe("Lampu jalan mati di depan rumah […]");
  });

  it("/hapusdata asks twice; cancelling erases nothing", async () => {
    await h.file({ externalId: "warga-ragu" });
    expect(await h.say("warga-ragu", "/hapusdata")).toContain("Hapus identitas Anda?");
    expect(await h.say("warga-ragu", "1")).toContain("Konfirmasi terakhir");
    expect(await h.say("warga-ragu", "2")).toContain("Tidak ada yang dihapus");
    expect(await h.say("warga-ragu", "/dataku")).toContain("Siti Rahayu");
  });

  it("/hapusdata takes a yes or a no typed in words, and nothing unclear as a yes", async () => {
    await h.file({ externalId: "warga-ketik" });
    const say = (text: string) => h.say("warga-ketik", text);
    await say("/hapusdata");
    expect(await say("tidak")).toContain("Tidak ada yang dihapus");
    await say("/hapusdata");
    expect(await say("batal")).toContain("Tidak ada yang dihapus");
    await say("/hapusdata");
    expect(await say("ya")).toContain("Konfirmasi terakhir");
    // Irreversible: a no, a yes and a no at once, or talk, is asked again (saying what to
    // type) and erases nothing.
    for (const unclear of ["jangan hapus", "ya tidak", "hmm gimana ya"]) {
      expect(await say(unclear)).toContain("kami perlu jawaban yang jelas. Ketik ya");
    }
    expect(await say("gak")).toContain("Tidak ada yang dihapus");
    expect(await say("/dataku")).toContain("Siti Rahayu");

    await say("/hapusdata");
    expect(await say("iya")).toContain("Konfirmasi terakhir");
    expect(await say("ya hapus")).toContain("Identitas Anda telah dihapus");
    expect(await say("/dataku")).toContain("tidak menyimpan data apa pun");

    // The same in English.
    await h.file({ externalId: "warga-inggris" });
    const english = (text: string) => h.say("warga-inggris", text);
    await english("/bahasa en");
    await english("/hapusdata");
    expect(await english("no")).toContain("Nothing was erased");
    await english("/hapusdata");
    expect(await english("yes")).toContain("Last confirmation");
    expect(await english("cancel")).toContain("Nothing was erased");
    await english("/hapusdata");
    expect(await english("yes erase")).toContain("Last confirmation");
    expect(await english("yes")).toContain("Your identity was erased");
  });

  it("/hapusdata's last confirmation takes only its option or an explicit yes; a loose yes is asked again", async () => {
    await h.file({ externalId: "warga-longgar" });
    const say = (text: string) => h.handle("warga-longgar", text);
    const text = async (typed: string) =>
      (await say(typed)).map((reply) => toPlainText(reply.text)).join("\n---\n");
    await say("/hapusdata");
    // The first confirmation erases nothing yet: a loose yes leads on to the last one.
    expect(await text("ok")).toContain("Konfirmasi terakhir");
    // Irreversible: what people type for "fine" or a part of the option is asked again, with
    // what to type, and the options stay.
    for (const loose of ["ok", "y", "boleh", "oke", "betul", "yaha", "hapus sekarang"]) {
      const [again, ...rest] = await say(loose);
      expect(rest).toEqual([]);
      expect(toPlainText(again?.text ?? [])).toBe(
        "⚠️ Penghapusan tidak dapat dibatalkan, jadi kami perlu jawaban yang jelas. Ketik ya " +
          "(atau pilih “Ya, hapus sekarang”) untuk menghapus identitas Anda sekarang, atau batal " +
          "untuk membatalkan.",
      );
      expect(again?.choices?.flat().map((choice) => choice.label)).toEqual([
        "Ya, hapus sekarang",
        "Batal",
      ]);
    }
    expect(await text("/dataku")).toContain("Siti Rahayu");
    // An explicit yes still erases.
    await say("/hapusdata");
    await say("ok");
    expect(await text("ya")).toContain("Identitas Anda telah dihapus");

    await h.file({ externalId: "warga-longgar-en" });
    const english = (typed: string) => h.say("warga-longgar-en", typed);
    await english("/bahasa en");
    await english("/hapusdata");
    expect(await english("ok")).toContain("Last confirmation");
    expect(await english("ok")).toContain(
      "⚠️ Erasure cannot be undone, so we need a clear answer. Type yes (or choose “Yes, erase " +
        "now”) to erase your identity now, or cancel to keep it.",
    );
    expect(await english("no")).toContain("Nothing was erased");
    await english("/hapusdata");
    await english("yes");
    expect(await english("yes, erase now")).toContain("Your identity was erased");
  });

  it("/hapusdata's last confirmation takes a typed number only where its options were numbered", async () => {
    // Telegram shows the options as buttons without numbers: a "1" typed there was not read
    // off this question, so it is no consent to erasure.
    const telegram = { channel: "telegram" as const, capabilities: TELEGRAM_CAPABILITIES };
    await h.file({ externalId: "warga-tombol", channel: "telegram" });
    const say = (text: string) => h.say("warga-tombol", text, telegram);
    await say("/hapusdata");
    expect(await say("1")).toContain("Konfirmasi terakhir");
    const again = await say("1");
    expect(again).toContain("kami perlu jawaban yang jelas. Ketik ya");
    expect(again).not.toContain("Identitas Anda telah dihapus");
    expect(await say("/dataku")).toContain("Siti Rahayu");
    // Its button, or an outright yes, still erases.
    await say("/hapusdata");
    await say("1");
    expect(await say("ya")).toContain("Identitas Anda telah dihapus");
  });

  it("/hapusdata erases the identity everywhere; the report stays, staff see why", async () => {
    const { code } = await h.file({ externalId: "warga-hapus" });
    // The reporter had agreed to publish the report's photo.
    const report = await h.prisma.report.update({
      where: { trackingCode: code },
      data: {
        photosPublic: true,
        attachments: { updateMany: { where: {}, data: { public: true } } },
      },
      include: { attachments: true },
    });
    expect(report.attachments.map((file) => file.public)).toEqual([true]);
    // A staff note quoting the reporter, as happens after a phone call.
    await h.prisma.reportEvent.create({
      data: {
        reportId: report.id,
        type: "note",
        actorType: "staff",
        public: false,
        text: "Sudah menelepon Siti Rahayu di +6281234567890 (warga-hapus).",
      },
    });
    // The timeline is append-only for everything but an erasure.
    await expect(
      h.prisma.reportEvent.updateMany({ where: { reportId: report.id }, data: { text: "x" } }),
    ).rejects.toThrow(/append-only/);
    // A draft in progress, which goes too.
    await h.say("warga-hapus", "/lapor");
    await h.say("warga-hapus", "1");
    // Redis names the person only by their pseudonym.
    const pseudonym = testCipher.pseudonym("warga-hapus");
    expect(JSON.stringify(await redisKeys(h))).toContain(`conv:terminal:${pseudonym}`);

    // Messages to them are kept under the platform's ids, which may name the account:
    // whatsapp-web.js's hold the number, and a Cloud wamid holds it in base64.
    const toThem = { reportId: report.id, chatId: "warga-hapus" };
    const sentIds = {
      platformMessageId: "true_warga-hapus_3EB0C0FFEE",
      partialMessageId: "true_warga-hapus_3EB0C0FFED",
      partMessageIds: ["wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNB", "true_warga-hapus_3EB0C0FFEE"],
    };
    expect((await h.prisma.outboxMessage.updateMany({ where: toThem, data: sentIds })).count).toBe(
      1,
    );

    const before = await everything(h, report.id);
    expect(before).toContain("Siti Rahayu");
    expect(await h.say("warga-hapus", "/hapusdata")).toContain("Hapus identitas Anda?");
    expect(await h.say("warga-hapus", "1")).toContain("Konfirmasi terakhir");
    const done = await h.handle("warga-hapus", "1");
    expect(
      done
        .at(-1)
        ?.text.map((span) => span.text)
        .join(""),
    ).toContain("Identitas Anda telah dihapus dari 1 laporan");
    // The confirmation's options are taken off the screen with the last reply.
    expect(done.at(-1)?.input).toEqual({ kind: "dismiss" });

    const stored = await everything(h, report.id);
    const theirMessages = await h.prisma.outboxMessage.findMany({
      where: { reportId: report.id, purpose: "confirmation" },
      select: { platformMessageId: true, partialMessageId: true, partMessageIds: true },
    });
    expect(theirMessages).toEqual([
      { platformMessageId: null, partialMessageId: null, partMessageIds: [] },
    ]);
    const erased = await h.prisma.report.findUniqueOrThrow({
      where: { id: report.id },
      include: { attachments: true },
    });
    expect(erased.photosPublic).toBe(false);
    expect(erased.attachments.map((file) => file.public)).toEqual([false]);
    for (const trace of ["warga-hapus", "Siti", "@siti", "6281234567890", "lubang.png"]) {
      expect(stored).not.toContain(trace);
    }
    expect(await redisKeys(h)).not.toEqual(
      expect.arrayContaining([expect.stringContaining(pseudonym)]),
    );
    const after = await h.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true, attachments: true, events: { where: { type: "note" } } },
    });
    expect(after.title).toBe(report.title);
    expect(after.description).toBe(report.description);
    expect(after.attachments).toHaveLength(1);
    expect(after.reporter).toMatchObject({
      displayName: null,
      username: null,
      phone: null,
      erasure: "request",
    });
    expect(after.reporter.externalId).toMatch(/^pelapor-[0-9a-f]{12}$/);
    expect(after.events[0]?.text).toBe(
      `Sudah menelepon ${after.reporter.externalId} di ${after.reporter.externalId} (${after.reporter.externalId}).`,
    );

    const view = await h.say("rights-admin", `/lihat ${code}`);
    expect(view).toContain("(identitas dihapus atas permintaan pelapor)");
    expect(view).not.toContain("Siti");
    expect(await h.say("warga-hapus", "/dataku")).toContain("tidak menyimpan data apa pun");
    // Writing again makes a new reporter, asked for consent like anyone new.
    expect(await h.say("warga-hapus", "/lapor")).toContain("Pemberitahuan privasi");
  });

  it("a report still queued when they asked reaches the desk without their identity", async () => {
    await h.file({ externalId: "warga-antre" });
    const submittedAt = new Date();
    expect(await h.say("warga-antre", "/hapusdata")).toContain("Hapus identitas Anda?");
    await h.say("warga-antre", "1");
    const done = await h.say("warga-antre", "1");
    expect(done).toContain("Identitas Anda telah dihapus dari 1 laporan");
    expect(done).toContain(
      "Laporan yang baru Anda kirim dan belum tersimpan juga akan disimpan tanpa identitas Anda",
    );

    // The worker was behind: the report submitted before the request is stored after it.
    const { code } = await h.file({ externalId: "warga-antre", submittedAt });
    const report = await h.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    const stored = await everything(h, report.id);
    expect(stored).toContain('"purpose":"card"');
    for (const trace of ["warga-antre", "Siti", "@siti", "6281234567890", "lubang.png"]) {
      expect(stored).not.toContain(trace);
    }
    const view = await h.say("rights-admin", `/lihat ${code}`);
    expect(view).toContain("(identitas dihapus atas permintaan pelapor)");
    expect(view).not.toContain("Siti");
    expect(await h.say("warga-antre", "/dataku")).toContain("tidak menyimpan data apa pun");
  });

  it("works only in a private chat", async () => {
    expect(await h.say("rights-admin", "/dataku", { group: true, chatId: "-1001" })).not.toContain(
      "Data Anda",
    );
  });
});
