import { describe, expect, it } from "vitest";
import { readTypedAnswer, rememberMenu } from "../../../src/core/conversation/menu.js";

const menu = (...labels: string[]) =>
  rememberMenu(labels.map((label, index) => ({ value: `v${index + 1}`, label })));
const picked = (answer: ReturnType<typeof readTypedAnswer>) =>
  answer?.kind === "option" ? answer.value : answer?.kind;

describe("a typed answer to a menu", () => {
  it("takes a later word of a label only where asked", () => {
    const categories = menu("Jalan dan jembatan", "Layanan kesehatan", "Drainase dan banjir");
    expect(picked(readTypedAnswer(categories, "kesehatan", { words: true }))).toBe("v2");
    expect(picked(readTypedAnswer(categories, "Banjir", { words: true }))).toBe("v3");
    // Never where an option is an action: "semua" presses no "Hapus semua lampiran".
    const attachments = menu("Selesai (1 file)", "Hapus semua lampiran");
    expect(readTypedAnswer(attachments, "semua")).toBeUndefined();
  });

  it("reads a typed yes or no only for options that begin with the whole word", () => {
    const confirm = menu("Tidak, kembali", "Ya, batalkan");
    expect(picked(readTypedAnswer(confirm, "iya", { yesNo: true }))).toBe("v2");
    expect(picked(readTypedAnswer(confirm, "gak", { yesNo: true }))).toBe("v1");
    expect(readTypedAnswer(confirm, "iya")).toBeUndefined();
    // "Yayasan" and "Nomor" are no yes and no.
    const agencies = menu("Yayasan Sosial", "Nomor induk kependudukan");
    expect(readTypedAnswer(agencies, "ya", { yesNo: true })).toBeUndefined();
    expect(readTypedAnswer(agencies, "no", { yesNo: true })).toBeUndefined();
  });

  it("reads a yes or a no said before the option's own words, unless the two disagree", () => {
    const notice = menu("✅ Setuju", "Tidak setuju");
    const read = (text: string) => picked(readTypedAnswer(notice, text, { yesNo: true }));
    expect(read("ya setuju")).toBe("v1");
    expect(read("Iya, saya setuju.")).toBe("v1");
    expect(read("saya setuju")).toBe("v1");
    expect(read("ok setuju")).toBe("v1");
    expect(read("saya tidak setuju")).toBe("v2");
    expect(read("tidak, saya tidak setuju")).toBe("v2");
    expect(read("ya tidak setuju")).toBeUndefined();
    expect(read("tidak setuju dengan ini")).toBeUndefined();
    expect(picked(readTypedAnswer(menu("Agree", "Do not agree"), "I agree", { yesNo: true }))).toBe(
      "v1",
    );
  });

  it("reads a confirmation's Batal as its no", () => {
    const erase = menu("Ya, hapus sekarang", "Batal");
    const read = (text: string) => picked(readTypedAnswer(erase, text, { yesNo: true }));
    expect(read("iya")).toBe("v1");
    expect(read("tidak")).toBe("v2");
    expect(read("jangan hapus")).toBeUndefined();
    expect(read("ya batal")).toBeUndefined();
    // Without a yes option, Batal is an action among others (the summary's): no yes or no.
    expect(readTypedAnswer(menu("Kirim", "Batal"), "tidak", { yesNo: true })).toBeUndefined();
  });
});
