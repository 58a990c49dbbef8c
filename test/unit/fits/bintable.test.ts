// Expected values come from astropy 7: `astropyAllTypes()` was written by astropy and its values printed by
// astropy; files written here were read back by astropy with the same values (see the report).
import { describe, expect, it } from 'vitest';
import type { BinTable } from '../../../src/fits/bintable.js';
import { FitsError, FitsWriteError } from '../../../src/fits/errors.js';
import { parseFits, writeFits } from '../../../src/fits/fits-file.js';
import type { Hdu } from '../../../src/fits/hdu.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { formatBinaryFormat, parseBinaryFormat } from '../../../src/fits/tform.js';
import { astropyAllTypes } from './astropy-written.js';

function tableOf(hdu: Hdu | undefined): BinTable {
  if (hdu?.kind !== 'bintable' && hdu?.kind !== 'compressed-image') throw new Error('not a binary table');
  return hdu.table();
}

describe('parseBinaryFormat', () => {
  it.each([
    ['1J', { repeat: 1, type: 'J', width: 4 }],
    ['J', { repeat: 1, type: 'J', width: 4 }],
    ['64A', { repeat: 64, type: 'A', width: 64 }],
    ['20A10', { repeat: 20, type: 'A', width: 20 }],
    ['3X', { repeat: 3, type: 'X', width: 1 }],
    ['17X', { repeat: 17, type: 'X', width: 3 }],
    ['0D', { repeat: 0, type: 'D', width: 0 }],
    ['2M', { repeat: 2, type: 'M', width: 32 }],
    ['1PB(107)', { repeat: 1, type: 'B', descriptor: 'P', maxLength: 107, width: 8 }],
    ['QD', { repeat: 1, type: 'D', descriptor: 'Q', width: 16 }],
    ['1QA(7)', { repeat: 1, type: 'A', descriptor: 'Q', maxLength: 7, width: 16 }],
  ])('%s', (tform, format) => {
    expect(parseBinaryFormat(tform)).toEqual(format);
  });

  it.each(['', 'Z', '1.5J', '2PJ', 'PZ', '1P'])('rejects %j', (tform) => {
    expect(parseBinaryFormat(tform)).toBeUndefined();
  });

  it('formats back', () => {
    expect(['1J', '64A', '1PB(107)', '1QD'].map((tform) => formatBinaryFormat(parseBinaryFormat(tform) as never))).toEqual(['1J', '64A', '1PB(107)', '1QD']);
  });
});

