import type { Queue } from "bullmq";

/**
 * A clock the test moves forward. Moving it re-delays the queue's waiting jobs by what is left
 * of their time on the new clock, the way they would stand had that time really passed.
 */
export class TestClock {
  private offsetMs = 0;

  constructor(start: Date) {
    this.offsetMs = start.getTime() - Date.now();
  }

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  async advanceTo(instant: Date, queue: Queue): Promise<void> {
    this.offsetMs = instant.getTime() - Date.now();
    for (const job of await queue.getDelayed()) {
      const fireAt = (job.data as { fireAt?: string }).fireAt;
      if (fireAt)
        await job.changeDelay(Math.max(0, new Date(fireAt).getTime() - this.now().getTime()));
    }
  }
}
