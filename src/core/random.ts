import { randomFillSync } from "node:crypto";

const pool = Buffer.allocUnsafeSlow(16 * 1024);
let used = pool.length;

/**
 * Fresh random bytes, drawn from the system in bulk: one randomFillSync call per IV or id cost
 * ~15 µs, more than the rest of sealing a draft. The bytes are copied out and never handed out
 * again, so no two callers share them.
 */
export function drawRandomBytes(length: number): Buffer {
  if (length > pool.length) return randomFillSync(Buffer.alloc(length));
  if (used + length > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + length));
  used += length;
  return bytes;
}
