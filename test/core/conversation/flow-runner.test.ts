import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { FlowRunner, type FlowOutcome } from "../../../src/core/conversation/flow-runner.js";
import { readTypedAnswer, rememberMenu } from "../../../src/core/conversation/menu.js";
import type { Session } from "../../../src/core/conversation/session-store.js";
import type { StepContext } from "../../../src/core/conversation/steps/index.js";
import type { Flow } from "../../../src/core/flows/schema.js";
import { MediaStore } from "../../../src/core/media/media-store.js";
import type { InboundContent, OutboundMessage } from "../../../src/core/messages.js";
import { WHATSAPP_CLOUD_CAPABILITIES } from "../../../src/channels/whatsapp/cloud/inbound.js";
import { TELEGRAM_CAPABILITIES } from "../../../src/channels/telegram/updates.js";
import { media, PNG, TEXT_ONLY } from "../../support/engine-harness.js";
import { temporaryDirectory } from "../../support/services.js";
import { inlineFlow, labelsOf, read, realFlow, stepContext } from "../../support/step-context.js";

const runner = new FlowRunner();
const lapor = realFlow("lapor");
const informasi = realFlow("informasi");
const mediaDir = temporaryDirectory();
const withMedia = stepContext({
  media: new MediaStore({ dir: mediaDir.path, maxBytes: 1024 * 1024, allowedTypes: ["image/png"] }),
});

afterAll(() => mediaDir.remove());

const TITLE = "Jalan berlubang di depan Pasar Baru";
const DESCRIPTION =
  "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.";

/** A report being filled, as the engine keeps it between messages. */
class Draft {
  session: Session;
  replies: OutboundMessage[];
  outcome?: FlowOutcome;
  private clock = 1;

  constructor(
    readonly flow: Flow,
    readonly context: StepContext = withMedia,
  ) {
    const first = flow.steps[0]?.id ?? "";
    this.session = {
      v: 1,
      flowId: flow.id,
      stepId: first,
      answers: {},
      editing: false,
      submissionId: randomUUID(),
      startedAt: 0,
      updatedAt: 0,
    };
    this.replies = runner.start(flow, this.session, context);
  }

  async deliver(content: InboundContent): Promise<FlowOutcome> {
    const outcome = await runner.answer(
      this.flow,
      this.session,
      content,
      this.context,
      this.clock++,
    );
    this.outcome = outcome;
    if (outcome.kind === "continue") {
      this.session = outcome.session;
      this.replies = outcome.replies;
    }
    return outcome;
  }

  send(text: string): Promise<FlowOutcome> {
    return this.deliver({ kind: "text", text });
  }

  /** Presses the option of the question showing whose label contains `label`. */
  press(label: string): Promise<FlowOutcome> {
    const choice = this.question()
      .choices?.flat()
      .find((candidate) => candidate.label.toLowerCase().includes(label.toLowerCase()));
    if (!choice) throw new Error(`no option '${label}' under: ${this.text()}`);
    return this.deliver({ kind: "choice", value: choice.value });
  }

  /** The last message: the question now asked. */
  question(): OutboundMessage {
    const last = this.replies.at(-1);
    if (!last) throw new Error("no reply");
    return last;
  }

  texts(): string[] {
    return this.replies.map((reply) => read(reply.text));
  }

  text(): string {
    return read(this.question().text);
  }

  labels(): string[][] {
    return labelsOf(this.question().choices ?? []);
  }
}

/** A complaint answered up to the summary; `kind` picks the report kind. */
async function complaint(kind = "Pengaduan", context?: StepContext): Promise<Draft> {
  const draft = new Draft(lapor, context);
  await draft.press(kind);
  await draft.send(TITLE);
  await draft.send(DESCRIPTION);
  await draft.press("Jalan dan jembatan");
  if (kind === "Pengaduan") {
    await draft.deliver({ kind: "location", latitude: -6.2088, longitude: 106.8456 });
    await draft.send("kemarin");
  }
  await draft.press("Lewati");
  await draft.press("Ya");
  await draft.press("Tidak");
  return draft;
}

