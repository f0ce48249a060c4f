import { drawRandomBytes } from "../../core/random.js";

/**
 * A UUID version 7 (RFC 9562: 48-bit Unix milliseconds, then random bits), the ids Prisma
 * gives rows (`@default(uuid(7))`), for rows written in raw SQL: they sort by creation time
 * like the others.
 */
export function uuidv7(at: number = Date.now()): string {
  const bytes = drawRandomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
