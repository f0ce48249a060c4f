import { describe, expect, it } from "vitest";
import { yesNoStep } from "../../../../src/core/conversation/steps/yes-no.js";
import { labelsOf, realStep, stepContext } from "../../../support/step-context.js";

const anonymous = realStep("lapor", "anonymous", "yesNo");

describe("a yes/no step", () => {
  it("offers Ya and Tidak side by side, or Yes and No in English", () => {
    expect(labelsOf(yesNoStep.options(anonymous, undefined, stepContext()))).toEqual([
      ["Ya", "Tidak"],
    ]);
    expect(
      labelsOf(yesNoStep.options(anonymous, undefined, stepContext({ language: "en" }))),
    ).toEqual([["Yes", "No"]]);
  });

  it("answers true for yes and false for no", async () => {
    const context = stepContext();
    expect(
      await yesNoStep.accept(anonymous, { kind: "option", value: "yes" }, undefined, context),
    ).toEqual({ kind: "answer", value: true });
    expect(
      await yesNoStep.accept(anonymous, { kind: "option", value: "no" }, undefined, context),
    ).toEqual({ kind: "answer", value: false });
  });

  it("takes yes and no as people type them in a chat", async () => {
    const said = async (text: string) =>
      yesNoStep.accept(anonymous, { kind: "text", text }, undefined, stepContext());
    for (const yes of ["iya", "Iya!", "y", "oke"]) {
      expect(await said(yes)).toEqual({ kind: "answer", value: true });
    }
    for (const no of ["gak", "nggak", "tdk", "Enggak.", "n"]) {
      expect(await said(no)).toEqual({ kind: "answer", value: false });
    }
  });

  it("asks for one of the two options when given anything else", async () => {
    const outcome = await yesNoStep.accept(
      anonymous,
      { kind: "text", text: "mungkin" },
      undefined,
      stepContext(),
    );
    // The runner says how, as the options reached the person (flow-runner.test).
    expect(outcome).toEqual({ kind: "unchosen" });
  });

  it("shows Ya or Tidak in the summary", () => {
    expect(yesNoStep.display(anonymous, true, stepContext())).toBe("Ya");
    expect(yesNoStep.display(anonymous, false, stepContext())).toBe("Tidak");
    expect(yesNoStep.display(anonymous, true, stepContext({ language: "en" }))).toBe("Yes");
  });
});
