// Simulated time for the whole switch: every timer in one queue ordered by its due time, run one at a time,
// with the clock standing at that due time while the timer and what it sets off run. So the switch does things
// in the order of simulated time even when the process falls behind real time (a loaded machine, a high
// speed): a callee's hangup due 300 ms after its answer cannot overtake the originate's look 20 ms after
// the answer, as it could with one real timer each.
import type { SimClock } from './sim-clock.js';

interface Entry {
  readonly due: number;
  readonly seq: number;
  readonly run: () => void;
  state: 'pending' | 'done' | 'cancelled';
}

/** A shared abort reason: no DOMException built per re-armed sleep. */
const REARMED = new Error('scheduler re-armed');

export class SimScheduler implements SimClock {
  private heap: Entry[] = [];
  private seq = 0;
  private live = 0;
  private current: number;
  private armed: { controller: AbortController; due: number } | undefined;
  private running = false;

  constructor(private readonly base: SimClock) {
    this.current = base.nowMs();
  }

  /**
   * While a timer and what it sets off run, and while timers that are due wait to run, time stands at the last
   * one run (what happens meanwhile, e.g. a command from a client, happens then); otherwise it is the base
   * clock's.
   */
  nowMs(): number {
    if (this.running) return this.current;
    const real = this.base.nowMs();
    const next = this.peek();
    if (next !== undefined && next.due <= real) return this.current;
    if (real > this.current) this.current = real;
    return this.current;
  }

  /** Runs `run` after `delayMs` of simulated time; returns a cancel function. */
  after(delayMs: number, run: () => void): () => void {
    const entry: Entry = { due: this.nowMs() + Math.max(0, delayMs), seq: this.seq++, run, state: 'pending' };
    this.push(entry);
    this.live++;
    if (!this.running && (this.armed === undefined || entry.due < this.armed.due)) this.arm();
    return () => {
      if (entry.state !== 'pending') return;
      entry.state = 'cancelled';
      this.live--;
      if (this.heap.length > 1024 && this.live < this.heap.length / 4) this.compact();
    };
  }

  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason as Error);
      };
      const cancel = this.after(durationMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Forgets every pending timer (a restart). */
  cancelAll(): void {
    for (const entry of this.heap) entry.state = 'cancelled';
    this.heap = [];
    this.live = 0;
    this.disarm();
  }

  get size(): number {
    return this.live;
  }

  /** One base-clock sleep, until the earliest pending timer is due. */
  private arm(): void {
    this.disarm();
    const next = this.peek();
    if (next === undefined) return;
    const controller = new AbortController();
    const armed = { controller, due: next.due };
    this.armed = armed;
    this.base.sleep(Math.max(0, next.due - this.base.nowMs()), controller.signal).then(
      () => {
        if (this.armed !== armed) return;
        this.armed = undefined;
        this.runDue();
      },
      () => undefined,
    );
  }

  private disarm(): void {
    this.armed?.controller.abort(REARMED);
    this.armed = undefined;
  }

  /** Runs the due timers in order, one per turn of the event loop so that what each sets off settles first. */
  private runDue(): void {
    if (this.running) return;
    this.running = true;
    const step = (): void => {
      const next = this.peek();
      if (next === undefined || next.due > this.base.nowMs()) {
        this.running = false;
        this.arm();
        return;
      }
      this.pop();
      next.state = 'done';
      this.live--;
      if (next.due > this.current) this.current = next.due;
      try {
        next.run();
      } finally {
        setImmediate(step);
      }
    };
    step();
  }

  private peek(): Entry | undefined {
    while (this.heap.length > 0 && this.heap[0]!.state !== 'pending') this.pop();
    return this.heap[0];
  }

  private compact(): void {
    const pending = this.heap.filter((entry) => entry.state === 'pending');
    this.heap = [];
    for (const entry of pending) this.push(entry);
  }

  // A binary min-heap on (due, seq): equal due times run in the order they were set.
  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
