/**
 * Runs a statement or a Redis command for many callers at once, as a database's group commit
 * does: a call that finds none of its kind in flight goes out at once (with the calls made in
 * the same tick), and the calls made while one is in flight wait for it and then go out
 * together. A quiet service waits for nothing; a thousand citizens at once share a few round
 * trips instead of each waking PostgreSQL or Redis (on a loopback socket the send itself does
 * the server's wake-up, and was the costliest system call of the bot in the 1,000-citizen burst).
 *
 * `runMany` answers its inputs in their order. When it fails for a batch, each input is run again
 * alone, so one bad input fails only its own caller, and a write is never half done (one
 * statement is all or nothing; a queue's jobs are added under their ids, so a repeat is one job).
 */
export class CallBatch<In, Out> {
  private queued: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] =
    [];
  private flushing = false;

  constructor(
    private readonly runMany: (inputs: readonly In[]) => Promise<readonly Out[]>,
    /** The most inputs in one statement (its parameters are arrays, so one per column). */
    private readonly max = 200,
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      queueMicrotask(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.max);
      try {
        const outs = await this.runMany(batch.map((call) => call.input));
        batch.forEach((call, index) => call.resolve(outs[index] as Out));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else await Promise.all(batch.map((call) => this.runAlone(call)));
      }
    }
    this.flushing = false;
  }

  private async runAlone(call: (typeof this.queued)[number]): Promise<void> {
    try {
      const [out] = await this.runMany([call.input]);
      call.resolve(out as Out);
    } catch (error) {
      call.reject(error);
    }
  }
}

/**
 * A batched statement's rows by the input they answer, in the inputs' order: `position` is the
 * input's, counted from 1 as `unnest … WITH ORDINALITY` counts.
 */
export function inOrder<Row extends { readonly position: number }>(
  inputs: number,
  rows: readonly Row[],
): Omit<Row, "position">[][] {
  const answers: Omit<Row, "position">[][] = Array.from({ length: inputs }, () => []);
  for (const { position, ...row } of rows) answers[position - 1]?.push(row);
  return answers;
}
