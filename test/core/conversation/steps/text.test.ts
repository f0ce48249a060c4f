import { describe, expect, it } from "vitest";
import { textStep } from "../../../../src/core/conversation/steps/text.js";
import type { StepInput } from "../../../../src/core/conversation/steps/index.js";
import { media, PNG } from "../../../support/engine-harness.js";
import { inlineStep, read, realStep, stepContext } from "../../../support/step-context.js";

// At least 10 letters or digits, two words, at most 150 characters.
const title = realStep("lapor", "title", "text");

async function problemWith(text: string, step = title, language: "id" | "en" = "id") {
  const outcome = await textStep.accept(
    step,
    { kind: "text", text },
    undefined,
    stepContext({ language }),
  );
  return outcome.kind === "invalid" ? read(outcome.message) : undefined;
}

describe("a text step", () => {
  it("takes a title long enough, cleaned of invisible control characters", async () => {
    expect(
      await textStep.accept(
        title,
        { kind: "text", text: "  Lampu jalan\u0007 mati di Gang Melati\u202e  " },
        undefined,
        stepContext(),
      ),
    ).toEqual({ kind: "answer", value: "Lampu jalan mati di Gang Melati" });
  });

  it("counts letters and digits only, so emoji and punctuation do not make a title", async () => {
    expect(await problemWith("🙂🙂🙂 !!! ??? 🙂🙂🙂")).toBe(
      "Terlalu singkat: tulis minimal 10 huruf atau angka (sekarang 0).",
    );
    // Digits count: ten of them, with the word before, make a title.
    expect(await problemWith("Gang 123456")).toBeUndefined();
    expect(await problemWith("Too short!", title, "en")).toBe(
      "Too short: please write at least 10 letters or digits (now 8).",
    );
  });

  it("asks for more words when one long word is all there is", async () => {
    expect(await problemWith("Jalanrusakparah")).toBe(
      "Terlalu singkat: tulis minimal 2 kata (sekarang 1).",
    );
  });

  it("refuses a text over the limit and says by how much", async () => {
    expect(await problemWith(`Jalan ${"a".repeat(145)}`)).toBe(
      "Terlalu panjang: maksimal 150 karakter (sekarang 151). Tolong persingkat.",
    );
    expect(await problemWith(`Jalan ${"a".repeat(144)}`)).toBeUndefined();
    // One word over the limit is too long, not too short.
    expect(await problemWith("x".repeat(200))).toBe(
      "Terlalu panjang: maksimal 150 karakter (sekarang 200). Tolong persingkat.",
    );
  });

  it("follows the flow's own limits", async () => {
    const short = inlineStep({ type: "text", field: "title", minLetters: 3, minWords: 1 });
    expect(await problemWith("Ok!", short)).toBe(
      "Terlalu singkat: tulis minimal 3 huruf atau angka (sekarang 2).",
    );
    expect(await problemWith("Banjir", short)).toBeUndefined();
  });

  it("says a file belongs to the attachments step, and asks for text for anything else", async () => {
    const inputs: [StepInput, string][] = [
      [
        { kind: "attachment", media: media(PNG, "foto.png") },
        "Lampiran hanya bisa dikirim pada langkah lampiran. Jawab dulu pertanyaan di atas.",
      ],
      [{ kind: "location", latitude: -6.2, longitude: 106.8 }, "Jawab dengan teks, ya."],
    ];
    for (const [input, message] of inputs) {
      const outcome = await textStep.accept(title, input, undefined, stepContext());
      expect(outcome.kind === "invalid" && read(outcome.message)).toBe(message);
    }
  });

  it("shows a long answer in the summary cut short, marked with an ellipsis", () => {
    const description = realStep("lapor", "description", "text");
    const shown = textStep.display(description, "kata ".repeat(100), stepContext());
    expect(Array.from(shown)).toHaveLength(300);
    expect(shown.endsWith("…")).toBe(true);
    expect(textStep.display(title, "Jalan berlubang", stepContext())).toBe("Jalan berlubang");
  });
});