describe("starting a flow", () => {
  it("says what the flow is, then asks the first question with its options", () => {
    const draft = new Draft(lapor);
    expect(draft.texts()).toEqual([
      "Baik, kita buat laporan baru. Ada beberapa pertanyaan singkat; ketik /batal kapan saja untuk membatalkan.",
      "Apa jenis laporan Anda?",
    ]);
    expect(draft.labels()).toEqual([
      ["Pengaduan (ada masalah)"],
      ["Aspirasi (saran atau usulan)"],
      ["Permintaan informasi"],
    ]);
  });

  it("starts at the title when the flow presets the kind", () => {
    expect(new Draft(informasi).text()).toContain("Informasi apa yang Anda butuhkan?");
  });

  it("asks a text-only channel to type the option's number, and a button channel nothing more", () => {
    expect(new Draft(lapor, stepContext({ capabilities: TEXT_ONLY })).text()).toBe(
      "Apa jenis laporan Anda?\nKetik nomor pilihan Anda.",
    );
    expect(new Draft(lapor, stepContext({ language: "en" })).text()).toBe(
      "What kind of report is this?",
    );
  });
});

describe("answering", () => {
  it("takes an answer and asks the next question", async () => {
    const draft = new Draft(lapor);
    await draft.press("Pengaduan");
    expect(draft.texts()).toEqual([
      "Tulis judul singkat laporan Anda, paling sedikit dua kata (maksimal 150 karakter). Contoh: Jalan berlubang di depan Pasar Baru",
    ]);
    expect(draft.question().choices).toEqual([]);
    expect(draft.session).toMatchObject({ stepId: "title", answers: { kind: "pengaduan" } });
  });

  it("asks the same question again, saying why, when an answer cannot be used", async () => {
    const draft = new Draft(lapor);
    await draft.send("jalan rusak");
    expect(draft.text()).toBe("Silakan tekan salah satu tombol pilihan di bawah.");
    expect(draft.labels()).toHaveLength(3);

    await draft.press("Pengaduan");
    await draft.send("Jalan");
    expect(draft.texts()).toEqual([
      "Terlalu singkat: tulis minimal 10 huruf atau angka (sekarang 5).",
    ]);
    expect(draft.session).toMatchObject({ stepId: "title", answers: { kind: "pengaduan" } });
  });

  it("offers location sharing at the location step, and notes a shared pin before the next question", async () => {
    const draft = new Draft(lapor);
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    expect(runner.wantsLocation(lapor, draft.session)).toBe(false);
    await draft.press("Jalan dan jembatan");
    expect(draft.question().input).toEqual({ kind: "location", label: "📍 Bagikan lokasi" });
    expect(draft.text()).toBe(
      "Di mana lokasinya?\nBagikan lokasi (📎 → Lokasi), atau ketik alamatnya (nama jalan, kelurahan, kecamatan). " +
        "Tidak perlu lokasi? Tekan Lewati.",
    );
    expect(runner.wantsLocation(lapor, draft.session)).toBe(true);

    await draft.deliver({ kind: "location", latitude: -6.2088, longitude: 106.8456 });
    expect(draft.texts()).toEqual([
      "📍 Lokasi dicatat.",
      "Kapan kejadiannya? Contoh: hari ini, kemarin, 3 hari lalu, 12/11/2026.",
    ]);
    expect(runner.wantsLocation(lapor, draft.session)).toBe(false);
  });

  it("words the how-to for the channel: a typed option by its number", async () => {
    const draft = new Draft(lapor, stepContext({ capabilities: TEXT_ONLY }));
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    expect(draft.text()).toBe(
      "Di mana lokasinya?\nKetik alamatnya (nama jalan, kelurahan, kecamatan) atau koordinatnya, " +
        "misalnya -6.2088, 106.8456. Tidak perlu lokasi? Ketik 1 (Lewati).",
    );
  });

  it("lets an optional step be skipped, says so for a location, and shows it as not answered", async () => {
    const draft = new Draft(lapor);
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    await draft.press("Lewati");
    expect(draft.texts()).toEqual([
      "Lokasi dilewati.",
      "Kapan kejadiannya? Contoh: hari ini, kemarin, 3 hari lalu, 12/11/2026.",
    ]);
    expect(draft.session.answers.location).toBeNull();

    await draft.press("Kemarin");
    await draft.press("Lewati");
    // Skipping the attachments needs no word: the next question follows at once.
    expect(draft.texts()).toEqual([
      "Sembunyikan identitas Anda dari petugas (anonim)? Petugas tidak akan melihat nama atau nomor Anda, tetapi Anda tetap menerima tanggapan di sini.",
    ]);
    await draft.press("Tidak");
    await draft.press("Tidak");
    expect(draft.text()).toContain("Lokasi: (tidak diisi)");
    expect(draft.text()).toContain("Lampiran: (tidak diisi)");
  });

  it("keeps the attachments step open while files come in, offering Done instead of Skip", async () => {
    const draft = new Draft(lapor);
    await draft.press("Aspirasi");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    expect(draft.labels()).toEqual([["Lewati"]]);

    await draft.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
    expect(draft.texts()).toEqual([
      "Lampiran diterima (1 dari maksimal 5). Ada lagi? Kirim saja. Sudah semua? Tekan Selesai (1 file).",
    ]);
    expect(draft.labels()).toEqual([["Selesai (1 file)"], ["Hapus semua lampiran"]]);
    expect(draft.session.stepId).toBe("attachments");

    await draft.press("Selesai");
    expect(draft.text()).toContain("Sembunyikan identitas Anda");
    expect(draft.session.answers.attachments).toHaveLength(1);
  });

  it("takes a wrong photo off the report from the summary, without starting over", async () => {
    const draft = await complaint("Aspirasi");
    await draft.press("Ubah lampiran");
    await draft.deliver({ kind: "attachment", media: media(PNG, "salah.png") });
    await draft.press("Hapus semua lampiran");
    expect(draft.text()).toContain("Semua lampiran dilepas dari laporan ini.");
    expect(draft.labels()).toEqual([["Lewati"]]);
    await draft.press("Lewati");
    expect(draft.text()).toContain("Lampiran: (tidak diisi)");
    expect(draft.session.answers).toMatchObject({ title: TITLE, anonymous: true });
  });
});

