import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REDIS_KEY_BYTES } from "../core/privacy/redis-cipher.js";

/**
 * The REDIS_ENCRYPTION_KEY of `npm run chat` when none is set: made once under the data
 * directory (readable by its owner only) and reused, as the chat's embedded database is.
 */
export function localRedisKey(dataDir: string): string {
  const file = join(dataDir, "redis-encryption.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(REDIS_KEY_BYTES).toString("base64");
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  return key;
}
