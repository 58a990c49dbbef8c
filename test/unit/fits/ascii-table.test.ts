// Expected values of the astropy-written table are astropy 7's (`fits.open(...)[2].data`).
import { describe, expect, it } from 'vitest';
import type { AsciiTable } from '../../../src/fits/ascii-table.js';
import { parseAsciiNumber } from '../../../src/fits/ascii-table.js';
import { parseFits, writeFits } from '../../../src/fits/fits-file.js';
import type { Hdu } from '../../../src/fits/hdu.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { astropyAllTypes } from './astropy-written.js';

function tableOf(hdu: Hdu | undefined): AsciiTable {
  if (hdu?.kind !== 'table') throw new Error('not an ASCII table');
  return hdu.table();
}

/** An ASCII table HDU from column keywords and row texts (written through a raw spec). */
function asciiTable(columns: Record<string, string | number>[], rows: string[]): () => AsciiTable {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const header = new FitsHeader().set('XTENSION', 'TABLE').set('BITPIX', 8).set('NAXIS', 2).set('NAXIS1', width).set('NAXIS2', rows.length).set('PCOUNT', 0).set('GCOUNT', 1).set('TFIELDS', columns.length);
  columns.forEach((cards, i) => Object.entries(cards).forEach(([key, value]) => header.set(`${key}${i + 1}`, value)));
  const bytes = writeFits([{ kind: 'image' }, { kind: 'raw', header, data: Buffer.from(rows.map((row) => row.padEnd(width)).join(''), 'latin1') }]);
  return () => tableOf(parseFits(bytes, 'ascii.fits').hdus[1]);
}

describe('reading an ASCII table written by astropy', () => {
  const table = tableOf(parseFits(astropyAllTypes()).hdus[2]);

  it('has the column definitions', () => {
    expect(table.columns.map(({ name, tform, type, width, decimals, offset }) => [name, tform, type, width, decimals, offset])).toEqual([
      ['NAME', 'A8', 'A', 8, 0, 0],
      ['COUNT', 'I6', 'I', 6, 0, 8],
      ['FLUX', 'F10.3', 'F', 10, 3, 14],
      ['SMALL', 'E12.4', 'E', 12, 4, 24],
      ['BIG', 'D25.17', 'D', 25, 17, 36],
    ]);
    expect(table.column('COUNT')?.tnull).toBe('-999');
    expect(table.column('flux')?.unit).toBe('Jy');
  });

  it('reads the values astropy reads (TNULL fields as NaN where astropy gives 0)', () => {
    expect(table.read('NAME')).toEqual({ kind: 'string', values: ['alpha', 'beta', 'g'] });
    expect([...table.read('COUNT').values]).toEqual([1, Number.NaN, 123456]);
    expect([...table.read('FLUX').values]).toEqual([1.5, -2.25, 1000.125]);
    expect([...table.read('SMALL').values]).toEqual([1.5e-10, -3.25e5, 0]);
    expect([...table.read('BIG').values]).toEqual([Math.PI, -1e300, 2 ** 60]);
  });
});

describe('ASCII table rules', () => {
  it('applies an implied decimal point, TSCAL/TZERO and blank fields', () => {
    const table = asciiTable(
      [
        { TTYPE: 'F', TFORM: 'F8.2', TBCOL: 1 },
        { TTYPE: 'E', TFORM: 'E8.3', TBCOL: 9, TSCAL: 2, TZERO: 1 },
      ],
      ['12345'.padStart(8) + '1234E2'.padStart(8), '-1.5'.padStart(8) + '-5.5'.padStart(8), ' '.repeat(16)],
    )();
    expect([...table.read('F').values]).toEqual([123.45, -1.5, Number.NaN]);
    expect([...table.read('E').values]).toEqual([123.4, -5.5, Number.NaN]);
    expect([...table.physical('E')]).toEqual([247.8, -10, Number.NaN]);
  });

  it('parses FORTRAN-style numbers', () => {
    expect(parseAsciiNumber('1.5D+03', 0)).toBe(1500);
    expect(parseAsciiNumber('-.25', 0)).toBe(-0.25);
    expect(parseAsciiNumber('12', 3)).toBe(0.012);
    expect(parseAsciiNumber('1 2', 0)).toBe(12);
    expect(parseAsciiNumber('abc', 0)).toBeUndefined();
    expect(parseAsciiNumber('.', 0)).toBeUndefined();
  });

  it('reports unparsable fields with their offset', () => {
    const table = asciiTable([{ TTYPE: 'N', TFORM: 'I4', TBCOL: 1 }], ['  12', 'oops'])();
    expect(() => table.read('N')).toThrow('ascii.fits (HDU 1, byte 5764): column "N" row 1: unparsable I4 field "oops"');
    expect(() => table.physical('missing')).toThrow(/ASCII table has no column "missing"/);
  });

  it('reports bad column definitions', () => {
    expect(asciiTable([{ TTYPE: 'N', TFORM: 'X4', TBCOL: 1 }], ['1234'])).toThrow(/bad TFORM1 "X4"/);
    expect(asciiTable([{ TTYPE: 'N', TFORM: 'I4' }], ['1234'])).toThrow(/missing TBCOL1 keyword/);
    expect(asciiTable([{ TTYPE: 'N', TFORM: 'I4', TBCOL: 3 }], ['1234'])).toThrow(/field 1 \(TBCOL1 = 3, width 4\) does not fit in NAXIS1 = 4/);
    expect(() => asciiTable([{ TTYPE: 'N', TFORM: 'A4', TBCOL: 1 }], ['1234'])().physical('N')).toThrow(/column "N" \(A4\) is not numeric/);
  });
});
