// Gathers work items that arrive close together into one batch: a batch is cut when its first item has
// waited `lingerMs` (or the rest of its turn of the event loop), or when `maxBatch` items wait, and
// batches run one after another. Each caller gets its own item's result. When a batch fails, its items
// are retried one by one, so one bad item fails alone instead of taking its neighbours down with it.

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
  /** performance.now() when the item was submitted. */
  readonly atMs: number;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

export class MicroBatcher<I, R> {
  private queue: Array<Waiting<I, R>> = [];
  private draining = false;
  /** Ends the linger of the batch being gathered early, once it is full. */
  private wake: (() => void) | undefined;

  constructor(private readonly options: MicroBatcherOptions<I, R>) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, atMs: performance.now(), resolve, reject });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      } else if (this.wake !== undefined && this.queue.length >= this.options.maxBatch) {
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (let first = true; this.queue.length > 0; first = false) {
        await this.gather(this.queue[0]!.atMs, first);
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Waits until the item submitted at `firstAtMs` has lingered, or the batch is full. Without a linger,
   * a batch that starts the drain waits for the rest of this turn; one queued behind a running batch has
   * gathered its company already.
   */
  private gather(firstAtMs: number, startsDrain: boolean): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 0;
    if (this.queue.length >= this.options.maxBatch) return Promise.resolve();
    if (lingerMs <= 0) return startsDrain ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
    const leftMs = firstAtMs + lingerMs - performance.now();
    if (leftMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.ceil(leftMs));
      this.wake = done;
    });
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
