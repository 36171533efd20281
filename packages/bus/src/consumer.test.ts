import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from '@ringpace/errors';
import { HandlerDeadlines } from './consumer.js';

describe('bus › handler deadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const never = (): Promise<never> => new Promise<never>(() => undefined);

  it('handler deadlines › runs that outlast the timeout fail in the order they started, each with its signal aborted', async () => {
    const deadlines = new HandlerDeadlines(1_000);
    const signals: AbortSignal[] = [];
    const settledAt: Array<[string, number, unknown]> = [];
    const start = (name: string) =>
      deadlines
        .run(`handle ${name}`, (signal) => {
          signals.push(signal());
          return never();
        })
        .catch((error: unknown) => settledAt.push([name, performance.now(), error]));
    const first = start('a');
    await vi.advanceTimersByTimeAsync(400);
    const second = start('b');
    await vi.advanceTimersByTimeAsync(599);
    expect(settledAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(settledAt.map(([name, atMs]) => [name, atMs])).toEqual([['a', 1_000]]);
    await vi.advanceTimersByTimeAsync(400);
    await Promise.all([first, second]);
    expect(settledAt.map(([name, atMs]) => [name, atMs])).toEqual([['a', 1_000], ['b', 1_400]]);
    for (const [name, , error] of settledAt) {
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(error).toMatchObject({ message: `handle ${name} timed out after 1000ms` });
    }
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(signals[0]!.reason).toBe(settledAt[0]![2]);
  });

  it('handler deadlines › a run done in time keeps its value or its own failure, and a later expiry leaves it alone', async () => {
    const deadlines = new HandlerDeadlines(1_000);
    let signal: AbortSignal | undefined;
    const ok = deadlines.run('handle ok', (readSignal) => {
      signal = readSignal();
      return new Promise<string>((resolve) => setTimeout(() => resolve('done'), 300));
    });
    const failed = deadlines.run('handle failed', () => Promise.reject(new Error('boom'))).catch((error: unknown) => error);
    const thrown = deadlines
      .run('handle thrown', () => {
        throw new Error('sync boom');
      })
      .catch((error: unknown) => error);
    const slow = deadlines.run('handle slow', never).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await ok).toBe('done');
    expect(signal?.aborted).toBe(false);
    expect(await failed).toMatchObject({ message: 'boom' });
    expect(await thrown).toMatchObject({ message: 'sync boom' });
    expect(await slow).toBeInstanceOf(DeadlineExceededError);
  });

  it('handler deadlines › no timer is left behind once every run is settled', async () => {
    const deadlines = new HandlerDeadlines(1_000);
    await deadlines.run('handle quick', () => Promise.resolve());
    expect(vi.getTimerCount()).toBe(0);
  });
});
