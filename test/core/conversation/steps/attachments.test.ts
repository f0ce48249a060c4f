import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { attachmentsStep, DONE } from "../../../../src/core/conversation/steps/attachments.js";
import { SKIP, type StepContext } from "../../../../src/core/conversation/steps/types.js";
import {
  MediaStore,
  MediaUnavailableError,
  type StoredFile,
} from "../../../../src/core/media/media-store.js";
import type { IncomingMedia } from "../../../../src/core/messages.js";
import { ELF, media, PDF, PNG, TEXT_ONLY } from "../../../support/engine-harness.js";
import { temporaryDirectory } from "../../../support/services.js";
import {
  inlineStep,
  labelsOf,
  read,
  realStep,
  stepContext,
} from "../../../support/step-context.js";

// Optional, at most 5 files.
const attachments = realStep("lapor", "attachments", "attachments");
const mediaDir = temporaryDirectory();
const store = new MediaStore({
  dir: mediaDir.path,
  maxBytes: 1024,
  allowedTypes: ["image/png", "application/pdf"],
});
const context = (overrides: Partial<StepContext> = {}) =>
  stepContext({ media: store, ...overrides });

afterAll(() => mediaDir.remove());

async function send(file: IncomingMedia, current: StoredFile[] = [], at = context()) {
  return attachmentsStep.accept(attachments, { kind: "attachment", media: file }, current, at);
}
const problem = (outcome: Awaited<ReturnType<typeof send>>) =>
  outcome.kind === "invalid" ? read(outcome.message) : undefined;

async function stored(bytes: Buffer, name: string): Promise<StoredFile> {
  const outcome = await send(media(bytes, name));
  if (outcome.kind !== "stay") throw new Error(`not kept: ${JSON.stringify(outcome)}`);
  return (outcome.value as StoredFile[])[0] as StoredFile;
}

