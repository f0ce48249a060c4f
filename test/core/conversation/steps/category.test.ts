import { describe, expect, it } from "vitest";
import { categoryStep } from "../../../../src/core/conversation/steps/category.js";
import { catalog } from "../../../support/engine-harness.js";
import { labelsOf, realStep, stepContext } from "../../../support/step-context.js";

const category = realStep("lapor", "category", "category");

describe("a category step", () => {
  it("offers every category of the catalog, two to a row, in the person's language", () => {
    const rows = labelsOf(categoryStep.options(category, undefined, stepContext()));
    expect(rows[0]).toEqual(["Jalan dan jembatan", "Drainase dan banjir"]);
    expect(rows.every((row) => row.length <= 2)).toBe(true);
    expect(rows.flat()).toEqual(catalog.categories.map((entry) => entry.name.id));

    const english = labelsOf(
      categoryStep.options(category, undefined, stepContext({ language: "en" })),
    );
    expect(english.flat()).toContain("ID cards and civil registration");
  });

  it("takes a category of the catalog as the answer", async () => {
    expect(
      await categoryStep.accept(
        category,
        { kind: "option", value: "kesehatan" },
        undefined,
        stepContext(),
      ),
    ).toEqual({ kind: "answer", value: "kesehatan" });
  });

  it("asks again for one of the options for a category the catalog does not have, or for text", async () => {
    for (const input of [
      { kind: "option", value: "perpajakan" },
      { kind: "text", text: "jalan" },
    ] as const) {
      const outcome = await categoryStep.accept(category, input, undefined, stepContext());
      // The runner says how, as the options reached the person (flow-runner.test).
      expect(outcome).toEqual({ kind: "unchosen" });
    }
  });

  it("shows the category's name in the summary", () => {
    expect(categoryStep.display(category, "kependudukan", stepContext())).toBe(
      "KTP, KK, akta dan kependudukan",
    );
    expect(categoryStep.display(category, "bencana", stepContext({ language: "en" }))).toBe(
      "Disasters",
    );
  });
});
