import { describe, expect, it } from 'vitest';
import { FitsError, FitsWriteError } from '../../../src/fits/errors.js';
import { FitsHeader } from '../../../src/fits/header.js';

/** Header bytes from card texts (each padded to 80), an END card and block padding. */
function headerBytes(...cards: string[]): Buffer {
  const text = [...cards, 'END'].map((c) => c.padEnd(80)).join('');
  return Buffer.from(text.padEnd(Math.ceil(text.length / 2880) * 2880), 'latin1');
}

describe('FitsHeader.parse', () => {
  // The TDOC9 card is copied from obs_cfht/megacam/camera/ccd00.fits; astropy reads it as one card.
  const bytes = headerBytes(
    'SIMPLE  =                    T / file does conform to FITS standard',
    'BITPIX  =                   16',
    'NAXIS   =                    0',
    "TDOC9   = 'level above which pixels are considered suspicious, meaning they ma&'",
    "CONTINUE  'y be affected by unknown systematics; for example if non-linearity &'",
    "CONTINUE  'corrections above a certain level are unstable then that would be a&'",
    "CONTINUE  ' useful value for suspectLevel; use `nan` if no such level applies'",
    "LONGCMT = 'first part &' / comment one",
    "CONTINUE  'second part' / comment two",
    "AMPER   = 'ends with &'",
    "CONTINUE  'a stray continue'",
    'HIERARCH ESO DET CHIP = 5 / chip',
    'COMMENT   first comment',
    'HISTORY one',
    'HISTORY two',
    '        blank keyword text',
    'DUP     =                    1',
    'DUP     =                    2',
  );
  const header = FitsHeader.parse(bytes);

  it('joins CONTINUE long strings into one card, as astropy does', () => {
    expect(header.get('TDOC9')).toBe(
      'level above which pixels are considered suspicious, meaning they may be affected by unknown systematics; for example if non-linearity corrections above a certain level are unstable then that would be a useful value for suspectLevel; use `nan` if no such level applies',
    );
    expect(header.getCard('TDOC9')?.raw).toHaveLength(4 * 80);
    expect(header.getCard('LONGCMT')).toMatchObject({ value: 'first part second part', comment: 'comment one comment two' });
  });

  it('keeps a trailing & when no CONTINUE card follows, and a stray CONTINUE card as its own card', () => {
    expect(header.get('AMPER')).toBe('ends with a stray continue');
    const plain = FitsHeader.parse(headerBytes("AMPER   = 'ends with &'", "CONTINUE  = 'x'"));
    expect(plain.get('AMPER')).toBe('ends with &');
  });

  it('looks keywords up case-insensitively, HIERARCH with or without prefix', () => {
    expect(header.get('eso det chip')).toBe(5);
    expect(header.get('HIERARCH ESO DET CHIP')).toBe(5);
    expect(header.has('bitpix')).toBe(true);
    expect(header.has('NOPE')).toBe(false);
    expect(header.get('NOPE')).toBeUndefined();
  });

  it('gives commentary cards and duplicates in order', () => {
    expect(header.getAll('HISTORY')).toEqual(['one', 'two']);
    expect(header.get('COMMENT')).toBe('  first comment');
    expect(header.get('')).toBe('blank keyword text');
    expect(header.get('DUP')).toBe(1);
    expect(header.getAll('DUP')).toEqual([1, 2]);
  });

  it('has typed getters', () => {
    expect(header.getNumber('BITPIX')).toBe(16);
    expect(header.getNumber('TDOC9')).toBeUndefined();
    expect(header.getString('TDOC9')).toMatch(/^level/);
    expect(header.getString('BITPIX')).toBeUndefined();
    expect(header.getBoolean('SIMPLE')).toBe(true);
  });

  it('writes back the same bytes when unmodified', () => {
    expect(header.toBuffer().equals(bytes)).toBe(true);
  });

  it('reports a malformed card with its byte offset', () => {
    const bad = headerBytes('SIMPLE  =                    T', "BAD     = 'oops");
    expect(() => FitsHeader.parse(bad, 'x.fits')).toThrow(FitsError);
    expect(() => FitsHeader.parse(bad, 'x.fits')).toThrow("x.fits (HDU 0, byte 80): bad header card: BAD: unterminated string \"'oops\"");
  });

  it('reports a missing END card', () => {
    const noEnd = Buffer.from('SIMPLE  =                    T'.padEnd(2880), 'latin1');
    expect(() => FitsHeader.parse(noEnd)).toThrow(/header has no END card before the end of the file/);
    expect(() => FitsHeader.parse(noEnd.subarray(0, 100))).toThrow(/truncated header: 100 bytes/);
  });
});

