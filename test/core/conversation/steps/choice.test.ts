import { describe, expect, it } from "vitest";
import { choiceStep } from "../../../../src/core/conversation/steps/choice.js";
import { labelsOf, realStep, stepContext } from "../../../support/step-context.js";

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

  it("asks for one of the options for anything else", async () => {
    // The runner says how, as the options reached the person (flow-runner.test).
    for (const input of [
      { kind: "text", text: "laporan jalan rusak" },
      { kind: "option", value: "keluhan" },
    ] as const) {
      expect(await choiceStep.accept(kind, input, undefined, stepContext())).toEqual({
        kind: "unchosen",
      });
    }
  });

  it("shows the answer in the summary by the option's label", () => {
    expect(choiceStep.display(kind, "informasi", stepContext())).toBe("Permintaan informasi");
    expect(choiceStep.display(kind, "aspirasi", stepContext({ language: "en" }))).toBe(
      "Suggestion or proposal",
    );
  });
});
