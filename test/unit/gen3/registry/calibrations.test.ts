import { describe, expect, it } from 'vitest';
import { timespansOverlap } from '../../../../src/gen3/registry/index.js';
import { EMPTY_TIMESPAN } from '../../../../src/gen3/time/index.js';

describe('timespansOverlap', () => {
  const ts = (begin: bigint, end: bigint) => ({ begin, end });
  it('treats timespans as half-open and never overlaps the empty one', () => {
    expect(timespansOverlap(ts(0n, 10n), ts(5n, 15n))).toBe(true);
    expect(timespansOverlap(ts(0n, 10n), ts(10n, 15n))).toBe(false);
    expect(timespansOverlap(ts(0n, 10n), ts(2n, 3n))).toBe(true);
    expect(timespansOverlap(ts(0n, 10n), EMPTY_TIMESPAN)).toBe(false);
  });
});
