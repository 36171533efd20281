import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicroBatcher } from './micro-batcher.js';

describe('MicroBatcher', () => {
  it('micro-batcher › items submitted together are handled as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve(items.map((item) => item * 10));
      },
      maxBatch: 100,
    });
    const results = await Promise.all([1, 2, 3].map((item) => batcher.submit(item)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('micro-batcher › no batch is larger than maxBatch', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>({
      run: (items) => {
        sizes.push(items.length);
        return Promise.resolve(items);
      },
      maxBatch: 2,
    });
    await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.submit(item)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('micro-batcher › a failing batch is retried item by item, so only the bad item fails', async () => {
    const batcher = new MicroBatcher<number, number>({
      run: (items) => {
        return items.includes(2) ? Promise.reject(new Error('item 2 is bad')) : Promise.resolve(items);
      },
      maxBatch: 10,
    });
    const results = await Promise.allSettled([1, 2, 3].map((item) => batcher.submit(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  describe('linger', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    function recording(runMs: number): { batches: string[][]; batcher: MicroBatcher<string, string> } {
      const batches: string[][] = [];
      const batcher = new MicroBatcher<string, string>({
        run: async (items) => {
          batches.push([...items]);
          await new Promise((resolve) => setTimeout(resolve, runMs));
          return items;
        },
        maxBatch: 3,
        lingerMs: 40,
      });
      return { batches, batcher };
    }

    it('micro-batcher › under a steady stream every batch waits for its first item to linger, not only the first batch', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
      const { batches, batcher } = recording(50);
      // a is cut at 40 ms and written until 90 ms; b comes at 60 ms and lingers until 100 ms, so c (95 ms) joins it.
      const done: Array<Promise<string>> = [batcher.submit('a')];
      await vi.advanceTimersByTimeAsync(60);
      done.push(batcher.submit('b'));
      await vi.advanceTimersByTimeAsync(35);
      done.push(batcher.submit('c'));
      await vi.advanceTimersByTimeAsync(100);
      expect(await Promise.all(done)).toEqual(['a', 'b', 'c']);
      expect(batches).toEqual([['a'], ['b', 'c']]);
    });

    it('micro-batcher › a full batch goes at once, and one queued behind a slow batch goes as soon as that ends', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
      const { batches, batcher } = recording(100);
      const done = ['a', 'b', 'c'].map((item) => batcher.submit(item));
      await vi.advanceTimersByTimeAsync(0);
      expect(batches).toEqual([['a', 'b', 'c']]);
      done.push(batcher.submit('d'));
      await vi.advanceTimersByTimeAsync(60);
      done.push(batcher.submit('e'));
      // d has lingered long before the first batch ends at 100 ms: its batch starts then, with e.
      await vi.advanceTimersByTimeAsync(40);
      expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e']]);
      await vi.advanceTimersByTimeAsync(100);
      expect(await Promise.all(done)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });
  });
});
