import { describe, expect, it } from "vitest";
import {
  sanitizeUserText,
  splitRichText,
  template,
  textBefore,
  toPlainText,
  truncate,
  truncateRichText,
  type Span,
} from "../../src/core/text.js";

const units = (span: Span) => span.text.length;
const FAMILY = "👨‍👩‍👧"; // one character a person sees, five code points, eight UTF-16 units

describe("cutting text", () => {
  it("never cuts inside a character, emoji sequences included", () => {
    expect(truncate(`${"a".repeat(8)}${FAMILY.repeat(3)}`, 10)).toBe(`${"a".repeat(8)}${FAMILY}…`);
    expect(truncate(FAMILY.repeat(3), 3)).toBe(FAMILY.repeat(3));
    expect(truncate("a".repeat(10), 10)).toBe("a".repeat(10));
    expect(truncate("a".repeat(11), 10)).toBe(`${"a".repeat(9)}…`);
    for (let limit = 9; limit < 40; limit++) {
      const parts = splitRichText([{ text: `ab${FAMILY.repeat(6)}` }], limit, units);
      for (const part of parts) {
        expect(toPlainText(part)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        expect(toPlainText(part).length).toBeLessThanOrEqual(limit);
      }
      expect(parts.map(toPlainText).join("")).toBe(`ab${FAMILY.repeat(6)}`);
    }
  });

  it("splits at line breaks first, then after spaces, keeping each span's formatting", () => {
    const parts = splitRichText(
      [
        { text: "Judul: ", bold: true },
        { text: "satu dua\ntiga empat lima enam\n" },
        { text: "tujuh", code: true },
      ],
      16,
      units,
    );
    expect(parts).toEqual([
      [{ text: "Judul: ", bold: true }, { text: "satu dua" }],
      [{ text: "tiga empat lima " }],
      [{ text: "enam" }, { text: "\n" }, { text: "tujuh", code: true }],
    ]);
  });

  it("leaves room after the last part for what the platform adds", () => {
    const parts = splitRichText([{ text: "aaaa\nbbbb\ncccc" }], 10, units, 6);
    expect(parts.map(toPlainText)).toEqual(["aaaa\nbbbb", "cccc"]);
  });

  it("keeps a text that fits as one part, but never lets a part start with an empty line", () => {
    const fits = [{ text: "Judul:\nLampu ", bold: true }, { text: "padam\n" }];
    expect(splitRichText(fits, 100, units)).toEqual([fits]);
    expect(
      splitRichText([{ text: " \n\nHalo" }, { text: " lagi", bold: true }], 100, units),
    ).toEqual([[{ text: "Halo" }, { text: " lagi", bold: true }]]);
  });

  it("gives the text before its last part as written, formatting and blank lines kept", () => {
    const text = [
      { text: "Judul: ", bold: true },
      { text: "satu dua tiga empat lima enam tujuh\n\n" },
      { text: "lihat", link: "https://example.org/a" },
      { text: " delapan sembilan" },
    ];
    for (let limit = 12; limit < 40; limit++) {
      const parts = splitRichText(text, limit, units);
      const last = parts.at(-1) ?? [];
      if (parts.length < 2) continue;
      const before = textBefore(text, last);
      // What goes before the last part is the text's own start: no break added at a cut inside
      // a line, the bold and the link where they were, only white space before the part gone.
      const whole = toPlainText(text);
      expect(whole.startsWith(toPlainText(before))).toBe(true);
      expect(whole.slice(toPlainText(before).length).trim()).toBe(toPlainText(last).trim());
      expect(before[0]).toEqual({ text: "Judul: ".slice(0, before[0]?.text.length), bold: true });
      const link = before.find((span) => span.link);
      if (link) expect(link.link).toBe("https://example.org/a");
    }
  });

  it("marks a cut it has to make in one message", () => {
    const text = [{ text: "Kartu " }, { text: "panjang sekali", bold: true }];
    expect(truncateRichText(text, 12, units)).toEqual([
      { text: "Kartu " },
      { text: "panj", bold: true },
      { text: " …" },
    ]);
    expect(truncateRichText(text, 40, units)).toBe(text);
  });
});

describe("sanitising what a platform hands over", () => {
  it("removes control characters and direction overrides, and folds names to one line", () => {
    expect(sanitizeUserText("laporan\u0007final.pdf")).toBe("laporanfinal.pdf");
    expect(sanitizeUserText(" Siti\u202e\nAminah\t ", { singleLine: true })).toBe("Siti Aminah");
    expect(sanitizeUserText("baris satu\r\nbaris dua")).toBe("baris satu\nbaris dua");
  });
});

describe("message templates", () => {
  it("words a count as English says it, and leaves Indonesian's one word alone", () => {
    const files = "Done ({count} {count|file|files})";
    expect(toPlainText(template(files, { count: 1 }))).toBe("Done (1 file)");
    expect(toPlainText(template(files, { count: 3 }))).toBe("Done (3 files)");
    expect(toPlainText(template(files, { count: 0 }))).toBe("Done (0 files)");
    expect(toPlainText(template("Selesai ({count} file)", { count: 3 }))).toBe("Selesai (3 file)");
    // A parameter not given stays visible, as a plain one does.
    expect(toPlainText(template("{count|file|files}"))).toBe("{count}");
  });
});
