import { describe, expect, it } from 'vitest';
import { DifferenceAccumulator, median } from '../../../src/diff/difference-stats.js';

function statsOf(pairs: readonly (readonly [number, number])[]) {
  const accumulator = new DifferenceAccumulator(1);
  for (const [a, b] of pairs) accumulator.add(a, b);
  return accumulator.stats();
}

describe('difference statistics', () => {
  it('has no statistics without pairs', () => {
    expect(statsOf([])).toBeUndefined();
  });

  it('computes max, mean, median and max relative difference', () => {
    expect(statsOf([[1, 1], [2, 4], [5, 4], [10, 0]])).toEqual({ compared: 4, maxAbs: 10, meanAbs: 13 / 4, medianAbs: 1.5, maxRel: 0.5 });
  });

  it('takes the zeros into account in the median, odd and even counts', () => {
    expect(statsOf([[0, 0], [0, 0], [0, 3]])?.medianAbs).toBe(0);
    expect(statsOf([[0, 0], [0, 3]])?.medianAbs).toBe(1.5);
    expect(statsOf([[0, 0], [0, 3], [0, 5], [0, 1]])?.medianAbs).toBe(2);
    expect(statsOf(Array.from({ length: 1001 }, (_, i) => [0, i] as const))?.medianAbs).toBe(500);
  });

  it('finds the median of shuffled values by selection', () => {
    const values = Float64Array.from({ length: 999 }, (_, i) => (i * 7919) % 999);
    expect(median(values)).toBe(499);
    expect(median(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
  });
});