describe('FitsHeader editing', () => {
  it('replaces a card in place, keeping its comment, and appends new ones before END', () => {
    const header = FitsHeader.parse(headerBytes('SIMPLE  =                    T', 'EXPTIME =                 30.0 / [s] exposure', "OBJECT  = 'M31'"));
    header.set('EXPTIME', 15.5).set('FILTER', 'r', 'filter name');
    expect(header.cards.map((c) => c.keyword)).toEqual(['SIMPLE', 'EXPTIME', 'OBJECT', 'FILTER']);
    expect(header.getCard('EXPTIME')).toEqual({ keyword: 'EXPTIME', value: 15.5, comment: '[s] exposure' });
    const text = header.toBuffer().toString('latin1');
    expect(text.slice(80, 160)).toBe('EXPTIME =                 15.5 / [s] exposure'.padEnd(80));
    expect(text.slice(240, 320)).toBe("FILTER  = 'r       '           / filter name".padEnd(80));
    expect(text.slice(320, 400)).toBe('END'.padEnd(80));
    expect(text.length).toBe(2880);
  });

  it('writes reals on request and round-trips every value type', () => {
    const header = new FitsHeader()
      .set('EXPTIME', 30, 'seconds', { float: true })
      .set('INT', -5)
      .set('BIG', 2n ** 63n)
      .set('REAL', -3.2e-5)
      .set('CPLX', { re: 1.5, im: -2 })
      .set('FLAG', false)
      .set('UNDEF', null, 'no value')
      .set('STR', "O'Brien  ")
      .set('ESO INS FILT NAME', 'g', 'a HIERARCH card')
      .set('LONGSTR', `${'word '.repeat(40)}end`, 'long comment '.repeat(8))
      .append('HISTORY', 'h'.repeat(100))
      .append('COMMENT', 'c');
    const reread = FitsHeader.parse(header.toBuffer());
    expect(reread.get('EXPTIME')).toBe(30);
    expect(reread.getCard('EXPTIME')?.float).toBe(true);
    expect(reread.get('INT')).toBe(-5);
    expect(reread.get('BIG')).toBe(2n ** 63n);
    expect(reread.get('REAL')).toBe(-3.2e-5);
    expect(reread.get('CPLX')).toEqual({ re: 1.5, im: -2 });
    expect(reread.get('FLAG')).toBe(false);
    expect(reread.getCard('UNDEF')).toMatchObject({ value: null, comment: 'no value' });
    expect(reread.get('STR')).toBe("O'Brien");
    expect(reread.get('ESO INS FILT NAME')).toBe('g');
    expect(reread.get('LONGSTR')).toBe(`${'word '.repeat(40)}end`);
    expect(reread.getCard('LONGSTR')?.comment).toBe('long comment '.repeat(8).trim());
    expect(reread.getAll('HISTORY').join('')).toBe('h'.repeat(100));
    expect(reread.get('COMMENT')).toBe('c');
  });

  it('deletes every card with a keyword', () => {
    const header = new FitsHeader().append('HISTORY', 'a').set('X', 1).append('HISTORY', 'b');
    expect(header.delete('history')).toBe(2);
    expect(header.delete('history')).toBe(0);
    expect(header.cards.map((c) => c.keyword)).toEqual(['X']);
  });

  it('lookups after every kind of change see the change (first card wins, any spelling)', () => {
    const header = new FitsHeader().set('A', 1).set('HIERARCH LSST RUN', 'x');
    expect(header.get('lsst run')).toBe('x');
    expect(header.has('B')).toBe(false);
    header.set('B', 2);
    expect(header.get('b')).toBe(2);
    header.append('A', 3);
    expect(header.get('A')).toBe(1);
    expect(header.delete('A')).toBe(2);
    expect(header.has('A')).toBe(false);
    expect(header.get('HIERARCH LSST RUN')).toBe('x');
    header.set('A', 4);
    expect(header.getCard('A')?.value).toBe(4);
    expect(header.cards.map((c) => c.keyword)).toEqual(['LSST RUN', 'B', 'A']);
  });

  it('clones independently', () => {
    const header = new FitsHeader().set('A', 1);
    const copy = header.clone().set('A', 2);
    expect(header.get('A')).toBe(1);
    expect(copy.get('A')).toBe(2);
  });

  it('rejects reserved keywords and unrepresentable values', () => {
    const header = new FitsHeader();
    expect(() => header.set('END', 1)).toThrow(FitsWriteError);
    expect(() => header.set('CONTINUE', 'x')).toThrow(FitsWriteError);
    expect(() => header.set('BAD=KEY', 1)).toThrow(/invalid header keyword/);
    expect(() => header.set('X', Number.POSITIVE_INFINITY)).toThrow(/Infinity cannot be written/);
    expect(() => header.set('X', 'caf\u00e9')).toThrow(/printable ASCII/);
    expect(() => header.append('COMMENT', 5)).toThrow(/carry text/);
    expect(header.cards).toHaveLength(0);
  });
});
