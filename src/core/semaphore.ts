/**
 * At most `limit` runs at once; the rest wait their turn in the order they came, holding
 * nothing but a place in this queue.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The turn passes straight to the next in line, so `running` never dips in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
