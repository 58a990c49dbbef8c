// Expected values follow astropy 7 (`astropy.io.fits.Card.fromstring(image)`), checked case by case.
import { describe, expect, it } from 'vitest';
import { parseCardImage } from '../../../src/fits/card-parser.js';

const card = (text: string) => parseCardImage(text.padEnd(80));

describe('parseCardImage', () => {
  it.each([
    ["KEY     = 'abc     '", 'abc'],
    ["KEY     = '  abc '", '  abc'],
    ["KEY     = '    '", ''],
    ["KEY     = ''", ''],
    ["KEY     = 'it''s'", "it's"],
    ["CCDSEC  = ']       '", ']'],
    ['KEY     = 1.5D3', 1500],
    ['KEY     = 1E5', 100000],
    ['KEY     =                 1.e5', 100000],
    ['KEY     = -.5', -0.5],
    ['KEY     = +007', 7],
    ['NAXIS1  =                 1026 / length of data axis 1', 1026],
    ['KEY     = 12345678901234567890123', 12345678901234567890123n],
    ['KEY     = -9007199254740993', -9007199254740993n],
    ['KEY     =                    T', true],
    ['KEY     =                    F / no', false],
    ['KEY     = (1, 2.5) / c', { re: 1, im: 2.5 }],
    ['KEY     = ( -1.5E2 ,3 )', { re: -150, im: 3 }],
    ['KEY     =  / hi', null],
    ['KEY     =', null],
  ])('%s', (image, value) => {
    expect(card(image)).toMatchObject({ type: 'card', card: { value } });
  });

  it('reads comments, trimmed, and marks reals', () => {
    expect(card('EXPTIME =                 30.0 / [s]  exposure time  ')).toEqual({
      type: 'card',
      card: { keyword: 'EXPTIME', value: 30, comment: '[s]  exposure time', float: true, raw: 'EXPTIME =                 30.0 / [s]  exposure time  '.padEnd(80) },
    });
    expect(card("OBJECT  = 'M31/a' /comment/with/slashes")).toMatchObject({ card: { value: 'M31/a', comment: 'comment/with/slashes' } });
  });

  it('reads commentary cards as text values', () => {
    expect(card("COMMENT   FITS (Flexible Image Transport System) format")).toMatchObject({ card: { keyword: 'COMMENT', value: '  FITS (Flexible Image Transport System) format' } });
    expect(card('HISTORY Updated via LSST FITS Header Conformance Tool')).toMatchObject({ card: { keyword: 'HISTORY', value: 'Updated via LSST FITS Header Conformance Tool' } });
    expect(card('        some text')).toMatchObject({ card: { keyword: '', value: 'some text' } });
    expect(card('')).toMatchObject({ card: { keyword: '', value: '' } });
    expect(card('COMMENT = not a value')).toMatchObject({ card: { keyword: 'COMMENT', value: '= not a value' } });
  });

  it('reads a keyword without value indicator as a comment card', () => {
    expect(card('ORIGIN    text without equals')).toEqual({ type: 'card', card: { keyword: 'ORIGIN', comment: '  text without equals', raw: 'ORIGIN    text without equals'.padEnd(80) } });
  });

  it('reads HIERARCH cards in the spellings found in the fixtures', () => {
    expect(card('HIERARCH ZER 0 0 =          0. / Zernike amplitude')).toMatchObject({ card: { keyword: 'ZER 0 0', value: 0, comment: 'Zernike amplitude', float: true } });
    expect(card('HIERARCH MONOCH-WAVELENG=      1000.008 / monochromator wavelength')).toMatchObject({ card: { keyword: 'MONOCH-WAVELENG', value: 1000.008 } });
    expect(card("HIERARCH CALIB_CREATION_DATE = '2019-06-12'")).toMatchObject({ card: { keyword: 'CALIB_CREATION_DATE', value: '2019-06-12' } });
    expect(card('HIERARCH a b c = 5')).toMatchObject({ card: { keyword: 'a b c', value: 5 } });
  });

  it('accepts lower-case keywords and a value indicator before column 9, as astropy does', () => {
    expect(card('naxis   = 2')).toMatchObject({ card: { keyword: 'NAXIS', value: 2 } });
    expect(card('KEY= 3')).toMatchObject({ card: { keyword: 'KEY', value: 3 } });
  });

  it('recognises END', () => {
    expect(card('END')).toEqual({ type: 'end' });
  });

  it.each([
    ["KEY     = 'unterminated", /unterminated string/],
    ["KEY     = 'abc' junk", /unexpected text after the value/],
    ['KEY     = 1.2.3', /unparsable value/],
    ['KEY     = T5', /unparsable value/],
    ['KEY     = (1, )', /unparsable complex/],
    ['KEY     = 1 2', /unexpected text/],
    ['KE Y    = 1', /invalid keyword/],
    ['K@Y     text', /invalid keyword/],
    ['KEY     = \u0000', /non-printable character 0x00 in column 11/],
    ['HIERARCH  = 1', /HIERARCH card without a keyword/],
  ])('rejects %j', (image, message) => {
    const parsed = card(image);
    expect(parsed.type).toBe('error');
    expect(parsed.type === 'error' && parsed.message).toMatch(message);
  });
});
