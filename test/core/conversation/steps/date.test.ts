import { describe, expect, it } from "vitest";
import { dateStep } from "../../../../src/core/conversation/steps/date.js";
import { TEXT_ONLY } from "../../../support/engine-harness.js";
import { labelsOf, read, realStep, stepContext } from "../../../support/step-context.js";

// Asked for complaints; an event at most 10 years ago. Today is Saturday 28 November 2026.
const eventDate = realStep("lapor", "event_date", "date");

async function answer(input: { kind: "option"; value: string } | { kind: "text"; text: string }) {
  const outcome = await dateStep.accept(eventDate, input, undefined, stepContext());
  if (outcome.kind === "answer") return outcome.value;
  return "message" in outcome ? read(outcome.message) : outcome.kind;
}
const typed = (text: string) => answer({ kind: "text", text });

describe("a date step", () => {
  it("offers today and yesterday as options", () => {
    expect(labelsOf(dateStep.options(eventDate, undefined, stepContext()))).toEqual([
      ["Hari ini", "Kemarin"],
    ]);
    expect(
      labelsOf(dateStep.options(eventDate, undefined, stepContext({ language: "en" }))),
    ).toEqual([["Today", "Yesterday"]]);
  });

  it("takes today and yesterday as the calendar dates of the person's day", async () => {
    expect(await answer({ kind: "option", value: "today" })).toBe("2026-11-28");
    expect(await answer({ kind: "option", value: "yesterday" })).toBe("2026-11-27");
  });

  it("reads dates the way people write them", async () => {
    expect(await typed("kemarin")).toBe("2026-11-27");
    expect(await typed("3 hari lalu")).toBe("2026-11-25");
    expect(await typed("12/11/2026")).toBe("2026-11-12");
    expect(await typed("17 agustus")).toBe("2026-08-17");
  });

  it("says how it read a typed date, so a day taken from last year is seen at once", async () => {
    const outcome = await dateStep.accept(
      eventDate,
      { kind: "text", text: "12/12" },
      undefined,
      stepContext(),
    );
    expect(outcome).toMatchObject({ kind: "answer", value: "2025-12-12" });
    expect(outcome.kind === "answer" && outcome.ack && read(outcome.ack)).toBe(
      "📅 Tanggal kejadian dicatat: 12 Desember 2025.",
    );
    const pressed = await dateStep.accept(
      eventDate,
      { kind: "option", value: "today" },
      undefined,
      stepContext(),
    );
    expect(pressed).toEqual({ kind: "answer", value: "2026-11-28" });
  });

  it("refuses a date still to come, naming it", async () => {
    expect(await typed("30/11/2026")).toBe(
      "Tanggal 30 November 2026 belum terjadi. Tulis tanggal kejadian yang sudah lewat.",
    );
    expect(await typed("besok")).toBe(
      "Tanggal 29 November 2026 belum terjadi. Tulis tanggal kejadian yang sudah lewat.",
    );
    expect(await typed("lusa")).toContain("30 November 2026 belum terjadi");
  });

  it("refuses a date older than the flow allows, naming it and the limit", async () => {
    expect(await typed("1/1/2016")).toBe(
      "Tanggal 1 Januari 2016 lebih dari 10 tahun yang lalu. Periksa kembali tanggalnya.",
    );
    expect(await typed("28/11/2016")).toBe("2016-11-28");
  });

  it("gives examples when it cannot read the date", async () => {
    expect(await typed("waktu itu")).toBe(
      "Tanggal tidak dikenali. Tulis misalnya: hari ini, kemarin, 3 hari lalu, 12/11/2026, atau 12 November 2026.",
    );
  });

  it("tells a text-only channel that a date can be typed, and says nothing extra under buttons", () => {
    const pick = (value: string) => value;
    expect(
      read(
        dateStep.how?.(eventDate, undefined, stepContext({ capabilities: TEXT_ONLY }), pick) ?? [],
      ),
    ).toBe("Ketik tanggalnya, atau nomor salah satu pilihan di bawah.");
    expect(dateStep.how?.(eventDate, undefined, stepContext(), pick)).toBeUndefined();
  });

  it("shows the date written out in the summary", () => {
    expect(dateStep.display(eventDate, "2026-11-12", stepContext())).toBe("12 November 2026");
    expect(dateStep.display(eventDate, "2026-08-17", stepContext())).toBe("17 Agustus 2026");
    expect(dateStep.display(eventDate, "2026-08-17", stepContext({ language: "en" }))).toBe(
      "17 August 2026",
    );
  });
});
