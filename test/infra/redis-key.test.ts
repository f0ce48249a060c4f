import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { localRedisKey } from "../../src/infra/redis-key.js";
import { temporaryDirectory } from "../support/services.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());

describe("the terminal chat's own REDIS_ENCRYPTION_KEY", () => {
  it("is made once under the data directory, readable by its owner only, and kept", () => {
    const dataDir = join(directory.path, "data");
    const key = localRedisKey(dataDir);
    expect(loadConfig({ REDIS_ENCRYPTION_KEY: key }).REDIS_ENCRYPTION_KEY).toBe(key);
    expect(statSync(join(dataDir, "redis-encryption.key")).mode & 0o777).toBe(0o600);
    expect(localRedisKey(dataDir)).toBe(key);
  });
});