describe("questions that depend on earlier answers", () => {
  it("asks for the location and date of a complaint only", async () => {
    const draft = new Draft(lapor);
    await draft.press("Aspirasi");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    expect(draft.text()).toContain("Ada foto atau dokumen pendukung?");

    const suggestion = await complaint("Aspirasi");
    expect(suggestion.text()).not.toContain("Lokasi");
    expect(suggestion.text()).not.toContain("Tanggal kejadian");
    expect(suggestion.labels().flat()).not.toContain("✏️ Ubah lokasi");
  });

  it("words the description's question for the kind of report chosen", async () => {
    const questionFor = async (kind: string) => {
      const draft = new Draft(lapor);
      await draft.press(kind);
      await draft.send(TITLE);
      return draft.text();
    };
    expect(await questionFor("Pengaduan")).toMatch(/^Ceritakan apa yang terjadi \(kronologi\)/);
    expect(await questionFor("Aspirasi")).toMatch(/^Jelaskan saran atau usulan Anda/);
    expect(await questionFor("Permintaan informasi")).toMatch(
      /^Jelaskan informasi yang Anda butuhkan dan untuk keperluan apa/,
    );
  });
});

describe("the summary", () => {
  it("lists every answer and offers to send, change any answer, or cancel", async () => {
    const draft = await complaint();
    expect(draft.text()).toBe(
      [
        "Periksa laporan Anda sebelum dikirim:",
        "",
        "Jenis: Pengaduan (ada masalah)",
        `Judul: ${TITLE}`,
        `Isi laporan: ${DESCRIPTION}`,
        "Kategori: Jalan dan jembatan",
        "Lokasi: -6.20880, 106.84560",
        "Tanggal kejadian: 27 November 2026",
        "Lampiran: (tidak diisi)",
        "Anonim: Ya",
        "Rahasia: Tidak",
        "",
        "Tekan Kirim bila sudah benar, atau pilih bagian yang ingin diubah.",
      ].join("\n"),
    );
    expect(draft.labels()).toEqual([
      ["✅ Kirim"],
      ["✏️ Ubah jenis", "✏️ Ubah judul"],
      ["✏️ Ubah isi laporan", "✏️ Ubah kategori"],
      ["✏️ Ubah lokasi", "✏️ Ubah tanggal kejadian"],
      ["✏️ Ubah lampiran", "✏️ Ubah anonim"],
      ["✏️ Ubah rahasia"],
      ["❌ Batal"],
    ]);
  });

  it("tells a text-only channel to type 1 to send", async () => {
    const draft = await complaint("Aspirasi", stepContext({ capabilities: TEXT_ONLY }));
    expect(draft.text()).toMatch(
      /Ketik 1 untuk mengirim bila sudah benar, atau nomor bagian yang ingin diubah\.$/,
    );
  });

  it("asks a channel whose buttons hold ten options to type beyond ten, and beside a location request", async () => {
    const cloud = stepContext({ capabilities: WHATSAPP_CLOUD_CAPABILITIES });
    const draft = new Draft(lapor, cloud);
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    // WhatsApp's location request carries only its own button: Lewati is typed.
    expect(draft.text()).toMatch(/Tidak perlu lokasi\? Ketik 1 \(Lewati\)\.$/);
    const summary = await complaint("Pengaduan", cloud);
    // Eleven options: a numbered list, not a list of buttons.
    expect(summary.labels().flat()).toHaveLength(11);
    expect(summary.text()).toMatch(
      /Ketik 1 untuk mengirim bila sudah benar, atau nomor bagian yang ingin diubah\.$/,
    );
  });

  it("asks for one of the options by its number where they went as a numbered list", async () => {
    const cloud = stepContext({ capabilities: WHATSAPP_CLOUD_CAPABILITIES });
    const draft = new Draft(lapor, cloud);
    await draft.send("entahlah");
    // Three options: WhatsApp's buttons.
    expect(draft.text()).toBe("Silakan tekan salah satu tombol pilihan di bawah.");
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    // Twelve categories: a numbered list, with no button to press.
    expect(draft.labels().flat().length).toBeGreaterThan(10);
    await draft.send("entahlah");
    expect(draft.text()).toBe("Silakan ketik nomor salah satu pilihan di bawah.");
    const summary = await complaint("Pengaduan", cloud);
    await summary.send("ok");
    expect(summary.text()).toBe("Silakan ketik nomor salah satu pilihan di bawah.");
  });

  it("asks for a button, not a number it does not show, where the options are Telegram's buttons", async () => {
    for (const [language, reminder] of [
      ["id", "Silakan tekan salah satu tombol pilihan di bawah."],
      ["en", "Please press one of the option buttons below."],
    ] as const) {
      const draft = new Draft(
        lapor,
        stepContext({ language, capabilities: TELEGRAM_CAPABILITIES }),
      );
      await draft.send("entahlah");
      expect(draft.text()).toBe(reminder);
    }
  });

  it("sends the report or, asked to confirm, cancels it", async () => {
    const draft = await complaint();
    const session = draft.session;
    expect(await draft.press("Kirim")).toEqual({ kind: "submit", session });

    const doubting = await complaint();
    const summary = doubting.text();
    await doubting.press("Batal");
    expect(doubting.text()).toBe(
      "Batalkan laporan ini? Semua jawaban Anda akan dihapus dan tidak ada yang dikirim.",
    );
    await doubting.press("Tidak, kembali");
    expect(doubting.text()).toBe(summary);
    await doubting.press("Batal");
    expect(await doubting.press("Ya, batalkan")).toEqual({ kind: "cancel" });
  });

  it("asks for one of its options when something else is typed", async () => {
    const draft = await complaint();
    const summary = draft.labels();
    await draft.send("ok");
    expect(draft.text()).toBe("Silakan tekan salah satu tombol pilihan di bawah.");
    expect(draft.labels()).toEqual(summary);
  });

  it("changes one answer, showing the current one, and comes back to the summary", async () => {
    const draft = await complaint();
    await draft.press("Ubah judul");
    expect(draft.text()).toContain("Tulis judul singkat laporan Anda");
    expect(draft.text()).toContain(`Jawaban saat ini: ${TITLE}`);

    await draft.send("Lubang besar di Jalan Pasar Baru");
    expect(draft.text()).toContain("Periksa laporan Anda sebelum dikirim:");
    expect(draft.text()).toContain("Judul: Lubang besar di Jalan Pasar Baru");
    expect(draft.text()).toContain("Kategori: Jalan dan jembatan");
    expect(draft.session.editing).toBe(false);
  });

  it("leaves an answer as it was when the reporter changes their mind", async () => {
    const draft = await complaint();
    await draft.press("Ubah judul");
    expect(draft.text()).toContain("Tidak jadi mengubah? Tekan ↩️ Tetap seperti semula.");
    expect(draft.labels()).toEqual([["↩️ Tetap seperti semula"]]);
    await draft.press("↩️ Tetap seperti semula");
    expect(draft.text()).toContain("Periksa laporan Anda sebelum dikirim:");
    expect(draft.text()).toContain(`Judul: ${TITLE}`);
    expect(draft.session.editing).toBe(false);

    // Typed by its number where options are typed, after the category's own options.
    const typed = await complaint("Pengaduan", stepContext({ capabilities: TEXT_ONLY }));
    await typed.press("Ubah kategori");
    const keep = typed.labels().flat().length;
    expect(typed.text()).toContain(`Tidak jadi mengubah? Ketik ${keep} (↩️ Tetap seperti semula).`);
    await typed.press("↩️ Tetap seperti semula");
    expect(typed.text()).toContain("Kategori: Jalan dan jembatan");
  });

  it("asks the questions a changed answer brings in, then comes back to the summary", async () => {
    const draft = await complaint("Aspirasi");
    await draft.press("Ubah jenis");
    await draft.press("Pengaduan");
    expect(draft.text()).toContain("Di mana lokasinya?");
    await draft.send("Jalan Pasar Baru, Kelurahan Sukamaju");
    expect(draft.texts()[1]).toContain("Kapan kejadiannya?");
    await draft.press("Hari ini");
    expect(draft.text()).toContain("Lokasi: Jalan Pasar Baru, Kelurahan Sukamaju");
    expect(draft.text()).toContain("Tanggal kejadian: 28 November 2026");
  });

  it("drops the answers a changed answer no longer asks for, from the summary and the report", async () => {
    const draft = await complaint();
    await draft.press("Ubah jenis");
    await draft.press("Aspirasi");
    expect(draft.text()).toContain("Periksa laporan Anda");
    expect(draft.text()).not.toContain("Lokasi");
    const { report } = runner.report(lapor, draft.session);
    expect(report.kind).toBe("aspirasi");
    expect(report).not.toHaveProperty("location");
    expect(report).not.toHaveProperty("eventDate");
  });
});

