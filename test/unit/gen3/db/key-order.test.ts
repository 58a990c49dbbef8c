import { describe, expect, it } from 'vitest';
import { rowsInKeyOrder } from '../../../../src/gen3/db/key-order.js';

describe('rowsInKeyOrder', () => {
  it('sorts text keys (dashed UUIDs) by all key columns, in byte order', () => {
    const rows = [
      ['f0000000-0000-0000-0000-000000000000', 2, 'b'],
      ['0a000000-0000-0000-0000-000000000000', 1, 'z'],
      ['0a000000-0000-0000-0000-000000000000', 1, 'a'],
    ] as const;
    expect(rowsInKeyOrder(['id', 'n', 'c'], ['id', 'c'], rows)).toEqual([rows[2], rows[1], rows[0]]);
  });

  it('sorts numbers and bigints numerically, not as text', () => {
    const rows = [[10n, 'x'], [9, 'y'], [100n, 'z']] as const;
    expect(rowsInKeyOrder(['k', 'v'], ['k'], rows).map((r) => r[1])).toEqual(['y', 'x', 'z']);
  });

  it('leaves rows alone when a key column is not inserted, and does not reorder its input', () => {
    const rows = [['b'], ['a']] as const;
    expect(rowsInKeyOrder(['v'], ['id'], rows)).toBe(rows);
    const sorted = rowsInKeyOrder(['v'], ['v'], rows);
    expect(sorted).toEqual([['a'], ['b']]);
    expect(rows[0]![0]).toBe('b');
  });

  it('returns rows already in key order as they are, and still sorts a single row out of place', () => {
    const rows = [['a', 1], ['a', 2], ['b', 0]] as const;
    expect(rowsInKeyOrder(['k', 'n'], ['k', 'n'], rows)).toBe(rows);
    const late = [['a', 1], ['c', 0], ['b', 9]] as const;
    expect(rowsInKeyOrder(['k', 'n'], ['k', 'n'], late)).toEqual([late[0], late[2], late[1]]);
  });
});
