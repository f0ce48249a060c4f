import { describe, expect, it } from "vitest";
import {
  MESSAGE_LIMIT,
  renderMessages,
  toWhatsAppText,
} from "../../../src/channels/whatsapp/render.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { joinLines, template } from "../../../src/core/text.js";

/** A message that fits one WhatsApp text, as that text. */
function renderMessage(message: OutboundMessage): string {
  const [text, ...more] = renderMessages(message);
  expect(more).toEqual([]);
  return text ?? "";
}

describe("WhatsApp rendering", () => {
  it("marks bold and code with WhatsApp's own markers, outside surrounding spaces", () => {
    expect(
      renderMessage({
        text: template("Nomor: *{code}* lalu `/status {code}`", { code: "ADU-7K3F9Q" }),
      }),
    ).toBe("Nomor: *ADU-7K3F9Q* lalu ```/status ADU-7K3F9Q```");
    expect(
      toWhatsAppText([{ text: "sangat " }, { text: " tebal ", bold: true }, { text: "!" }]),
    ).toBe("sangat  *tebal* !");
  });

  it("shows what users typed literally: their formatting characters never format", () => {
    const text = renderMessage({
      text: template("Judul: {title}", { title: "*Jalan* _rusak_ ~parah~ `kode`" }),
    });
    expect(text).toBe("Judul: ∗Jalan∗ ＿rusak＿ ∼parah∼ ˋkodeˋ");
    expect(text).not.toMatch(/[*_~`]/);
  });

  it("numbers the options after the text, to be answered by number", () => {
    const text = renderMessage({
      text: template("Apa jenis laporan Anda?"),
      choices: [
        [
          { value: "pengaduan", label: "Pengaduan" },
          { value: "aspirasi", label: "Aspirasi" },
        ],
        [{ value: "$cancel", label: "Batal *sekarang*" }],
      ],
    });
    expect(text).toBe(
      "Apa jenis laporan Anda?\n\n*1.* Pengaduan\n*2.* Aspirasi\n*3.* Batal ∗sekarang∗",
    );
  });

  it("shows a link's address when it differs from its text", () => {
    expect(renderMessage({ text: [{ text: "panduan", link: "https://lapor.go.id" }] })).toBe(
      "panduan (https://lapor.go.id)",
    );
  });

  it("sends a long text as several messages cut at line breaks, the options after the last", () => {
    const line = (index: number) => template(`*{n}.* ${"kata ".repeat(30)}🙂`, { n: index });
    const parts = renderMessages({
      text: joinLines(Array.from({ length: 60 }, (_, index) => line(index + 1))),
      choices: [[{ value: "ok", label: "Oke" }]],
    });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    // Every line arrives whole and in order, formatting kept, nothing cut or marked.
    const lines = parts.join("\n").split("\n");
    expect(lines.slice(0, 60)).toEqual(
      Array.from({ length: 60 }, (_, index) => `*${index + 1}.* ${"kata ".repeat(30)}🙂`),
    );
    expect(parts.at(-1)?.endsWith("\n\n*1.* Oke")).toBe(true);
    expect(parts.slice(0, -1).join("")).not.toContain("Oke");
    expect(parts.join("")).not.toContain("…");
  });
});
