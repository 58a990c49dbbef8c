// Expected card images were produced with astropy 7 (`str(astropy.io.fits.Card(keyword, value, comment))`).
import { describe, expect, it } from 'vitest';
import type { CardValue } from '../../../src/fits/card.js';
import { formatCard } from '../../../src/fits/card-formatter.js';
import { parseCardImage } from '../../../src/fits/card-parser.js';
import { formatReal } from '../../../src/fits/real-format.js';

const ASTROPY_CARDS: [string, CardValue, string | undefined, string][] = [
  ['NAXIS1', 1026, undefined, 'NAXIS1  =                 1026'],
  ['NEG', -42, 'a negative', 'NEG     =                  -42 / a negative'],
  ['BIG', 12345678901234567890n, undefined, 'BIG     = 12345678901234567890'],
  ['FLT', 1.5, undefined, 'FLT     =                  1.5'],
  ['SMALL', 1e-5, undefined, 'SMALL   =                1E-05'],
  ['TINY', -3.2e-5, undefined, 'TINY    =             -3.2E-05'],
  ['THIRD', 1 / 3, undefined, 'THIRD   =   0.3333333333333333'],
  ['E16', 1e16, undefined, 'E16     =                1E+16'],
  ['MJD', 51195.2035520278, undefined, 'MJD     =     51195.2035520278'],
  ['HUGE', 1e300, undefined, 'HUGE    =               1E+300'],
  ['DENORM', 5e-324, undefined, 'DENORM  =               5E-324'],
  ['NEGZERO', -0, undefined, 'NEGZERO =                 -0.0'],
  ['PI', Math.PI, 'pi', 'PI      =    3.141592653589793 / pi'],
  ['LOGIC', true, undefined, 'LOGIC   =                    T'],
  ['FALSE', false, 'no', 'FALSE   =                    F / no'],
  ['CPLX', { re: 1, im: 2.5 }, undefined, 'CPLX    =           (1.0, 2.5)'],
  ['STR', 'abc', undefined, "STR     = 'abc     '"],
  ['EMPTY', '', undefined, "EMPTY   = ''"],
  ['QUOTE', "it's", 'quoted', "QUOTE   = 'it''s   '           / quoted"],
  ['PADDED', 'exactly8', undefined, "PADDED  = 'exactly8'"],
  ['DATE-OBS', '2018-09-20T12:00:00.000', 'UTC', "DATE-OBS= '2018-09-20T12:00:00.000' / UTC"],
  ['UNDEF', null, 'undefined', 'UNDEF   =  / undefined'],
  ['ESO DET CHIP', 5, 'chip', 'HIERARCH ESO DET CHIP = 5 / chip'],
  ['LONG.KEY.NAME', 'value', undefined, "HIERARCH LONG.KEY.NAME = 'value   '"],
];

describe('formatCard', () => {
  it.each(ASTROPY_CARDS)('%s is formatted like astropy', (keyword, value, comment, expected) => {
    const image = formatCard({ keyword, value, ...(comment === undefined ? {} : { comment }) });
    expect(image).toBe(expected.padEnd(80));
  });

  it.each(ASTROPY_CARDS)('%s parses back to the same value', (keyword, value, comment) => {
    const image = formatCard({ keyword, value, ...(comment === undefined ? {} : { comment }) });
    const parsed = parseCardImage(image);
    expect(parsed).toMatchObject({ type: 'card', card: { keyword, value, ...(comment === undefined ? {} : { comment }) } });
  });

  it('writes integral numbers flagged as float as reals, as astropy does for Python floats', () => {
    expect(formatCard({ keyword: 'EXPTIME', value: 30, comment: 'seconds', float: true })).toBe('EXPTIME =                 30.0 / seconds'.padEnd(80));
    expect(formatCard({ keyword: 'E15', value: 1e15, float: true })).toBe('E15     =   1000000000000000.0'.padEnd(80));
  });

  it('splits a long string over CONTINUE cards like astropy', () => {
    const value = 'This is a long string value that does not fit in a single FITS header card of eighty characters';
    expect(formatCard({ keyword: 'LONGSTR', value, comment: 'and a comment' })).toBe(
      "LONGSTR = 'This is a long string value that does not fit in a single FITS &'    " +
        "CONTINUE  'header card of eighty characters&'                                   " +
        "CONTINUE  '' / and a comment                                                    ",
    );
  });

  it('splits long commentary text over several cards like astropy', () => {
    expect(formatCard({ keyword: 'COMMENT', value: 'x'.repeat(100) })).toBe(`COMMENT ${'x'.repeat(72)}` + `COMMENT ${'x'.repeat(28)}`.padEnd(80));
  });

  it('never splits an escaped quote pair between CONTINUE cards', () => {
    const value = `${'a'.repeat(66)}'${'b'.repeat(80)}`;
    const image = formatCard({ keyword: 'QUOTES', value });
    expect(image.length % 80).toBe(0);
    expect(image.slice(0, 80)).toBe(`QUOTES  = '${'a'.repeat(66)}&'`.padEnd(80));
  });

  it('truncates a comment that does not fit, like astropy', () => {
    expect(formatCard({ keyword: 'K', value: 1, comment: 'c'.repeat(100) })).toHaveLength(80);
  });

  it('rejects values a header cannot hold', () => {
    expect(() => formatCard({ keyword: 'NAN', value: Number.NaN })).toThrow(/NaN cannot be written/);
    expect(() => formatCard({ keyword: 'X'.repeat(70), value: 1234567890 })).toThrow(/too long/);
  });
});

describe('formatReal', () => {
  it('round-trips random doubles exactly', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 600 - 300);
      expect(Number.parseFloat(formatReal(value))).toBe(value);
    }
  });

  it('keeps the significant digits astropy would truncate', () => {
    expect(formatReal(-1.2345678901234567e-100)).toBe('-1.2345678901234567E-100');
    expect(formatReal(2 ** 60)).toBe('1.152921504606847E+18');
  });
});
