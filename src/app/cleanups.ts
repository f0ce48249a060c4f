import type { Logger } from "../infra/logger.js";

/**
 * What to close when the process stops, in the reverse of the order it was opened: receiving
 * stops first, running jobs finish, then queues and connections close.
 */
export class Cleanups {
  private readonly steps: (() => Promise<unknown>)[] = [];

  constructor(private readonly logger: Logger) {}

  push(...steps: (() => Promise<unknown>)[]): void {
    this.steps.push(...steps);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step().catch((error: unknown) =>
        this.logger.error({ err: error }, "error while stopping"),
      );
    }
  }
}
