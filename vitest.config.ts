import { defineConfig } from "vitest/config";
import { SlowFirstSequencer } from "./test/support/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every file owns its database, Redis prefix and data directory, so files run in parallel.
    fileParallelism: true,
    // Vitest's default is one file at a time on two cores (cores - 1), and that left the machine
    // two-thirds idle: most tests wait on processes, servers and timers. Four at once took the
    // suite from 18 minutes to 7 here; six to 6, with each test's own time a fifth longer.
    maxWorkers: 4,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
