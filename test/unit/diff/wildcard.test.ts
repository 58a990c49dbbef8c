import { describe, expect, it } from 'vitest';
import { wildcardMatcher, wildcardToRegExp } from '../../../src/diff/wildcard.js';

describe('wildcards (fnmatch)', () => {
  it('matches *, ? and character classes', () => {
    const match = wildcardMatcher(['DATE*', 'NAXIS?', 'T[UF]NIT1', 'X[!0-9]']);
    expect(['DATE', 'DATE-OBS', 'NAXIS1', 'TUNIT1', 'XA'].every(match)).toBe(true);
    expect(['UPDATE', 'NAXIS', 'NAXIS12', 'TXNIT1', 'X1'].some(match)).toBe(false);
  });

  it('is case-insensitive unless asked otherwise, and escapes regex characters', () => {
    expect(wildcardMatcher(['date*'])('DATE-OBS')).toBe(true);
    expect(wildcardMatcher(['SCI'], { caseInsensitive: false })('sci')).toBe(false);
    expect(wildcardToRegExp('a.b+c').test('a.b+c')).toBe(true);
    expect(wildcardToRegExp('a.b+c').test('axb+c')).toBe(false);
    expect(wildcardToRegExp('[abc').test('[abc')).toBe(true);
  });
});
