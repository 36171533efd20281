import { ManualClock } from '@ringpace/clock';
import { describe, expect, it } from 'vitest';
import { SimScheduler } from './sim-scheduler.js';

const START = Date.UTC(2026, 10, 24, 9, 0, 0);

/** Lets the scheduler's one-timer-per-turn loop run to the end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('SimScheduler › simulated time in order, even when real time jumps', () => {
  it('runs timers by due time, equal due times in the order they were set', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    const ran: string[] = [];
    scheduler.after(30, () => ran.push('c'));
    scheduler.after(10, () => ran.push('a'));
    scheduler.after(20, () => ran.push('b1'));
    scheduler.after(20, () => ran.push('b2'));
    base.advance(100);
    await settle();
    expect(ran).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('after a jump past two timers, a timer set by the first for before the second runs first, at its own time', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    const ran: Array<[string, number]> = [];
    scheduler.after(1000, () => {
      ran.push(['answer', scheduler.nowMs() - START]);
      scheduler.after(20, () => ran.push(['originate looks', scheduler.nowMs() - START]));
    });
    scheduler.after(1300, () => ran.push(['callee hangs up', scheduler.nowMs() - START]));
    base.advance(5000);
    await settle();
    expect(ran).toEqual([['answer', 1000], ['originate looks', 1020], ['callee hangs up', 1300]]);
  });

  it('while due timers wait to run, time stands at the last one run; then it follows the base clock again', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    scheduler.after(100, () => undefined);
    base.advance(500);
    expect(scheduler.nowMs()).toBe(START);
    await settle();
    expect(scheduler.nowMs()).toBe(START + 500);
  });

  it('a cancelled timer does not run; cancelAll forgets every one; size counts the pending', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    const ran: string[] = [];
    const cancel = scheduler.after(10, () => ran.push('cancelled'));
    scheduler.after(20, () => ran.push('kept'));
    expect(scheduler.size).toBe(2);
    cancel();
    cancel();
    expect(scheduler.size).toBe(1);
    base.advance(50);
    await settle();
    expect(ran).toEqual(['kept']);
    scheduler.after(10, () => ran.push('forgotten'));
    scheduler.cancelAll();
    expect(scheduler.size).toBe(0);
    base.advance(50);
    await settle();
    expect(ran).toEqual(['kept']);
  });

  it('sleep resolves at its time and rejects when aborted', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    const slept = scheduler.sleep(40);
    const controller = new AbortController();
    const aborted = scheduler.sleep(40, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    base.advance(40);
    await expect(slept).resolves.toBeUndefined();
    expect(scheduler.size).toBe(0);
  });

  it('thousands of timers, most cancelled, still run in order', async () => {
    const base = new ManualClock(START);
    const scheduler = new SimScheduler(base);
    const ran: number[] = [];
    const cancels = Array.from({ length: 5000 }, (_, i) => scheduler.after((i * 7919) % 5000, () => ran.push((i * 7919) % 5000)));
    cancels.forEach((cancel, i) => i % 10 !== 0 && cancel());
    base.advance(6000);
    for (let i = 0; i < 60; i++) await settle();
    expect(ran).toHaveLength(500);
    expect(ran).toEqual([...ran].sort((a, b) => a - b));
  });
});
