import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RedisCipher, SealError } from "../../../src/core/privacy/redis-cipher.js";
import { loadConfig } from "../../../src/config/env.js";

describe("RedisCipher", () => {
  const cipher = new RedisCipher(randomBytes(32));

  it("seals a value so that only the same key opens it, and refuses an altered one", () => {
    const value = { externalId: "7391046285", displayName: "Sulastri Wibowo" };
    const sealed = cipher.seal(value);
    expect(sealed).not.toContain("Sulastri");
    expect(sealed).not.toContain("7391046285");
    // A fresh nonce every time: equal values are not recognisable as equal.
    expect(cipher.seal(value)).not.toBe(sealed);
    expect(cipher.open(sealed)).toEqual(value);

    expect(() => new RedisCipher(randomBytes(32)).open(sealed)).toThrow(SealError);
    const altered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => cipher.open(altered)).toThrow(/authentication failed/);
    expect(() => cipher.open('{"externalId":"1"}')).toThrow(/not a sealed value/);
  });

  it("opens values sealed by earlier releases, text and bytes alike", () => {
    const earlier = new RedisCipher(Buffer.alloc(32, 7));
    expect(
      earlier.open(
        "v1.8IPFqu6jZUQ4FSo5.h0fIkzAGDj8MuqsDU6DbYA.0Zi3GfgP6ykSq_IDPupFHetr8ieqCuA89KWvrkZip0anGu4RNLrQkFBEBwYRrWeYGHtIXlypvyJj4P8",
      ),
    ).toEqual({ externalId: "7391046285", displayName: "Sulastri Wibowo" });
    expect(
      earlier.openBytes(
        Buffer.from(
          "AQFuv0n/BDDnFbM3sbsTovLhmjbtyg1Ry90KUTfo5Ffmyb7QL2PYJd83XVQjfsRgjRAkzQ==",
          "base64",
        ),
      ),
    ).toEqual({ draft: "jalan rusak" });
  });

  it("never seals two values under the same nonce, however many it seals", () => {
    const nonces = new Set<string>();
    const count = 3000;
    for (let index = 0; index < count; index++) {
      nonces.add(cipher.seal(index).split(".")[1] ?? "");
      nonces.add(cipher.sealBytes(index).subarray(1, 13).toString("base64url"));
    }
    expect(nonces.size).toBe(2 * count);
  });

  it("gives each account one pseudonym that names nobody without the key", () => {
    const pseudonym = cipher.pseudonym("7391046285");
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cipher.pseudonym("7391046285")).toBe(pseudonym);
    expect(cipher.pseudonym("7391046286")).not.toBe(pseudonym);
    expect(new RedisCipher(randomBytes(32)).pseudonym("7391046285")).not.toBe(pseudonym);
    // Still the same after many other accounts have come and gone.
    for (let index = 0; index < 25_000; index++) cipher.pseudonym(`62812${index}`);
    expect(cipher.pseudonym("7391046285")).toBe(pseudonym);
  });

  it("names a message asked about once as it would any other value", () => {
    // Handled-message marks already in Redis were made with `pseudonym`: a redelivered
    // message must still be recognised after the upgrade.
    expect(cipher.pseudonymOnce("update:81726354")).toBe(cipher.pseudonym("update:81726354"));
    expect(cipher.pseudonymOnce("update:81726355")).not.toBe(cipher.pseudonym("update:81726354"));
  });
});

describe("REDIS_ENCRYPTION_KEY", () => {
  it("takes 32 bytes in base64 and says how to make them otherwise", () => {
    const key = randomBytes(32).toString("base64");
    expect(loadConfig({ REDIS_ENCRYPTION_KEY: key }).REDIS_ENCRYPTION_KEY).toBe(key);
    expect(() => loadConfig({ REDIS_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toThrow(
      /REDIS_ENCRYPTION_KEY: expected 32 random bytes in base64.*openssl rand -base64 32/,
    );
  });
});
