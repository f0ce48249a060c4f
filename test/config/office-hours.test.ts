import { describe, expect, it } from "vitest";
import { officeHoursSchema } from "../../src/config/office-hours.js";

describe("OFFICE_HOURS", () => {
  it("reads opening and closing time as minutes after midnight", () => {
    expect(officeHoursSchema.parse("07:30-16:00")).toEqual({ start: 450, end: 960 });
    expect(officeHoursSchema.parse(" 08:00 - 15:30 ")).toEqual({ start: 480, end: 930 });
  });

  it("says what is wrong with a value it refuses", () => {
    const message = (value: string) => officeHoursSchema.safeParse(value).error?.issues[0]?.message;
    expect(message("8-16")).toBe(
      "expected the opening and closing time of a working day, such as 07:30-16:00",
    );
    expect(message("07:30-24:00")).toBe(
      "expected times between 00:00 and 23:59, such as 07:30-16:00",
    );
    expect(message("16:00-07:30")).toBe(
      "the office must close after it opens, such as 07:30-16:00",
    );
  });
});
