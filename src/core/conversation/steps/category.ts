import type { StepKind } from "./types.js";

const PER_ROW = 2;

export const categoryStep: StepKind<"category"> = {
  options(_step, _current, { catalog, language }) {
    const options = catalog.categories.map((category) => ({
      value: category.id,
      label: category.name[language],
    }));
    const rows = [];
    for (let index = 0; index < options.length; index += PER_ROW) {
      rows.push(options.slice(index, index + PER_ROW));
    }
    return rows;
  },

  async accept(_step, input, _current, context) {
    if (input.kind === "option" && context.catalog.category(input.value)) {
      return { kind: "answer", value: input.value };
    }
    return { kind: "unchosen" };
  },

  display: (_step, answer, { catalog, language }) =>
    catalog.categoryName(typeof answer === "string" ? answer : "", language),
};