describe("buttons and typed options", () => {
  it("says a button of an earlier question no longer works, and offers the current options again", async () => {
    const draft = new Draft(lapor);
    await draft.press("Pengaduan");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    const categories = draft.labels();
    const before = draft.session;
    await draft.deliver({ kind: "choice", value: "kind:aspirasi" });
    expect(draft.texts()).toEqual(["Tombol itu sudah tidak berlaku."]);
    expect(draft.labels()).toEqual(categories);
    expect(draft.session).toEqual(before);

    // The summary's own buttons do nothing before the summary.
    expect(await draft.deliver({ kind: "choice", value: "$summary:send" })).toMatchObject({
      kind: "continue",
    });
    expect(draft.texts()).toEqual(["Tombol itu sudah tidak berlaku."]);
    expect(draft.session).toEqual(before);
  });

  it("reads a typed number or label as the option it names", async () => {
    const draft = new Draft(lapor, stepContext({ capabilities: TEXT_ONLY }));
    const typed = async (text: string) => {
      const menu = rememberMenu(draft.question().choices?.flat() ?? []);
      const answer = readTypedAnswer(menu, text);
      if (answer?.kind !== "option") throw new Error(`'${text}' names no option`);
      return draft.deliver({ kind: "choice", value: answer.value });
    };
    await typed("2)");
    expect(draft.session.answers.kind).toBe("aspirasi");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await typed("layanan kesehatan");
    expect(draft.session.answers.category).toBe("kesehatan");
    await typed("1");
    expect(draft.session.answers.attachments).toBeNull();
    await typed("ya");
    // Written as a numbered list writes it.
    await typed("2.");
    expect(draft.session.answers).toMatchObject({ anonymous: true, confidential: false });
    // Send, seven answers to change, cancel: nothing is option 40.
    expect(readTypedAnswer(rememberMenu(draft.question().choices?.flat() ?? []), "40.")).toEqual({
      kind: "out-of-range",
      number: 40,
      options: 9,
    });
    expect(await typed("kirim")).toMatchObject({ kind: "submit" });
  });

  it("reads a whole label as its own option before one that only starts like it", () => {
    const menu = rememberMenu([
      { value: "c:roads-bridges", label: "Jalan dan jembatan" },
      { value: "c:roads", label: "Jalan" },
    ]);
    // Telegram's reply keyboard sends the pressed label as text.
    expect(readTypedAnswer(menu, "Jalan")).toEqual({ kind: "option", value: "c:roads" });
    expect(readTypedAnswer(menu, "Jalan dan")).toEqual({
      kind: "option",
      value: "c:roads-bridges",
    });
  });
});

