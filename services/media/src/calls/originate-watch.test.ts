import { ManualClock } from '@ringpace/clock';
import { describe, expect, it } from 'vitest';
import { OriginateWatch, type WatchedOriginate } from './originate-watch.js';

function call(): WatchedOriginate & { unheardOf: boolean; overdues: number } {
  const watched = {
    unheardOf: true,
    overdues: 0,
    overdue() {
      watched.overdues += 1;
    },
  };
  return watched;
}

describe('originate watch', () => {
  it('sweep › an originate still unheard of when its time is up is told once, and leaves the watch', () => {
    const clock = new ManualClock(0);
    const watch = new OriginateWatch(clock, 1_000);
    const late = call();
    watch.add(late, 90_000);
    clock.advance(89_999);
    watch.sweep();
    expect(late.overdues).toBe(0);
    clock.advance(1);
    watch.sweep();
    watch.sweep();
    expect(late.overdues).toBe(1);
    expect(watch.size).toBe(0);
  });

  it('sweep › a call heard of leaves the watch without being told, whenever its time', () => {
    const clock = new ManualClock(0);
    const watch = new OriginateWatch(clock, 1_000);
    const heard = call();
    watch.add(heard, 90_000);
    heard.unheardOf = false;
    watch.sweep();
    expect(watch.size).toBe(0);
    clock.advance(100_000);
    watch.sweep();
    expect(heard.overdues).toBe(0);
  });

  it('add › a call told it is overdue may be watched again from then', () => {
    const clock = new ManualClock(0);
    const watch = new OriginateWatch(clock, 1_000);
    const retried: WatchedOriginate & { overdues: number } = {
      unheardOf: true,
      overdues: 0,
      overdue() {
        retried.overdues += 1;
        watch.add(retried, 90_000);
      },
    };
    watch.add(retried, 90_000);
    clock.advance(90_000);
    watch.sweep();
    expect(retried.overdues).toBe(1);
    expect(watch.size).toBe(1);
    clock.advance(89_000);
    watch.sweep();
    expect(retried.overdues).toBe(1);
    clock.advance(1_000);
    watch.sweep();
    expect(retried.overdues).toBe(2);
  });

  it('run › sweeps on the clock until the signal aborts', async () => {
    const clock = new ManualClock(0);
    const watch = new OriginateWatch(clock, 1_000);
    const late = call();
    watch.add(late, 2_500);
    const stop = new AbortController();
    const running = watch.run(stop.signal);
    for (let second = 0; second < 3; second += 1) {
      clock.advance(1_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(late.overdues).toBe(1);
    stop.abort();
    await running;
  });
});