describe('reading a binary table written by astropy', () => {
  const table = tableOf(parseFits(astropyAllTypes()).hdus[1]);

  it('has the column definitions', () => {
    expect(table.rowCount).toBe(3);
    expect(table.columns.map((c) => `${c.name}:${c.tform}`)).toEqual([
      'flag:L', 'bits:11X', 'byte:B', 'short:I', 'scaled:J', 'long:K', 'ushort:I', 'text:10A', 'real:E', 'double:D', 'cplx:C', 'dcplx:M',
      'matrix:6D', 'words:12A', 'varint:PJ(3)', 'vardbl:QD(2)', 'varstr:PA(5)',
    ]);
    expect(table.column('short')).toMatchObject({ tnull: -99, tscal: 1, tzero: 0 });
    expect(table.column('scaled')).toMatchObject({ tscal: 0.5, tzero: 10 });
    expect(table.column('ushort')).toMatchObject({ tzero: 32768 });
    expect(table.column('real')?.unit).toBe('m');
    expect(table.column('matrix')?.dims).toEqual([3, 2]);
    expect(table.column('SHORT')?.number).toBe(4);
    expect(table.column(17)?.name).toBe('varstr');
  });

  it('reads logicals, bits, integers, strings', () => {
    expect(table.read('flag')).toEqual({ kind: 'logical', values: [true, false, true] });
    expect([...(table.read('bits').values as Uint8Array)]).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, ...Array(11).fill(0), ...Array(11).fill(1)]);
    expect(table.read('byte')).toEqual({ kind: 'number', values: new Uint8Array([0, 7, 255]) });
    expect(table.read('short')).toEqual({ kind: 'number', values: new Int16Array([-32768, -99, 32767]) });
    expect(table.read('long')).toEqual({ kind: 'number', values: new BigInt64Array([-4611686018427387904n, 0n, 4611686018427387909n]) });
    expect(table.read('text')).toEqual({ kind: 'string', values: ['abc', '', 'exactly10!'] });
    expect(table.read('words')).toEqual({ kind: 'string', values: ['ab', 'cd', 'ef', 'g', '', 'hijk', 'x', 'y', 'z'] });
  });

  it('applies TSCAL/TZERO/TNULL in physical values (TNULL → NaN, where astropy keeps the stored value)', () => {
    expect([...table.physical('scaled')]).toEqual([10, 11, 8]);
    expect([...table.physical('ushort')]).toEqual([0, 40000, 65535]);
    expect([...table.physical('short')]).toEqual([-32768, Number.NaN, 32767]);
    expect([...table.physical('real')]).toEqual([1.5, Number.NaN, Number.NEGATIVE_INFINITY]);
    expect([...table.physical('double')]).toEqual([Math.PI, 1e-300, Number.NaN]);
    expect([...table.physical('matrix')]).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });

  it('reads complex values interleaved', () => {
    expect(table.read('cplx')).toEqual({ kind: 'complex', values: new Float32Array([1, 2, -0, -1.5, 3, 0]) });
    expect(table.read('dcplx')).toEqual({ kind: 'complex', values: new Float64Array([1e10, 2, 0, 0, -1, -1]) });
  });

  it('reads variable-length arrays from the heap', () => {
    expect(table.read('varint')).toEqual({ kind: 'variable', values: [new Int32Array([1, 2, 3]), new Int32Array(0), new Int32Array([-7])] });
    expect(table.read('vardbl')).toEqual({ kind: 'variable', values: [new Float64Array([0.5]), new Float64Array([1, 2]), new Float64Array(0)] });
    expect(table.read('varstr')).toEqual({ kind: 'variable', values: ['hello', 'a', ''] });
  });

  it('refuses physical values of non-numeric columns and unknown columns', () => {
    expect(() => table.physical('text')).toThrow(/column "text" \(10A\) is not numeric/);
    expect(() => table.read('nope')).toThrow(FitsError);
  });
});

