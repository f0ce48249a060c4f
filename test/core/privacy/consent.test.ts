import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFileError } from "../../../src/config/data-file.js";
import { loadPrivacyNotice } from "../../../src/config/privacy.js";
import { PROJECT_ROOT } from "../../../src/infra/paths.js";
import {
  BUTTONS,
  createEngineHarness,
  TEXT_ONLY,
  type EngineHarness,
} from "../../support/engine-harness.js";
import { temporaryDirectory } from "../../support/services.js";
import type { OutboundMessage } from "../../../src/core/messages.js";

const periods = { identityMonths: 24, mediaMonths: 12, draftDays: 7 };
const notice = loadPrivacyNotice(join(PROJECT_ROOT, "config", "privacy.yaml"), periods);
const FIRST_QUESTION = "Apa jenis laporan";
const now = new Date("2026-12-02T03:04:05.000Z");

describe("the privacy notice before a report", () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await createEngineHarness({ privacy: notice, clock: () => now });
  });
  afterAll(async () => {
    await h.close();
  });

  const reporterRow = (externalId: string) =>
    h.db.database.prisma.reporter.findUnique({
      where: { channel_externalId: { channel: "terminal", externalId } },
    });

  it("comes before the first report, from the configuration, in the person's language", async () => {
    const citizen = h.citizen("pv-first", "terminal", BUTTONS);
    await citizen.send("/lapor");
    const text = citizen.lastText();
    expect(text).toContain("Pemberitahuan privasi");
    expect(text).toContain("Dinas Komunikasi dan Informatika");
    expect(text).toContain("ppid@contoh.go.id");
    // The retention periods of the configuration, not the file's placeholders.
    expect(text).toContain("24 bulan setelah laporan selesai");
    expect(text).toContain("draf yang tidak dikirim 7 hari");
    expect(text).not.toContain(FIRST_QUESTION);
    expect(citizen.lastLabels()).toEqual(["Setuju", "Tidak setuju"]);

    await citizen.send("/bahasa en");
    await citizen.send("/lapor");
    expect(citizen.lastText()).toContain("Privacy notice");
    expect(citizen.lastLabels()).toEqual(["Agree", "Do not agree"]);
  });

  it("declined: ends politely and stores nothing", async () => {
    const citizen = h.citizen("pv-decline", "terminal", BUTTONS);
    await citizen.send("/lapor");
    await citizen.press("Tidak setuju");
    expect(citizen.lastText()).toContain(
      "laporan tidak dibuat dan tidak ada isinya yang kami simpan",
    );
    expect(await reporterRow("pv-decline")).toBeNull();
    expect(citizen.lastText()).toContain("ketik /lapor untuk membaca pemberitahuan ini lagi");
    // Whatever is typed next starts nothing: the draft was never made.
    await citizen.send("Jalan rusak");
    expect(citizen.lastText()).toContain("Ketik /lapor");
    // Declined before an information request, the way back is the command that started it.
    await citizen.send("/informasi");
    await citizen.press("Tidak setuju");
    expect(citizen.lastText()).toContain("ketik /informasi untuk membaca pemberitahuan ini lagi");
    // A button of an older notice, which named no flow, still declines.
    await citizen.deliver({ kind: "choice", value: "$pv:no" });
    expect(citizen.lastText()).toContain("ketik /lapor untuk membaca pemberitahuan ini lagi");
  });

  it("accepted: stored with its time and version, then the report starts; not asked again", async () => {
    const citizen = h.citizen("pv-accept", "terminal", BUTTONS);
    await citizen.send("/lapor");
    await citizen.press("Setuju");
    expect(citizen.lastText()).toContain(`persetujuan Anda tercatat (versi ${notice.version})`);
    expect(citizen.lastText()).toContain(FIRST_QUESTION);
    expect(await reporterRow("pv-accept")).toMatchObject({
      consentVersion: "2026-12-01",
      consentAt: now,
    });
    await citizen.send("/batal");
    await citizen.send("/lapor");
    expect(citizen.lastText()).toContain(FIRST_QUESTION);
    expect(citizen.lastText()).not.toContain("Pemberitahuan privasi");
  });

  it("a Setuju pressed under an older notice shows the current one instead", async () => {
    const citizen = h.citizen("pv-stale", "terminal", BUTTONS);
    await citizen.deliver({ kind: "choice", value: "$pv:ok:lapor:2025-01-01" });
    expect(citizen.lastText()).toContain(`Pemberitahuan privasi (versi ${notice.version})`);
    expect(citizen.lastText()).not.toContain(FIRST_QUESTION);
    expect(await reporterRow("pv-stale")).toBeNull();
    await citizen.press("Setuju");
    expect(citizen.lastText()).toContain(FIRST_QUESTION);
  });

  it("is accepted by typing its number where there are no buttons (WhatsApp, the terminal)", async () => {
    const citizen = h.citizen("pv-typed", "whatsapp", TEXT_ONLY);
    await citizen.send("/lapor");
    expect(citizen.lastText()).toContain("Pemberitahuan privasi");
    // An answer in words is none of the options: they are pointed back to them.
    await citizen.send("sudah saya baca");
    expect(citizen.lastText()).toBe(
      "Untuk menjawab pilihan terakhir, ketik nomornya: 1 sampai 2. Untuk hal lain, ketik /bantuan.",
    );
    await citizen.send("1");
    expect(citizen.lastText()).toContain(FIRST_QUESTION);
    // Where the options are buttons, which show no numbers (Telegram's), only the buttons
    // are named.
    const pressing = h.citizen("pv-typed-buttons", "terminal", BUTTONS);
    await pressing.send("/lapor");
    await pressing.send("sudah saya baca");
    expect(pressing.lastText()).toBe(
      "Untuk menjawab pilihan terakhir, tekan salah satu tombolnya. Untuk hal lain, ketik /bantuan.",
    );
    expect(
      await h.db.database.prisma.reporter.findUnique({
        where: { channel_externalId: { channel: "whatsapp", externalId: "pv-typed" } },
      }),
    ).toMatchObject({ consentVersion: notice.version });
  });

  it("asks for the number, not a button, where the options went as a numbered list", async () => {
    // More options than the channel shows as buttons (the Cloud API's list holds ten) go as a
    // numbered list to type: here one button at most, so the notice's two options are a list.
    const listed = h.citizen("pv-listed", "whatsapp", { ...BUTTONS, maxButtons: 1 });
    await listed.send("/lapor");
    expect(listed.lastText()).toContain("Pemberitahuan privasi");
    await listed.send("sudah saya baca");
    expect(listed.lastText()).toBe(
      "Untuk menjawab pilihan terakhir, ketik nomornya: 1 sampai 2. Untuk hal lain, ketik /bantuan.",
    );
    await listed.send("1");
    expect(listed.lastText()).toContain(FIRST_QUESTION);
  });

  it("is accepted with a typed yes, and declined with a typed no", async () => {
    const agreeing = h.citizen("pv-oke", "whatsapp", TEXT_ONLY);
    await agreeing.send("/lapor");
    await agreeing.send("oke");
    expect(agreeing.lastText()).toContain(FIRST_QUESTION);
    // A yes said with the option's own words.
    const saying = h.citizen("pv-ya-setuju", "whatsapp", TEXT_ONLY);
    await saying.send("/lapor");
    await saying.send("Iya, saya setuju");
    expect(saying.lastText()).toContain(FIRST_QUESTION);
    const declining = h.citizen("pv-gak", "terminal", TEXT_ONLY);
    await declining.send("/lapor");
    await declining.send("gak");
    expect(declining.lastText()).toContain("laporan tidak dibuat");
    expect(await reporterRow("pv-gak")).toBeNull();
  });

  it("shown again in the language picked while it was showing, and accepted there", async () => {
    const typing = h.citizen("pv-language-typed", "whatsapp", TEXT_ONLY);
    await typing.send("/lapor");
    await typing.send("/bahasa");
    await typing.send("2");
    expect(typing.lastText()).toContain("Language switched to English");
    expect(typing.lastText()).toContain("Privacy notice");
    await typing.send("1");
    expect(typing.lastText()).toContain("What kind of report is this?");

    const naming = h.citizen("pv-language-named", "telegram", BUTTONS);
    await naming.send("/lapor");
    await naming.send("/bahasa english");
    expect(naming.lastText()).toContain("Privacy notice");
    expect(naming.lastLabels()).toEqual(["Agree", "Do not agree"]);
    await naming.press("Agree");
    expect(naming.lastText()).toContain("What kind of report is this?");

    // Asked for twice, the second time by name: the notice still comes back.
    const twice = h.citizen("pv-language-twice", "whatsapp", TEXT_ONLY);
    await twice.send("/lapor");
    await twice.send("/bahasa");
    await twice.send("/bahasa en");
    expect(twice.lastText()).toContain("Privacy notice");
  });

  it("an old language button brings back no notice and starts no report", async () => {
    const choice = (replies: readonly OutboundMessage[], label: string) => {
      const found = replies.flatMap((reply) => reply.choices?.flat() ?? []);
      const value = found.find((option) => option.label === label)?.value;
      if (!value) throw new Error(`no option ${label}`);
      return { kind: "choice" as const, value };
    };
    const citizen = h.citizen("pv-language-old", "telegram", BUTTONS);
    const notice = await citizen.send("/lapor");
    const languages = await citizen.send("/bahasa");
    await citizen.deliver(choice(notice, "Setuju"));
    expect(citizen.lastText()).toContain(FIRST_QUESTION);
    await citizen.send("/batal");
    await citizen.deliver(choice(languages, "English"));
    expect(citizen.lastText()).toBe("Language switched to English.");
  });

  it("/batal while it shows ends it: a stray number later accepts nothing", async () => {
    const citizen = h.citizen("pv-cancel", "whatsapp", TEXT_ONLY);
    await citizen.send("/lapor");
    await citizen.send("/batal");
    expect(citizen.lastText()).toBe(
      "Dibatalkan; pilihan terakhir tidak berlaku lagi. Ketik /bantuan untuk melihat perintah.",
    );
    await citizen.send("1");
    expect(citizen.lastText()).toContain("Ketik /lapor untuk membuat laporan baru");
    expect(
      await h.db.database.prisma.reporter.findUnique({
        where: { channel_externalId: { channel: "whatsapp", externalId: "pv-cancel" } },
      }),
    ).toBeNull();
    await citizen.send("/batal");
    expect(citizen.lastText()).toContain("Tidak ada laporan yang sedang diisi");
  });

  it("a changed notice is shown again before the next report", async () => {
    const citizen = h.citizen("pv-accept", "terminal", BUTTONS);
    await citizen.send("/batal");
    const changed = { ...notice, version: "2027-01-01" };
    const later = await createEngineHarness({ privacy: changed, clock: () => now });
    try {
      // The same person in a database that holds their agreement to the older version.
      await later.db.database.prisma.reporter.create({
        data: {
          channel: "terminal",
          externalId: "pv-accept",
          chatId: "pv-accept",
          consentVersion: notice.version,
          consentAt: now,
        },
      });
      const again = later.citizen("pv-accept", "terminal", BUTTONS);
      await again.send("/lapor");
      expect(again.lastText()).toContain("Pemberitahuan privasi kami berubah (versi 2027-01-01)");
      expect(again.lastText()).not.toContain(FIRST_QUESTION);
      await again.press("Setuju");
      expect(again.lastText()).toContain(FIRST_QUESTION);
      expect(
        await later.db.database.prisma.reporter.findUnique({
          where: { channel_externalId: { channel: "terminal", externalId: "pv-accept" } },
        }),
      ).toMatchObject({ consentVersion: "2027-01-01" });
    } finally {
      await later.close();
    }
  });
});

describe("the privacy notice file", () => {
  it("names what is missing", () => {
    const dir = temporaryDirectory();
    try {
      const file = join(dir.path, "privacy.yaml");
      writeFileSync(file, 'version: "1"\ncontroller: Diskominfo\nnotice:\n  id: Teks\n');
      expect(() => loadPrivacyNotice(file, periods)).toThrow(DataFileError);
      expect(() => loadPrivacyNotice(file, periods)).toThrow(
        /contact: expected how to reach the controller[\s\S]*notice\.en: expected the notice in English/,
      );
    } finally {
      dir.remove();
    }
  });
});
