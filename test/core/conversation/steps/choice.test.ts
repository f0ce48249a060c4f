import { describe, expect, it } from "vitest";
import { choiceStep } from "../../../../src/core/conversation/steps/choice.js";
import { TEXT_ONLY } from "../../../support/engine-harness.js";
import { labelsOf, read, realStep, stepContext } from "../../../support/step-context.js";

const kind = realStep("lapor", "kind", "choice");

describe("a choice step", () => {
  it("offers each option of the flow on a row of its own, in the person's language", () => {
    expect(labelsOf(choiceStep.options(kind, undefined, stepContext()))).toEqual([
      ["Pengaduan (ada masalah)"],
      ["Aspirasi (saran atau usulan)"],
      ["Permintaan informasi"],
    ]);
    expect(labelsOf(choiceStep.options(kind, undefined, stepContext({ language: "en" })))).toEqual([
      ["Complaint (something is wrong)"],
      ["Suggestion or proposal"],
      ["Information request"],
    ]);
  });

  it("takes a picked option as the answer", async () => {
    expect(
      await choiceStep.accept(
        kind,
        { kind: "option", value: "aspirasi" },
        undefined,
        stepContext(),
      ),
    ).toEqual({ kind: "answer", value: "aspirasi" });
  });

  it("asks for one of the options, in the channel's terms, for anything else", async () => {
    const typed = await choiceStep.accept(
      kind,
      { kind: "text", text: "laporan jalan rusak" },
      undefined,
      stepContext(),
    );
    expect(typed.kind).toBe("invalid");
    expect(typed.kind === "invalid" && read(typed.message)).toBe(
      "Silakan pilih salah satu pilihan di bawah (tekan tombolnya atau ketik nomornya).",
    );

    const unknown = await choiceStep.accept(
      kind,
      { kind: "option", value: "keluhan" },
      undefined,
      stepContext({ capabilities: TEXT_ONLY }),
    );
    expect(unknown.kind === "invalid" && read(unknown.message)).toBe(
      "Silakan ketik nomor salah satu pilihan di bawah.",
    );
  });

  it("shows the answer in the summary by the option's label", () => {
    expect(choiceStep.display(kind, "informasi", stepContext())).toBe("Permintaan informasi");
    expect(choiceStep.display(kind, "aspirasi", stepContext({ language: "en" }))).toBe(
      "Suggestion or proposal",
    );
  });
});
