import { describe, expect, it } from 'vitest';
import { collectionTypeCode, collectionTypeFromCode, isCollectionType } from '../../../../src/gen3/registry/index.js';

describe('collection types', () => {
  it('use daf_butler codes RUN=1 TAGGED=2 CHAINED=3 CALIBRATION=4 both ways', () => {
    expect((['RUN', 'TAGGED', 'CHAINED', 'CALIBRATION'] as const).map(collectionTypeCode)).toEqual([1, 2, 3, 4]);
    expect([1, 2n, '3', 4].map(collectionTypeFromCode)).toEqual(['RUN', 'TAGGED', 'CHAINED', 'CALIBRATION']);
    expect(() => collectionTypeFromCode(5)).toThrow(/unknown collection type/);
    expect(isCollectionType('RUN')).toBe(true);
    expect(isCollectionType('run')).toBe(false);
  });
});
