import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../src/cache/bounded-map.js';

describe('BoundedMap', () => {
  it('holds up to its limit, empties itself before a new key beyond it, and keeps its entries when a held key is set again', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect([...m]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    m.set('b', 20);
    expect([...m]).toEqual([['a', 1], ['b', 20], ['c', 3]]);
    m.set('d', 4);
    expect([...m]).toEqual([['d', 4]]);
    expect(m.get('a')).toBeUndefined();
    expect(m).toBeInstanceOf(Map);
  });
});
