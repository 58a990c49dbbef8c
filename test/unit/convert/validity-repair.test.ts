import { describe, expect, it } from 'vitest';
import { repairValidity, VALIDITY_REPAIR_LIMIT_NS } from '../../../src/convert/plan/validity-repair.js';

const DAY = 86_400_000_000_000n;

describe('validity repair (obs_base c026f567)', () => {
  it('closes gaps and overlaps under 1.001 day by moving the previous end', () => {
    const { ranges, discontinuities } = repairValidity([
      { begin: 10n * DAY, end: 20n * DAY, id: 'b' },
      { begin: 0n, end: 9n * DAY, id: 'a' },
      { begin: 20n * DAY - DAY / 2n, end: 30n * DAY, id: 'c' },
    ]);
    expect(ranges.map((r) => [r.id, r.begin / DAY, r.end])).toEqual([
      ['a', 0n, 10n * DAY],
      ['b', 10n, 20n * DAY - DAY / 2n],
      ['c', 19n, 30n * DAY],
    ]);
    expect(discontinuities.map((d) => [d.kind, d.repaired])).toEqual([
      ['gap', true],
      ['overlap', true],
    ]);
  });

  it('leaves larger gaps and overlaps, and the last end, as found', () => {
    const { ranges, discontinuities } = repairValidity([
      { begin: 0n, end: DAY },
      { begin: DAY + VALIDITY_REPAIR_LIMIT_NS, end: 5n * DAY },
      { begin: 3n * DAY, end: 9n * DAY },
    ]);
    expect(ranges.map((r) => r.end)).toEqual([DAY, 5n * DAY, 9n * DAY]);
    expect(discontinuities.map((d) => [d.kind, d.repaired])).toEqual([
      ['gap', false],
      ['overlap', false],
    ]);
  });

  it('does not modify its input', () => {
    const input = [
      { begin: 0n, end: DAY },
      { begin: DAY + 1n, end: 2n * DAY },
    ];
    repairValidity(input);
    expect(input[0]!.end).toBe(DAY);
  });
});
