import type { Redis } from "ioredis";

/** Every key under a prefix with everything it holds, whatever its type, one line per key. */
export async function dumpRedis(redis: Redis, prefix: string): Promise<string[]> {
  const dump: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    for (const key of keys) {
      const type = await redis.type(key);
      const values: unknown =
        type === "string"
          ? await redis.get(key)
          : type === "hash"
            ? await redis.hgetall(key)
            : type === "list"
              ? await redis.lrange(key, 0, -1)
              : type === "set"
                ? await redis.smembers(key)
                : type === "zset"
                  ? await redis.zrange(key, 0, -1, "WITHSCORES")
                  : type === "stream"
                    ? await redis.xrange(key, "-", "+")
                    : `(${type})`;
      dump.push(`${key} ${type} ${JSON.stringify(values)}`);
    }
    cursor = next;
  } while (cursor !== "0");
  return dump;
}
