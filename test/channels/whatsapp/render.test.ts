import { describe, expect, it } from "vitest";
import {
  MESSAGE_LIMIT,
  renderMessage,
  toWhatsAppText,
} from "../../../src/channels/whatsapp/render.js";
import { template } from "../../../src/core/text.js";

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

  it("cuts texts longer than WhatsApp takes, marking the cut", () => {
    const text = renderMessage({
      text: template("{long}", { long: "a".repeat(MESSAGE_LIMIT + 10) }),
    });
    expect(text).toHaveLength(MESSAGE_LIMIT);
    expect(text.endsWith(" …")).toBe(true);
  });
});
