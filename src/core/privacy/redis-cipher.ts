import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";
import { BoundedMemo } from "../bounded-memo.js";
import { drawRandomBytes } from "../random.js";

/** The length of REDIS_ENCRYPTION_KEY, in bytes: an AES-256 key. */
export const REDIS_KEY_BYTES = 32;

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Enough for the accounts active at once; dropping them all at the bound keeps it cheap. */
const PSEUDONYMS_REMEMBERED = 10_000;
/** A sealed value: version, then base64url of iv, authentication tag and ciphertext. */
const SEALED = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;
/** The first byte of a value sealed as bytes (never "{", which starts a value in clear). */
const BYTES_VERSION = Buffer.from([1]);

/** A sealed value that cannot be opened: another key sealed it, or it was altered. */
export class SealError extends Error {
  constructor(reason: string) {
    super(
      `cannot open a sealed value: ${reason} (was REDIS_ENCRYPTION_KEY changed while jobs waited?)`,
    );
    this.name = "SealError";
  }
}

/**
 * Keeps personal data out of Redis in clear (UU 27/2022; the queue dashboard shows job data,
 * and Redis persists to disk): values are sealed with AES-256-GCM, and account ids in key
 * names become keyed pseudonyms (HMAC-SHA256), so a dump of Redis names nobody. Both keys are
 * derived from REDIS_ENCRYPTION_KEY, which every process of one installation shares.
 */
export class RedisCipher {
  private readonly sealKey: Buffer;
  private readonly nameKey: Buffer;
  /** A turn asks the same pseudonyms several times (session, username, limits). */
  private readonly pseudonyms = new BoundedMemo<string, string>(PSEUDONYMS_REMEMBERED);

  constructor(key: Buffer) {
    if (key.length !== REDIS_KEY_BYTES) {
      throw new Error(`REDIS_ENCRYPTION_KEY must be ${REDIS_KEY_BYTES} bytes, got ${key.length}`);
    }
    const derive = (info: string) =>
      Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `aduan ${info}`, REDIS_KEY_BYTES));
    this.sealKey = derive("redis values");
    this.nameKey = derive("redis key names");
  }

  /** Encrypts a JSON value: the result says nothing of it but its length. */
  seal(value: unknown): string {
    const { iv, tag, body } = this.encrypt(JSON.stringify(value));
    return ["v1", iv, tag, body].map(encode).join(".");
  }

  /** The value `seal` was given; SealError when the key differs or the value was altered. */
  open(sealed: string): unknown {
    const parts = SEALED.exec(sealed);
    if (!parts) throw new SealError("not a sealed value");
    const [iv, tag, body] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
    return this.decrypt(iv, tag, body);
  }

  /**
   * `seal` as bytes (a version byte, iv, tag, ciphertext): a quarter smaller than its text
   * form, for values kept in Redis per person (a draft), whose bytes add up.
   */
  sealBytes(value: unknown): Buffer {
    return this.sealJsonBytes(JSON.stringify(value));
  }

  /** `sealBytes` of a value its caller has as JSON already. */
  sealJsonBytes(json: string): Buffer {
    const { iv, tag, body } = this.encrypt(json);
    return Buffer.concat([BYTES_VERSION, iv, tag, body]);
  }

  /** The value `sealBytes` was given; SealError as for `open`. */
  openBytes(sealed: Buffer): unknown {
    if (sealed[0] !== BYTES_VERSION[0]) throw new SealError("not a sealed value");
    const ivEnd = 1 + IV_BYTES;
    const tagEnd = ivEnd + TAG_BYTES;
    return this.decrypt(
      sealed.subarray(1, ivEnd),
      sealed.subarray(ivEnd, tagEnd),
      sealed.subarray(tagEnd),
    );
  }

  private encrypt(json: string): { iv: Buffer; tag: Buffer; body: Buffer } {
    const iv = drawRandomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.sealKey, iv);
    const body = Buffer.concat([cipher.update(json, "utf8"), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  }

  private decrypt(iv?: Buffer, tag?: Buffer, body?: Buffer): unknown {
    if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !body) {
      throw new SealError("malformed");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.sealKey, iv);
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      return JSON.parse(text) as unknown;
    } catch {
      throw new SealError("authentication failed");
    }
  }

  /**
   * A stable stand-in for an account id, chat id or username in a Redis key name: the same
   * input always gives the same name, and without the key nobody can tell whose it is (a
   * plain hash of a phone number or Telegram id is reversed by trying them all).
   */
  pseudonym(value: string): string {
    return this.pseudonyms.getOrAdd(value, this.pseudonymOnce);
  }

  /**
   * `pseudonym` of a value asked about once (a message id, a code told): not remembered, where
   * a burst's thousands of them would push out the accounts' that every turn asks for.
   */
  readonly pseudonymOnce = (value: string): string =>
    createHmac("sha256", this.nameKey).update(value).digest("base64url").slice(0, 22);
}

const encode = (part: string | Buffer) =>
  typeof part === "string" ? part : part.toString("base64url");
