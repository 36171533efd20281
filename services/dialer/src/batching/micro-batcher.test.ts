import { describe, expect, it } from 'vitest';
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
});
