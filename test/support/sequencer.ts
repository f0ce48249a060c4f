import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Test folders whose files start processes and servers: each takes up to a minute or two. */
const SLOW_FOLDERS = ["/test/reliability/", "/test/e2e/"];

/**
 * Vitest's order, but the files that start processes and servers first. Without the timings
 * of an earlier run (a fresh clone in CI) vitest runs the largest files first, and a slow small
 * one such as the PostgreSQL outage test started last kept the suite going alone for a minute.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (file: TestSpecification) =>
      SLOW_FOLDERS.some((folder) => file.moduleId.includes(folder));
    return [...sorted.filter(slow), ...sorted.filter((file) => !slow(file))];
  }
}
