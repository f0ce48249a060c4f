import { describe, expect, it } from "vitest";
import { joinPlainReplies } from "../../../src/core/conversation/joined-replies.js";
import type { OutboundMessage } from "../../../src/core/messages.js";
import { plain, toPlainText } from "../../../src/core/text.js";

const say = (text: string, more: Partial<OutboundMessage> = {}): OutboundMessage => ({
  text: plain(text),
  ...more,
});
const texts = (replies: readonly OutboundMessage[]) =>
  replies.map((reply) => toPlainText(reply.text));
const kinds = [[{ value: "complaint", label: "Pengaduan" }]];

describe("joinPlainReplies", () => {
  it("sends what a turn says before its question with the question, buttons kept", () => {
    const joined = joinPlainReplies([
      say("Terima kasih, persetujuan Anda tercatat."),
      say("Baik, kita buat laporan baru."),
      say("Apa jenis laporan Anda?", { choices: kinds }),
    ]);
    expect(texts(joined)).toEqual([
      "Terima kasih, persetujuan Anda tercatat.\n\nBaik, kita buat laporan baru.\n\nApa jenis laporan Anda?",
    ]);
    expect(joined[0]?.choices).toEqual(kinds);
  });

  it("keeps a message that changes the keyboard, has files, awaits an answer or is a notice apart", () => {
    const replies = [
      say("📍 Lokasi dicatat.", { input: { kind: "dismiss" } }),
      say("Kapan kejadiannya?", { choices: kinds }),
      say("Berkas laporan:"),
      say("", {
        files: [{ kind: "photo", storagePath: "ab/cd.jpg", mime: "image/jpeg", size: 10 }],
      }),
      say("Alasan penolakan?", { awaitsReply: true }),
      say("Catatan."),
      say("Laporan Anda tercatat dengan nomor ADU-7K3F9Q.", {
        notice: { kind: "confirmation", language: "id", values: {} },
      }),
    ];
    expect(texts(joinPlainReplies(replies))).toEqual(texts(replies));
  });

  it("keeps a reply apart when joining would make a message too long for buttons", () => {
    const long = "a".repeat(900);
    const joined = joinPlainReplies([say(long), say("b".repeat(200), { choices: kinds })]);
    expect(joined).toHaveLength(2);
    expect(joinPlainReplies([say(long), say("b".repeat(100))])).toHaveLength(1);
  });

  it("counts the markers WhatsApp adds around bold text and the options listed under a question", () => {
    // 1,010 characters of text, 1,026 once WhatsApp marks the bold spans: over the limit.
    const marked: OutboundMessage = {
      text: Array.from({ length: 8 }, () => ({ text: "c".repeat(100), bold: true })),
    };
    expect(joinPlainReplies([marked, say("d".repeat(208), { choices: kinds })])).toHaveLength(2);
    const location = say("Di mana lokasinya?", {
      input: { kind: "location", label: "📍 Bagikan lokasi" },
      choices: [[{ value: "skip", label: "Lewati" }]],
    });
    // 1,000 + 2 + 18 characters of text, and "1. Lewati" under it: over the limit.
    expect(joinPlainReplies([say("e".repeat(1000)), location])).toHaveLength(2);
    expect(joinPlainReplies([say("e".repeat(980)), location])).toHaveLength(1);
  });
});