/** A suggestion with one photo, answered not anonim: the rahasia question waits. */
async function withPhoto(): Promise<Draft> {
  const draft = new Draft(lapor);
  await draft.press("Aspirasi");
  await draft.send(TITLE);
  await draft.send(DESCRIPTION);
  await draft.press("Jalan dan jembatan");
  await draft.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
  await draft.press("Selesai");
  await draft.press("Tidak");
  return draft;
}

describe("asking whether photos may be published", () => {
  it("asks after a photo on a report that is not rahasia, and hands the consent on", async () => {
    const draft = await withPhoto();
    await draft.press("Tidak");
    expect(draft.text()).toContain("Boleh foto Anda ditampilkan di halaman publik");
    await draft.press("Ya");
    expect(draft.text()).toContain("Foto di halaman publik: Ya");
    expect(runner.report(lapor, draft.session).report.photosPublic).toBe(true);
  });

  it("never asks for a rahasia report, and forgets the consent when it becomes one", async () => {
    const secret = await withPhoto();
    await secret.press("Ya");
    expect(secret.text()).toContain("Periksa");
    expect(secret.text()).not.toContain("Foto di halaman publik");
    expect(runner.report(lapor, secret.session).report.photosPublic).toBe(false);

    const changed = await withPhoto();
    await changed.press("Tidak");
    await changed.press("Ya");
    await changed.press("Ubah rahasia");
    await changed.press("Ya");
    expect(changed.text()).toContain("Periksa");
    expect(changed.text()).not.toContain("Foto di halaman publik");
    expect(runner.report(lapor, changed.session).report.photosPublic).toBe(false);
  });

  it("asks when a photo is added while changing the attachments of a report without one", async () => {
    const draft = new Draft(lapor);
    await draft.press("Aspirasi");
    await draft.send(TITLE);
    await draft.send(DESCRIPTION);
    await draft.press("Jalan dan jembatan");
    await draft.press("Lewati");
    await draft.press("Tidak");
    await draft.press("Tidak");
    expect(draft.text()).toContain("Periksa");
    await draft.press("Ubah lampiran");
    await draft.deliver({ kind: "attachment", media: media(PNG, "foto.png") });
    await draft.press("Selesai");
    expect(draft.text()).toContain("Boleh foto Anda ditampilkan di halaman publik");
    await draft.press("Tidak");
    expect(draft.text()).toContain("Foto di halaman publik: Tidak");
    expect(runner.report(lapor, draft.session).report.photosPublic).toBe(false);
  });
});

