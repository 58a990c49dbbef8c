import { describe, expect, it } from 'vitest';
import { diffHeaders } from '../../../src/diff/header-diff.js';
import { PARITY_IGNORED_KEYWORDS } from '../../../src/diff/header-ignore-rules.js';
import { EXACT } from '../../../src/diff/tolerance.js';
import { header } from './fits-builders.js';

const base = header([
  ['OBJECT', 'M31', 'target'],
  ['EXPTIME', 30.5, 'seconds'],
  ['DATE-OBS', '2020-01-01T00:00:00'],
  ['NCOMB', 3],
]);

describe('diffHeaders', () => {
  it('compares a header with itself as with a copy, also after it changes', () => {
    const h = base.clone().set('DATE', '2024-01-01').set('BAD1', '');
    const options = { ignoreKeywords: ['DATE', 'BZERO'], oneSidedKeywords: 'informational' as const };
    expect(diffHeaders(h, h, options)).toEqual(diffHeaders(h, h.clone(), options));
    expect(diffHeaders(h, h, options).ignored).toEqual(['DATE']);
    h.set('BZERO', 0);
    expect(diffHeaders(h, h, options)).toEqual(diffHeaders(h, h.clone(), options));
    expect(diffHeaders(h, h, options).ignored).toEqual(['BZERO', 'DATE']);
    expect(diffHeaders(h, h, { ...options, ignoreKeywords: ['NCOMB'] }).ignored).toEqual(['NCOMB']);
  });

  it('finds nothing in equal headers', () => {
    const diff = diffHeaders(base, base.clone());
    expect(diff.identical).toBe(true);
    expect(diff.summary).toBe('headers identical');
  });

  it('reports value and comment edits by keyword', () => {
    const edited = base.clone().set('EXPTIME', 31.0, undefined, { float: true }).set('OBJECT', 'M31', 'another target');
    const diff = diffHeaders(base, edited);
    expect(diff.identical).toBe(false);
    expect(diff.values).toEqual([{ keyword: 'EXPTIME', occurrence: 1, a: 30.5, b: 31 }]);
    expect(diff.comments).toEqual([{ keyword: 'OBJECT', occurrence: 1, a: 'target', b: 'another target' }]);
    expect(diff.summary).toBe('values differ: EXPTIME; comments differ: OBJECT');
  });

  it('compares reals within the tolerance, integers exactly', () => {
    const close = base.clone().set('EXPTIME', 30.5000001, undefined, { float: true }).set('NCOMB', 4);
    const diff = diffHeaders(base, close, { tolerance: { rtol: 1e-5, atol: 0 } });
    expect(diff.values.map((v) => v.keyword)).toEqual(['NCOMB']);
  });

  it('ignores comments of the keywords listed, with wildcards', () => {
    const edited = base.clone().set('OBJECT', 'M31', 'changed');
    expect(diffHeaders(base, edited, { ignoreComments: ['OBJ*'] }).identical).toBe(true);
    expect(diffHeaders(base, edited, { ignoreComments: ['*'] }).identical).toBe(true);
  });

  it('lists one-sided keywords as differences, or as information in parity mode', () => {
    const extra = base.clone().set('FILTER', 'r');
    const diff = diffHeaders(base, extra);
    expect(diff.onlyInB).toEqual([{ keyword: 'FILTER', value: 'r' }]);
    expect(diff.identical).toBe(false);
    const parity = diffHeaders(base, extra, { oneSidedKeywords: 'informational' });
    expect(parity.identical).toBe(true);
    expect(parity.summary).toBe('headers identical; only in b (informational): FILTER');
  });

  it('skips ignored keywords given with wildcards (DATE*), and lists them', () => {
    const dated = base.clone().set('DATE-OBS', '2021-06-30T12:00:00').set('DATE', '2024-01-01');
    const diff = diffHeaders(base, dated, { ignoreKeywords: ['DATE*'] });
    expect(diff.identical).toBe(true);
    expect(diff.ignored).toEqual(['DATE', 'DATE-OBS']);
  });

  it("counts every card when asked (astropy's HeaderDiff), even ignored ones", () => {
    const extra = base.clone().set('DATE', '2024-01-01');
    const diff = diffHeaders(base, extra, { ignoreKeywords: ['DATE'], countAllCards: true });
    expect(diff.identical).toBe(false);
    expect(diff.cardCounts).toEqual({ a: 4, b: 5 });
  });

  it('compares duplicate keywords position by position and counts them', () => {
    const a = base.clone().append('HISTORY', 'step 1').append('HISTORY', 'step 2');
    const b = base.clone().append('HISTORY', 'step 1').append('HISTORY', 'step two').append('HISTORY', 'step 3');
    const diff = diffHeaders(a, b);
    expect(diff.duplicateCounts).toEqual([{ keyword: 'HISTORY', a: 2, b: 3 }]);
    expect(diff.values).toEqual([{ keyword: 'HISTORY', occurrence: 2, a: 'step 2', b: 'step two' }]);
  });

  it('ignores trailing blanks of strings and blank cards by default', () => {
    const padded = base.clone().set('OBJECT', 'M31   ').append('', '');
    expect(diffHeaders(base, padded).identical).toBe(true);
    expect(diffHeaders(base, padded, { ignoreBlanks: false, ignoreBlankCards: false, countAllCards: true }).identical).toBe(false);
  });

  it('the parity ignore list hides compression, provenance and archive keys but not DATE-OBS', () => {
    const a = header([['ZCMPTYPE', 'GZIP_2'], ['HIERARCH ASTRO METADATA FIX DATE', '2020-01-01'], ['AR_HDU', 5], ['ARCHIVE_ID_PSF', 1], ['DATE-OBS', 'x']]);
    const b = header([['ZCMPTYPE', 'RICE_1'], ['HIERARCH LSST BUTLER ID', 'abc'], ['AR_HDU', 6], ['ARCHIVE_ID_PSF', 2], ['DATE-OBS', 'y']]);
    const diff = diffHeaders(a, b, { ignoreKeywords: PARITY_IGNORED_KEYWORDS, tolerance: EXACT });
    expect(diff.values.map((v) => v.keyword)).toEqual(['DATE-OBS']);
    expect(diff.onlyInA).toEqual([]);
    expect(diff.onlyInB).toEqual([]);
  });
});