describe("an attachments step", () => {
  it("keeps a photo, counts it against the maximum and stays open for more", async () => {
    const outcome = await send(media(PNG, "lubang.png"));
    expect(outcome.kind).toBe("stay");
    if (outcome.kind !== "stay") return;
    expect(read(outcome.message)).toBe("Lampiran diterima (1 dari maksimal 5).");
    const [file] = outcome.value as StoredFile[];
    expect(file).toMatchObject({ kind: "photo", mime: "image/png", originalName: "lubang.png" });
    expect(existsSync(store.pathOf(file as StoredFile))).toBe(true);

    const second = await send(media(PDF, "surat.pdf"), [file as StoredFile]);
    expect(second.kind === "stay" && read(second.message)).toBe(
      "Lampiran diterima (2 dari maksimal 5).",
    );
    expect(
      second.kind === "stay" && (second.value as StoredFile[]).map((kept) => kept.kind),
    ).toEqual(["photo", "document"]);
  });

  it("does not count the same file twice", async () => {
    const file = await stored(PNG, "lubang.png");
    expect(problem(await send(media(PNG, "lubang lagi.png"), [file]))).toBe(
      "File ini sudah terlampir; tidak ditambahkan lagi.",
    );
  });

  it("refuses a file over the size limit, naming both sizes", async () => {
    const large = Buffer.concat([PNG, Buffer.alloc(2000)]);
    expect(problem(await send(media(large, "besar.png")))).toBe(
      "File terlalu besar (2 KB); maksimal 1 KB. Kirim file yang lebih kecil.",
    );
  });

  it("refuses a file whose content is not an accepted type, whatever its name", async () => {
    expect(problem(await send(media(ELF, "foto.png")))).toBe(
      "Jenis file ini tidak diterima. Kirim foto (JPG, PNG, WEBP, HEIC) atau dokumen PDF/DOCX.",
    );
  });

  it("asks to send again a file the platform no longer has", async () => {
    const gone: IncomingMedia = {
      kind: "photo",
      download: () => Promise.reject(new MediaUnavailableError("expired")),
    };
    expect(problem(await send(gone))).toBe(
      "File itu tidak bisa diambil lagi (mungkin sudah kedaluwarsa). Silakan kirim ulang.",
    );
  });

  it("moves on by itself at the maximum, the deployment's cap when it is lower than the flow's", async () => {
    const capped = context({ maxAttachments: 2 });
    const first = await stored(PNG, "satu.png");
    const full = await send(media(PDF, "dua.pdf"), [first], capped);
    expect(full.kind).toBe("answer");
    expect(full.kind === "answer" && full.ack && read(full.ack)).toBe(
      "Sudah 2 lampiran, jumlah maksimal.",
    );
    const kept = full.kind === "answer" ? (full.value as StoredFile[]) : [];
    expect(kept).toHaveLength(2);
    expect(problem(await send(media(PNG, "tiga.png"), kept, capped))).toBe(
      "Sudah 2 lampiran, jumlah maksimal.",
    );
  });

  it("offers no option before the first file, and Done or Remove all after it", async () => {
    expect(attachmentsStep.options(attachments, undefined, context())).toEqual([]);
    expect(attachmentsStep.canSkip?.(undefined)).toBe(true);
    const file = await stored(PNG, "foto.png");
    expect(labelsOf(attachmentsStep.options(attachments, [file, file], context()))).toEqual([
      ["Selesai (2 file)"],
      ["Hapus semua lampiran"],
    ]);
    expect(attachmentsStep.canSkip?.([file])).toBe(false);
  });

  it("takes every file off the report when asked, and waits for files again", async () => {
    const file = await stored(PNG, "salah.png");
    const clearOf = (files: StoredFile[]) =>
      attachmentsStep.options(attachments, files, context())[1]?.[0]?.value ?? "";
    const clear = (value: string, files: StoredFile[]) =>
      attachmentsStep.accept(attachments, { kind: "option", value }, files, context());
    const cleared = await clear(clearOf([file, file]), [file, file]);
    expect(cleared.kind === "stay" && read(cleared.message)).toBe(
      "Semua lampiran dilepas dari laporan ini.",
    );
    expect(cleared.kind === "stay" && cleared.value).toEqual([]);
    expect(attachmentsStep.canSkip?.([])).toBe(true);
    // A Remove-all button from before the last file came does not take that file too.
    expect(problem(await clear(clearOf([file]), [file, file]))).toBe(
      "Yang ditunggu di sini adalah lampiran (foto atau dokumen).",
    );
  });

  it("ends with the files kept when Done is chosen, and waits for a file before that", async () => {
    const file = await stored(PNG, "foto.png");
    expect(
      await attachmentsStep.accept(attachments, { kind: "option", value: DONE }, [file], context()),
    ).toEqual({ kind: "answer", value: [file] });
    for (const input of [
      { kind: "option", value: DONE },
      { kind: "text", text: "sudah" },
    ] as const) {
      const outcome = await attachmentsStep.accept(attachments, input, undefined, context());
      expect(problem(outcome)).toBe("Yang ditunggu di sini adalah lampiran (foto atau dokumen).");
    }
  });

  it("says how to attach on the person's app, how to skip, and how to finish", async () => {
    const pick = (value: string) => (value === SKIP ? "Tekan Lewati" : `Tekan ${value}`);
    const how = (current: StoredFile[] | undefined, at: StepContext, step = attachments) =>
      read(attachmentsStep.how?.(step, current, at, pick) ?? []);
    expect(how(undefined, context())).toBe(
      "Kirim fotonya atau dokumennya di sini, satu per satu. Tidak ada lampiran? Tekan Lewati.",
    );
    expect(how(undefined, context({ capabilities: TEXT_ONLY }))).toBe(
      "Ketik path berkasnya, atau seret berkasnya ke jendela ini; satu berkas per baris. " +
        "Tidak ada lampiran? Tekan Lewati.",
    );
    const file = await stored(PNG, "foto.png");
    expect(how([file], context())).toBe(`Ada lagi? Kirim saja. Sudah semua? Tekan ${DONE}.`);
    // At the maximum it asks for no more.
    expect(how([file, file], context({ maxAttachments: 2 }))).toBe(
      `Sudah 2 lampiran (maksimal 2). Sudah semua? Tekan ${DONE}.`,
    );
    const required = inlineStep({ type: "attachments", field: "attachments" });
    expect(how(undefined, context(), required)).toBe(
      "Kirim fotonya atau dokumennya di sini, satu per satu.",
    );
  });

  it("shows how many files there are in the summary", async () => {
    const file = await stored(PNG, "foto.png");
    expect(attachmentsStep.display(attachments, [file, file], context())).toBe("2 file");
    expect(attachmentsStep.display(attachments, [], context())).toBe("(tidak diisi)");
    expect(attachmentsStep.display(attachments, [file], context({ language: "en" }))).toBe(
      "1 file",
    );
    expect(attachmentsStep.display(attachments, [file, file], context({ language: "en" }))).toBe(
      "2 files",
    );
  });
});