describe("the report a finished flow hands to the intake", () => {
  it("carries every answer of a complaint", async () => {
    const draft = await complaint();
    expect(runner.report(lapor, draft.session)).toEqual({
      report: {
        kind: "pengaduan",
        title: TITLE,
        description: DESCRIPTION,
        categoryId: "jalan-jembatan",
        location: { latitude: -6.2088, longitude: 106.8456 },
        eventDate: "2026-11-27",
        anonymous: true,
        confidential: false,
        photosPublic: false,
      },
      attachments: [],
    });
  });

  it("carries the files attached", async () => {
    const draft = await withPhoto();
    await draft.press("Tidak");
    await draft.press("Tidak");
    const { attachments } = runner.report(lapor, draft.session);
    expect(attachments).toEqual([
      expect.objectContaining({ mime: "image/png", originalName: "foto.png" }),
    ]);
  });

  it("takes what the flow presets instead of asking", async () => {
    const draft = new Draft(informasi);
    await draft.send("Syarat akta kelahiran anak");
    await draft.send(
      "Saya ingin tahu syarat dan biaya membuat akta kelahiran untuk anak saya yang baru lahir.",
    );
    await draft.press("KTP, KK");
    await draft.press("Tidak");
    await draft.press("Tidak");
    const { report } = runner.report(informasi, draft.session);
    expect(report).toMatchObject({ kind: "informasi", categoryId: "kependudukan" });
    expect(report).not.toHaveProperty("location");

    // A flow that files every report as confidential, whatever else it asks.
    const whistle = inlineFlow(
      [
        {
          id: "anonymous",
          field: "anonymous",
          type: "yesNo",
          label: { id: "Anonim", en: "Anonymous" },
          prompt: { id: "Anonim?", en: "Anonymous?" },
        },
      ],
      { kind: "pengaduan", confidential: true },
    );
    const secret = new Draft(whistle);
    await secret.press("Tidak");
    await secret.send("Pungutan liar di loket");
    await secret.send("Petugas loket meminta uang tambahan untuk mempercepat pembuatan KTP warga.");
    expect(runner.report(whistle, secret.session).report).toMatchObject({
      kind: "pengaduan",
      anonymous: false,
      confidential: true,
    });
  });
});
