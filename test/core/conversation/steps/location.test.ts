import { describe, expect, it } from "vitest";
import { locationStep } from "../../../../src/core/conversation/steps/location.js";
import { SKIP, type StepContext } from "../../../../src/core/conversation/steps/types.js";
import { media, PNG, TEXT_ONLY } from "../../../support/engine-harness.js";
import { inlineStep, read, realStep, stepContext } from "../../../support/step-context.js";

// Optional, asked for complaints; an address needs at least 10 characters.
const location = realStep("lapor", "location", "location");

const typed = (text: string, context: StepContext = stepContext()) =>
  locationStep.accept(location, { kind: "text", text }, undefined, context);
const problem = (outcome: Awaited<ReturnType<typeof typed>>) =>
  outcome.kind === "invalid" ? read(outcome.message) : undefined;

describe("a location step", () => {
  it("takes a shared pin and says the location is noted", async () => {
    const outcome = await locationStep.accept(
      location,
      { kind: "location", latitude: -6.2088, longitude: 106.8456 },
      undefined,
      stepContext(),
    );
    expect(outcome).toMatchObject({
      kind: "answer",
      value: { latitude: -6.2088, longitude: 106.8456 },
    });
    expect(outcome.kind === "answer" && outcome.ack && read(outcome.ack)).toBe(
      "📍 Lokasi dicatat.",
    );
  });

  it("keeps the name and address of a place picked on the map with its position, and shows both", async () => {
    const outcome = await locationStep.accept(
      location,
      {
        kind: "location",
        latitude: -6.2001,
        longitude: 106.8001,
        place: "SD Negeri 3, Jl. Melati 3",
      },
      undefined,
      stepContext(),
    );
    const value = { latitude: -6.2001, longitude: 106.8001, address: "SD Negeri 3, Jl. Melati 3" };
    expect(outcome).toMatchObject({ kind: "answer", value });
    expect(locationStep.display(location, value, stepContext())).toBe(
      "SD Negeri 3, Jl. Melati 3 · -6.20010, 106.80010",
    );
  });

  it("reads coordinates typed or pasted from a map app", async () => {
    for (const text of [
      "-6.2088, 106.8456",
      " -6.2088;106.8456 ",
      "-6.2088 ,106.8456",
      "-6.2088 106.8456",
      "(-6.2088, 106.8456)",
      // Decimal commas, as Indonesian writes numbers.
      "-6,2088, 106,8456",
      "-6,2088 106,8456",
      "https://maps.google.com/?q=-6.2088,106.8456",
      "https://www.google.com/maps/@-6.2088,106.8456,17z",
      "https://www.google.com/maps/search/-6.2088,+106.8456",
      // OpenStreetMap, as the public page links a report's place.
      "https://www.openstreetmap.org/?mlat=-6.2088&mlon=106.8456#map=17/-6.2088/106.8456",
      "https://www.openstreetmap.org/#map=18/-6.2088/106.8456",
    ]) {
      expect(await typed(text)).toMatchObject({
        kind: "answer",
        value: { latitude: -6.2088, longitude: 106.8456 },
      });
    }
  });

  it("takes a place link's pin, not the centre of the map it was shared from", async () => {
    const link =
      "https://www.google.com/maps/place/Pasar+Baru/@-6.1650,106.8300,15z/data=!3m1!4b1!4m6!3m5!1s0x2e69f5:0x1a!8m2!3d-6.2088!4d106.8456!16s%2Fg%2F11b";
    expect(await typed(link)).toMatchObject({
      kind: "answer",
      value: { latitude: -6.2088, longitude: 106.8456 },
    });
  });

  it("asks for the place again when a map link carries no position, instead of keeping the link as an address", async () => {
    expect(problem(await typed("https://maps.app.goo.gl/6hDxJ3pQK2aVbN7u8"))).toBe(
      "Titik lokasi belum bisa dibaca dari tautan itu (tautan pendek seperti maps.app.goo.gl tidak memuatnya). " +
        "Bagikan lokasi (📎 → Lokasi), atau ketik alamatnya (nama jalan, kelurahan, kecamatan).",
    );
    // An address that mentions a link is still an address.
    expect(
      await typed("Jl. Merdeka 5, Kel. Sukamaju https://maps.app.goo.gl/6hDxJ3"),
    ).toMatchObject({
      kind: "answer",
    });
  });

  it("refuses coordinates off the globe, whether typed or shared", async () => {
    const message = "Koordinat itu tidak valid (lintang −90…90, bujur −180…180).";
    expect(problem(await typed("-91, 106.8"))).toBe(message);
    expect(problem(await typed("6.2, 181"))).toBe(message);
    // What a phone without a fix reports.
    expect(problem(await typed("0, 0"))).toBe(message);
    const pin = await locationStep.accept(
      location,
      { kind: "location", latitude: 0, longitude: Number.NaN },
      undefined,
      stepContext(),
    );
    expect(problem(pin)).toBe(message);
  });

  it("takes an address on one line and says the address is noted", async () => {
    const outcome = await typed("Jalan Melati 5,\nKelurahan Sukamaju,\tKecamatan Cibeunying");
    expect(outcome).toMatchObject({
      kind: "answer",
      value: { address: "Jalan Melati 5, Kelurahan Sukamaju, Kecamatan Cibeunying" },
    });
    expect(outcome.kind === "answer" && outcome.ack && read(outcome.ack)).toBe(
      "📍 Alamat dicatat.",
    );
  });

  it("asks for street and district when the address is too short", async () => {
    expect(problem(await typed("Pasar"))).toBe(
      "Alamat terlalu singkat. Tulis nama jalan dan kelurahan/kecamatannya, minimal 10 karakter.",
    );
    expect(problem(await typed("Jl. Melati"))).toBeUndefined();
    // Long enough, but naming no street.
    // Whole numbers apart by a space (RT 5 / RW 3) are no coordinates either.
    expect(problem(await typed("5 3"))).toContain("Alamat terlalu singkat");
    for (const junk of ["📍📍📍📍📍📍📍📍📍📍", "..........", "1234567890"]) {
      expect(problem(await typed(junk))).toBe(
        "Itu belum menyebut tempat. Tulis nama jalan dan kelurahan/kecamatannya, atau koordinat seperti -6.2088, 106.8456.",
      );
    }
  });

  it("takes 'tidak tahu' as no location where it may be skipped, and asks for a rough one where not", async () => {
    for (const unsure of [
      "tidak tahu",
      "Gak tau",
      "don’t know",
      "saya tidak tahu",
      "kurang ingat.",
    ]) {
      const outcome = await typed(unsure);
      expect(outcome).toMatchObject({ kind: "answer", value: null });
      expect(outcome.kind === "answer" && outcome.ack && read(outcome.ack)).toBe(
        "Lokasi dilewati.",
      );
    }
    const required = inlineStep({ type: "location", field: "location", minAddressLength: 10 });
    const asked = await locationStep.accept(
      required,
      { kind: "text", text: "tidak tahu" },
      undefined,
      stepContext(),
    );
    expect(problem(asked)).toBe(
      "Lokasi ini perlu diisi. Tulis perkiraannya saja: nama jalan, kampung, atau tempat terdekat yang Anda ingat.",
    );
  });

  it("keeps at most 500 characters of an address", async () => {
    const outcome = await typed(`Jalan ${"Panjang ".repeat(100)}`);
    const address = outcome.kind === "answer" ? (outcome.value as { address: string }).address : "";
    expect(Array.from(address)).toHaveLength(500);
    expect(address.endsWith("…")).toBe(true);
  });

  it("says a location or an address is expected when sent a file", async () => {
    const outcome = await locationStep.accept(
      location,
      { kind: "attachment", media: media(PNG) },
      undefined,
      stepContext(),
    );
    expect(problem(outcome)).toBe("Yang ditunggu di sini adalah lokasi atau alamat.");
  });

  it("says how to answer on the person's app, and how to skip when the step is optional", () => {
    const pick = (value: string) => (value === SKIP ? "Tekan Lewati" : value);
    expect(read(locationStep.how?.(location, undefined, stepContext(), pick) ?? [])).toBe(
      "Bagikan lokasi (📎 → Lokasi), atau ketik alamatnya (nama jalan, kelurahan, kecamatan). " +
        "Tidak perlu lokasi? Tekan Lewati.",
    );
    const typedPick = (value: string) => (value === SKIP ? "Ketik 1 (Lewati)" : value);
    expect(
      read(
        locationStep.how?.(
          location,
          undefined,
          stepContext({ capabilities: TEXT_ONLY }),
          typedPick,
        ) ?? [],
      ),
    ).toBe(
      "Ketik alamatnya (nama jalan, kelurahan, kecamatan) atau koordinatnya, misalnya -6.2088, 106.8456. " +
        "Tidak perlu lokasi? Ketik 1 (Lewati).",
    );
    const required = inlineStep({ type: "location", field: "location" });
    expect(read(locationStep.how?.(required, undefined, stepContext(), pick) ?? [])).not.toContain(
      "Tidak perlu lokasi",
    );
  });

  it("says so when the location is skipped", () => {
    expect(read(locationStep.skipped?.("id") ?? [])).toBe("Lokasi dilewati.");
    expect(read(locationStep.skipped?.("en") ?? [])).toBe("Location skipped.");
  });

  it("shows an address as typed and coordinates to five decimals in the summary", () => {
    expect(locationStep.display(location, { address: "Jalan Melati 5" }, stepContext())).toBe(
      "Jalan Melati 5",
    );
    expect(
      locationStep.display(location, { latitude: -6.2088, longitude: 106.8456 }, stepContext()),
    ).toBe("-6.20880, 106.84560");
  });
});
