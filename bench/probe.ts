/**
 * Preloaded into a benchmarked bot (`node --import dist/bench/probe.js …`), whichever it is:
 * counts the Redis round trips (writes on sockets to BENCH_PROBE_REDIS_PORT: ioredis writes a
 * command, or a whole pipeline or MULTI, in one write) and the SQL statements (node-postgres
 * `Client#query` calls, which every Prisma query and transaction statement goes through), and
 * writes them to BENCH_PROBE_FILE on SIGUSR2. Nothing else in the process changes.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import { join } from "node:path";

const redisPort = Number(process.env.BENCH_PROBE_REDIS_PORT);
const file = process.env.BENCH_PROBE_FILE;
const counts = { redisRoundTrips: 0, sqlStatements: 0, reads: 0 };

const socket = Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
const write = socket.write;
socket.write = function (this: Socket, ...args: unknown[]) {
  if (this.remotePort === redisPort) counts.redisRoundTrips++;
  return write.apply(this, args);
};

// The bot's own node-postgres, resolved from its directory: one Client class whoever imports it.
try {
  const pg = createRequire(join(process.cwd(), "package.json"))("pg") as {
    Client: { prototype: { query: (...args: unknown[]) => unknown } };
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    counts.sqlStatements++;
    return query.apply(this, args);
  };
} catch {
  // A bot without PostgreSQL (the null bot) has no statements to count.
}

process.on("SIGUSR2", () => {
  counts.reads++;
  if (file) writeFileSync(file, JSON.stringify(counts));
});