describe('writing binary tables', () => {
  const bytes = writeFits([
    { kind: 'image' },
    {
      kind: 'bintable',
      header: new FitsHeader().set('EXTNAME', 'OURS').set('TFIELDS', 99).set('TTYPE1', 'ignored'),
      columns: [
        { name: 'flag', values: [true, null, false] },
        { name: 'bits', type: 'X', repeat: 11, values: new Uint8Array([1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, ...Array(11).fill(0), ...Array(11).fill(1)]) },
        { name: 'byte', values: new Uint8Array([0, 7, 255]) },
        { name: 'short', values: new Int16Array([-32768, -99, 32767]), tnull: -99 },
        { name: 'scaled', values: new Int32Array([0, 2, -4]), tscal: 0.5, tzero: 10 },
        { name: 'long', values: new BigInt64Array([-(2n ** 62n), 0n, 2n ** 62n + 5n]) },
        { name: 'ushort', values: new Uint16Array([0, 40000, 65535]) },
        { name: 'sbyte', values: new Int8Array([-128, 0, 127]) },
        { name: 'uint', values: new Uint32Array([0, 3000000000, 1]) },
        { name: 'ulong', values: new BigUint64Array([0n, 2n ** 64n - 1n, 5n]) },
        { name: 'text', values: ['abc', '', 'exactly10!'], width: 10 },
        { name: 'real', values: new Float32Array([1.5, Number.NaN, Number.NEGATIVE_INFINITY]), unit: 'm' },
        { name: 'double', values: new Float64Array([Math.PI, 1e-300, Number.NaN]), display: 'G12.5' },
        { name: 'cplx', type: 'C', values: new Float32Array([1, 2, -0, -1.5, 3, 0]) },
        { name: 'dcplx', type: 'M', values: new Float64Array([1e10, 2, 0, 0, -1, -1]) },
        { name: 'matrix', repeat: 6, dims: [3, 2], values: Float64Array.from({ length: 18 }, (_, i) => i) },
        { name: 'words', repeat: 3, width: 4, values: ['ab', 'cd', 'ef', 'g', '', 'hijk', 'x', 'y', 'z'] },
        { name: 'varint', variable: 'P', values: [new Int32Array([1, 2, 3]), new Int32Array(0), new Int32Array([-7])] },
        { name: 'vardbl', variable: 'Q', values: [new Float64Array([0.5]), new Float64Array([1, 2]), new Float64Array(0)] },
        { name: 'varstr', variable: 'P', values: ['hello', 'a', ''] },
        { name: 'varlog', variable: 'P', values: [[true], [false, null], []] },
      ],
    },
  ]);
  const hdu = parseFits(bytes).hdus[1];
  const table = tableOf(hdu);

  it('writes the header astropy reads', () => {
    const header = hdu?.header;
    expect(header?.cards.slice(0, 8).map((c) => [c.keyword, c.value])).toEqual([
      ['XTENSION', 'BINTABLE'], ['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', 179], ['NAXIS2', 3], ['PCOUNT', 49], ['GCOUNT', 1], ['TFIELDS', 21],
    ]);
    expect(table.columns.map((c) => c.tform)).toEqual(['1L', '11X', '1B', '1I', '1J', '1K', '1I', '1B', '1J', '1K', '10A', '1E', '1D', '1C', '1M', '6D', '12A', '1PJ(3)', '1QD(2)', '1PA(5)', '1PL(2)']);
    expect(['TZERO7', 'TZERO8', 'TZERO9', 'TZERO10', 'TDIM16', 'TDIM17', 'TDISP13', 'EXTNAME'].map((key) => header?.get(key))).toEqual([32768, -128, 2147483648, 9223372036854775808n, '(3,2)', '(4,3)', 'G12.5', 'OURS']);
    expect(header?.has('TSCAL7')).toBe(false);
    expect(header?.getAll('TTYPE1')).toEqual(['flag']);
  });

  it('round-trips every type', () => {
    expect(table.read('flag')).toEqual({ kind: 'logical', values: [true, null, false] });
    expect(table.read('bits').values).toEqual(tableOf(parseFits(astropyAllTypes()).hdus[1]).read('bits').values);
    expect([...table.physical('scaled')]).toEqual([10, 11, 8]);
    expect([...table.physical('short')]).toEqual([-32768, Number.NaN, 32767]);
    expect([...table.physical('ushort')]).toEqual([0, 40000, 65535]);
    expect([...table.physical('sbyte')]).toEqual([-128, 0, 127]);
    expect([...table.physical('uint')]).toEqual([0, 3000000000, 1]);
    expect([...table.physical('ulong')]).toEqual([0, 2 ** 64, 5]);
    expect(table.read('long').values).toEqual(new BigInt64Array([-(2n ** 62n), 0n, 2n ** 62n + 5n]));
    expect(table.read('words').values).toEqual(['ab', 'cd', 'ef', 'g', '', 'hijk', 'x', 'y', 'z']);
    expect(table.read('varlog')).toEqual({ kind: 'variable', values: [[true], [false, null], []] });
    for (const name of ['text', 'real', 'double', 'cplx', 'dcplx', 'matrix', 'varint', 'vardbl', 'varstr']) {
      expect(table.read(name)).toEqual(tableOf(parseFits(astropyAllTypes()).hdus[1]).read(name));
    }
  });

  it('writes empty tables', () => {
    const empty = tableOf(parseFits(writeFits([{ kind: 'image' }, { kind: 'bintable', columns: [{ name: 'x', values: new Float64Array(0) }] }])).hdus[1]);
    expect(empty.rowCount).toBe(0);
    expect(empty.read('x').values).toEqual(new Float64Array(0));
    const noColumns = tableOf(parseFits(writeFits([{ kind: 'image' }, { kind: 'bintable', columns: [], rows: 4 }])).hdus[1]);
    expect([noColumns.rowCount, noColumns.rowLength, noColumns.columns.length]).toEqual([4, 0, 0]);
  });

  it('rejects inconsistent column specs', () => {
    const write = (columns: Parameters<typeof writeFits>[0][number] & { kind: 'bintable' }) => () => writeFits([{ kind: 'image' }, columns]);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', values: new Int16Array(3) }, { name: 'b', values: new Int16Array(2) }] })).toThrow(/column "b" has 2 rows, expected 3/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', values: new Int16Array(5), repeat: 2 }] })).toThrow(/5 values are not a whole number of rows of 2/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', values: ['toolong'], width: 3 }] })).toThrow(/longer than the width 3/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', values: new Uint16Array(1), tzero: 3 }] })).toThrow(/Uint16Array is written with TZERO 32768/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', type: 'X', values: new Int16Array(1) }] })).toThrow(/bit columns take a Uint8Array/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', type: 'C', values: new Float64Array(2) }] })).toThrow(/C columns take a Float32Array/);
    expect(write({ kind: 'bintable', columns: [{ name: 'a', variable: 'P', values: [new Int16Array(1), new Int32Array(1)] }] })).toThrow(/row 1 holds J values, earlier rows I/);
    expect(() => writeFits([{ kind: 'bintable', columns: [] }])).toThrow(FitsWriteError);
  });
});

