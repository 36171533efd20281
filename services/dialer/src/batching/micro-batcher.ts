// Gathers work items that arrive close together into one batch: the first item waits for the rest of
// its turn of the event loop (or `lingerMs`), and while one batch is being written the next one fills up. Each caller
// gets its own item's result. When a batch fails, its items are retried one by one, so one bad item
// fails alone instead of taking its neighbours down with it.

export interface MicroBatcherOptions<I, R> {
  /** Handles a batch; returns one result per item, in order. */
  readonly run: (items: readonly I[]) => Promise<readonly R[]>;
  /** Largest batch. */
  readonly maxBatch: number;
  /** How long (wall time) the first item of a batch waits for others; 0 = the rest of this turn only. */
  readonly lingerMs?: number;
}

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

export class MicroBatcher<I, R> {
  private queue: Array<Waiting<I, R>> = [];
  private draining = false;

  constructor(private readonly options: MicroBatcherOptions<I, R>) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        const linger = this.options.lingerMs ?? 0;
        if (linger > 0) setTimeout(() => void this.drain(), linger);
        else setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: ReadonlyArray<Waiting<I, R>>): Promise<void> {
    try {
      const results = await this.options.run(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    for (const waiting of batch) {
      try {
        const [result] = await this.options.run([waiting.item]);
        waiting.resolve(result!);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}
