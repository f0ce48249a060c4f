/**
 * PostgreSQL settings of the embedded database. One person at a terminal needs little cache:
 * 16 MB of shared buffers instead of 128 MB keep the chat's memory near 200 MB (npm run bench
 * measures it), and the whole database of a trial fits in them many times over.
 */
export const PGLITE_SETTINGS = {
  postgresqlconf: ["shared_buffers = 16MB", "temp_buffers = 1MB", "wal_buffers = 1MB"],
};
