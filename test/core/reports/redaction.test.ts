import { describe, expect, it } from "vitest";
import {
  REDACTED,
  redactIdentity,
  redactReporterText,
} from "../../../src/core/reports/redaction.js";

const identity = {
  displayName: "Siti Rahayu",
  username: "sitirahayu_77",
  phone: "+6281234567890",
  externalId: "777000111",
};

describe("redactIdentity", () => {
  it("blanks the whole name and each part of it, in any case", () => {
    expect(redactIdentity("Terima kasih Bu Siti Rahayu.", identity)).toBe(
      `Terima kasih Bu ${REDACTED}.`,
    );
    expect(redactIdentity("dekat rumah Bu RAHAYU; siti juga tahu", identity)).toBe(
      `dekat rumah Bu ${REDACTED}; ${REDACTED} juga tahu`,
    );
  });

  it("keeps words that merely contain a part of the name", () => {
    expect(redactIdentity("Situs sensitif di Sitinjau", identity)).toBe(
      "Situs sensitif di Sitinjau",
    );
  });

  it("blanks the phone number however it is written", () => {
    for (const written of [
      "+6281234567890",
      "+62 812-3456-7890",
      "6281234567890",
      "081234567890",
      "0812 3456 7890",
      "0812.3456.7890",
    ]) {
      expect(redactIdentity(`hubungi ${written} ya`, identity)).toBe(`hubungi ${REDACTED} ya`);
    }
  });

  it("blanks the username, with or without @, and the account id", () => {
    expect(redactIdentity("dari @sitirahayu_77 (akun 777000111)", identity)).toBe(
      `dari ${REDACTED} (akun ${REDACTED})`,
    );
  });

  it("treats a WhatsApp account id as the phone number it is", () => {
    const whatsapp = { displayName: "Budi", externalId: "6289876543210@c.us" };
    expect(redactIdentity("WA 0898-7654-3210 atau 6289876543210", whatsapp)).toBe(
      `WA ${REDACTED} atau ${REDACTED}`,
    );
  });

  it("blanks the account an Open311 filer typed, without the system it came through", () => {
    const kiosk = { displayName: "Joko Widodo", externalId: "kiosk:warga-77" };
    expect(redactIdentity("akun warga-77 di kios kiosk", kiosk)).toBe(
      `akun ${REDACTED} di kios kiosk`,
    );
    // Whole words only: "admin" is no part of "administrasi".
    const admin = { externalId: "kiosk:admin" };
    expect(redactIdentity("biaya administrasi, akun admin", admin)).toBe(
      `biaya administrasi, akun ${REDACTED}`,
    );
  });

  it("leaves text alone when there is nothing to blank", () => {
    expect(redactIdentity("Jalan rusak", {})).toBe("Jalan rusak");
    expect(redactIdentity("Jalan rusak", { displayName: "  ", phone: "12" })).toBe("Jalan rusak");
  });
});

describe("redactReporterText", () => {
  it("blanks any e-mail address the reporter wrote as well as their identity", () => {
    expect(
      redactReporterText("Saya Siti, email rahasia.kami@example.com, HP 081234567890", identity),
    ).toBe(`Saya ${REDACTED}, email ${REDACTED}, HP ${REDACTED}`);
  });
});
