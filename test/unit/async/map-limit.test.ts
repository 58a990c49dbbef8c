import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src/async/map-limit.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 3, async (ms, i) => {
      peak = Math.max(peak, ++active);
      await tick(ms);
      active--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(peak).toBe(3);
  });

  it('rejects with the first error after the calls in flight settle, and starts no new ones', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await tick(i === 0 ? 1 : 10);
      settled.push(i);
      if (i === 0) throw new Error('first');
      if (i === 1) throw new Error('second');
      return i;
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(settled.sort()).toEqual([0, 1]);
  });
});