describe('damaged binary tables', () => {
  function withCards(cards: Record<string, string | number>, data = Buffer.alloc(0)): () => BinTable {
    let header = new FitsHeader().set('XTENSION', 'BINTABLE').set('BITPIX', 8).set('NAXIS', 2).set('NAXIS1', 4).set('NAXIS2', 1).set('PCOUNT', 8).set('GCOUNT', 1);
    for (const [key, value] of Object.entries(cards)) header = header.set(key, value);
    const bytes = writeFits([{ kind: 'image' }, { kind: 'raw', header, data: Buffer.concat([data, Buffer.alloc(12 - data.length)]) }]);
    return () => tableOf(parseFits(bytes, 'table.fits').hdus[1]);
  }

  it('reports bad column definitions when the table is used, not when the file is read', () => {
    expect(withCards({})).toThrow('table.fits (HDU 1, byte 2880): binary table without TFIELDS keyword');
    expect(withCards({ TFIELDS: 1 })).toThrow(/missing TFORM1 keyword/);
    expect(withCards({ TFIELDS: 1, TFORM1: '1Z' })).toThrow(/bad TFORM1 "1Z"/);
    expect(withCards({ TFIELDS: 1, TFORM1: '2J' })).toThrow(/the columns need 8 bytes per row, NAXIS1 is 4/);
    expect(withCards({ TFIELDS: 1, TFORM1: '1J', TDIM1: '(2,2)' })).toThrow(/TDIM1 \(2,2\) has 4 elements, TFORM1 only 1/);
    expect(withCards({ TFIELDS: 1, TFORM1: '1J', TDIM1: 'junk' })).toThrow(/bad TDIM1 "junk"/);
    expect(withCards({ TFIELDS: 1, TFORM1: '1J', TSCAL1: 'x' })).toThrow(/bad TSCAL1 "x"/);
    expect(withCards({ TFIELDS: 1, TFORM1: '1J', THEAP: 100 })).toThrow(/bad THEAP 100/);
  });

  it('reports a variable-length array pointing outside the heap, with the offset of its descriptor', () => {
    const descriptor = Buffer.alloc(8);
    descriptor.writeInt32BE(4, 0);
    descriptor.writeInt32BE(6, 4);
    const table = withCards({ NAXIS1: 8, PCOUNT: 4, TFIELDS: 1, TFORM1: '1PJ' }, descriptor)();
    expect(() => table.read(1)).toThrow('table.fits (HDU 1, byte 5760): column #1 row 0: variable-length array (4 elements at heap offset 6) lies outside the heap');
  });

  it('keeps tables without column definitions readable as raw HDUs (ucd raws have one)', () => {
    const bytes = writeFits([{ kind: 'image' }, { kind: 'raw', header: new FitsHeader().set('XTENSION', 'BINTABLE').set('BITPIX', -64).set('NAXIS', 1).set('NAXIS1', 0).set('PCOUNT', 0).set('GCOUNT', 1) }]);
    const hdu = parseFits(bytes).hdus[1];
    expect(hdu?.kind).toBe('bintable');
    expect(() => tableOf(hdu)).toThrow(/a binary table must have NAXIS = 2, not 1/);
  });
});
