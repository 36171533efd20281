import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock, SystemClock } from './index.js';

describe('clock', () => {
  it('ManualClock › sleepers wake in order when time is advanced past them', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 31, 23, 59, 59));
    const woke: string[] = [];
    const a = clock.sleep(2_000).then(() => woke.push('a'));
    const b = clock.sleep(1_000).then(() => woke.push('b'));
    expect(clock.pendingSleepers).toBe(2);
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(1_001);
    await Promise.all([a, b]);
    expect(woke).toEqual(['b', 'a']);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:01.000Z');
  });

  it('ManualClock › refuses to go backwards', () => {
    const clock = new ManualClock(1_000);
    expect(() => clock.set(999)).toThrow(RangeError);
  });

  it('ManualClock › an aborted sleep rejects with the reason and stops waiting', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort(new Error('shutdown'));
    await expect(sleeping).rejects.toThrow('shutdown');
    expect(clock.pendingSleepers).toBe(0);
  });

  it('ScaledClock › runs `speed` simulated ms per real ms from its start', () => {
    let real = 1_000_000;
    const clock = new ScaledClock({ startMs: 0, speed: 20, realNowMs: () => real });
    real += 1_500;
    expect(clock.nowMs()).toBe(30_000);
  });

  it('ScaledClock › two clocks with one origin agree whenever each was created', () => {
    let real = 1_000_000;
    const first = new ScaledClock({ originMs: 1_000_000, speed: 20, realNowMs: () => real });
    real += 2_000;
    const second = new ScaledClock({ originMs: 1_000_000, speed: 20, realNowMs: () => real });
    real += 500;
    expect(first.nowMs()).toBe(1_000_000 + 2_500 * 20);
    expect(second.nowMs()).toBe(first.nowMs());
  });

  it('ScaledClock › sleeps simulated time in real time divided by speed', async () => {
    const clock = new ScaledClock({ speed: 100 });
    const started = performance.now();
    await clock.sleep(1_000);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([0, -1, Number.NaN])('ScaledClock › rejects speed %s', (speed) => {
    expect(() => new ScaledClock({ speed })).toThrow(RangeError);
  });

  it('SystemClock › follows the wall clock', () => {
    const clock = new SystemClock();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
  });
});
