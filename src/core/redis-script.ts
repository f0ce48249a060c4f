import { createHash } from "node:crypto";

/** A Lua script, run by its SHA1 once Redis knows it. */
export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

export function redisScript(lua: string): RedisScript {
  return { lua, sha: createHash("sha1").update(lua).digest("hex") };
}

/**
 * What a script returns: bulk strings as bytes (views of what was read from the socket: copy
 * one to keep it long), Lua false as null.
 */
export type RedisReply = Buffer | string | number | null | RedisReply[];

export type RedisArgument = string | number | Buffer;

/** Runs Lua scripts in Redis (src/infra/redis-scripts.ts). */
export interface ScriptRunner {
  run(
    script: RedisScript,
    keys: readonly string[],
    args: readonly RedisArgument[],
  ): Promise<RedisReply>;
}
