import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { FitsError } from '../../../src/fits/errors.js';
import { parseFits, readFitsHeaders, readFitsHeadersSync, writeFits } from '../../../src/fits/fits-file.js';
import { isImageHdu } from '../../../src/fits/hdu.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const dir = tmpDir('gen2to3-fits-errors-');

/** FITS bytes from card texts: one header (END added, padded) followed by `data`. */
function fitsBytes(cards: string[], data = Buffer.alloc(0)): Buffer {
  const text = [...cards, 'END'].map((c) => c.padEnd(80)).join('');
  return Buffer.concat([Buffer.from(text.padEnd(Math.ceil(text.length / 2880) * 2880), 'latin1'), data]);
}

const PRIMARY = ['SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =                    1', 'NAXIS1  =                   10'];

function parseError(bytes: Buffer): FitsError {
  try {
    parseFits(bytes, 'bad.fits');
  } catch (err) {
    if (err instanceof FitsError) return err;
    throw err;
  }
  throw new Error('expected a FitsError');
}

describe('FitsError', () => {
  it('is a UserError with code FITS_FORMAT naming file, HDU and offset', () => {
    const err = new FitsError({ file: 'a.fits', hdu: 2, offset: 5760 }, 'bad thing');
    expect(err).toBeInstanceOf(UserError);
    expect(err.code).toBe('FITS_FORMAT');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('a.fits (HDU 2, byte 5760): bad thing');
    expect([err.file, err.hdu, err.offset]).toEqual(['a.fits', 2, 5760]);
    expect(new FitsError({ file: 'a.fits' }, 'x').message).toBe('a.fits: x');
  });

  it('has codes unique across the project', () => {
    const root = path.resolve(import.meta.dirname, '../../../src');
    const codes = (readdirSync(root, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/readonly code = '([A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect(codes).toContain('FITS_FORMAT');
    expect(codes).toContain('FITS_WRITE');
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('bad FITS input', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'bad.fits (byte 0): empty file, not FITS'],
    ['a text file', Buffer.from('hello world, this is not FITS'), 'bad.fits (byte 0): not a FITS file: it does not start with a SIMPLE card'],
    ['a truncated header', fitsBytes(PRIMARY).subarray(0, 1000), 'bad.fits (HDU 0, byte 0): truncated header: 1000 bytes where a 2880-byte block was expected'],
    ['a header without END', Buffer.from(PRIMARY.map((c) => c.padEnd(80)).join('').padEnd(2880), 'latin1'), 'bad.fits (HDU 0, byte 2880): header has no END card before the end of the file'],
    ['truncated data', fitsBytes(PRIMARY, Buffer.alloc(7)), 'bad.fits (HDU 0, byte 2887): truncated data: the data unit needs 20 bytes from byte 2880, the file has 7'],
    ['a bad BITPIX', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                   12', 'NAXIS   =                    0']), 'bad.fits (HDU 0, byte 0): bad BITPIX 12 (expected 8, 16, 32, 64, -32 or -64)'],
    ['a missing BITPIX', fitsBytes(['SIMPLE  =                    T', 'NAXIS   =                    0']), 'bad.fits (HDU 0, byte 0): missing BITPIX keyword'],
    ['a string NAXIS', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                    8', "NAXIS   = '2'"]), 'bad.fits (HDU 0, byte 0): bad NAXIS "2" (expected an integer from 0 to 999)'],
    ['a NAXIS over 999', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                 1000']), 'bad.fits (HDU 0, byte 0): bad NAXIS 1000 (expected an integer from 0 to 999)'],
    ['a missing NAXIS2', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    2', 'NAXIS1  =                    1']), 'bad.fits (HDU 0, byte 0): missing NAXIS2 keyword'],
    ['a negative NAXIS1', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    1', 'NAXIS1  =                   -1']), 'bad.fits (HDU 0, byte 0): bad NAXIS1 -1 (expected an integer >= 0)'],
    ['a huge data size', fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                  -64', 'NAXIS   =                    2', 'NAXIS1  =     9000000000000000', 'NAXIS2  =                    8']), 'bad.fits (HDU 0, byte 0): data size 576000000000000000 bytes is too large'],
    ['a malformed card', fitsBytes([...PRIMARY.slice(0, 2), 'NAXIS   = 1.2.3']), 'bad.fits (HDU 0, byte 160): bad header card: NAXIS: unparsable value "1.2.3"'],
  ])('rejects %s', (_name, bytes, message) => {
    expect(parseError(bytes).message).toBe(message);
  });

  it('names the HDU and offset of a damaged extension', () => {
    const bytes = writeFits([{ kind: 'image' }, { kind: 'image', data: new Int16Array(2) }]);
    bytes.write("XTENSION=                  123".padEnd(80), 2880, "latin1");
    expect(parseError(bytes).message).toBe('bad.fits (HDU 1, byte 2880): extension header does not start with an XTENSION card');
    const truncated = writeFits([{ kind: 'image' }, { kind: 'image', data: new Int16Array(2000) }]).subarray(0, 2880 * 2 + 100);
    expect(parseError(truncated)).toMatchObject({ hdu: 1, offset: 5860 });
    expect(parseError(truncated).message).toMatch(/truncated data/);
  });

  it('rejects random-groups images on decode, not on read', () => {
    const bytes = fitsBytes(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    2', 'NAXIS1  =                    0', 'NAXIS2  =                    3', 'GROUPS  =                    T', 'PCOUNT  =                    1', 'GCOUNT  =                    2'], Buffer.alloc(8));
    const hdu = parseFits(bytes).hdus[0];
    expect(hdu?.dataSize).toBe(8);
    expect(() => hdu && isImageHdu(hdu) && hdu.image()).toThrow(/random-groups data is not supported/);
  });

  it('rejects bad scaling keywords on decode', () => {
    const bytes = fitsBytes([...PRIMARY, "BSCALE  = 'two'"], Buffer.alloc(20));
    const hdu = parseFits(bytes, 'scale.fits').hdus[0];
    expect(() => hdu && isImageHdu(hdu) && hdu.image()).toThrow('scale.fits (HDU 0, byte 2880): bad BSCALE "two" (expected a number)');
  });

  it('reports corrupt and truncated gzip streams', async () => {
    const gz = gzipSync(writeFits([{ kind: 'image', data: new Float64Array(5000) }]));
    expect(() => parseFits(gz.subarray(0, gz.length - 100), 'cut.fits.gz')).toThrow(/^cut\.fits\.gz: corrupt gzip stream: unexpected end of file$/);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 20, 60);
    expect(() => parseFits(corrupt)).toThrow(FitsError);
    const file = path.join(dir, 'cut.fits');
    writeFileSync(file, gz.subarray(0, gz.length - 100));
    await expect(readFitsHeaders(file)).rejects.toThrow(/corrupt gzip stream/);
    expect(() => readFitsHeadersSync(file)).toThrow(/corrupt gzip stream/);
  });

  it('reports the same errors when reading headers only', async () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.alloc(0), /empty file/],
      [Buffer.from('not fits'), /not a FITS file/],
      [fitsBytes(PRIMARY).subarray(0, 1000), /truncated header/],
      [fitsBytes(PRIMARY, Buffer.alloc(7)), /truncated data: the data unit needs 20 bytes from byte 2880, the file has 7/],
    ];
    for (const [index, [bytes, message]] of cases.entries()) {
      const file = path.join(dir, `headers-${index}.fits`);
      writeFileSync(file, bytes);
      await expect(readFitsHeaders(file)).rejects.toThrow(message);
      expect(() => readFitsHeadersSync(file)).toThrow(message);
      expect(() => readFitsHeadersSync(file)).toThrow(FitsError);
    }
  });
});

describe('damaged files never crash or hang the reader', () => {
  const header = new FitsHeader().set('OBJECT', 'fuzz').set('LONGSTR', 'abc '.repeat(40), 'comment').set('ESO X', 1.5).append('HISTORY', 'h');
  const asciiHeader = new FitsHeader().set('XTENSION', 'TABLE').set('BITPIX', 8).set('NAXIS', 2).set('NAXIS1', 10).set('NAXIS2', 2).set('PCOUNT', 0).set('GCOUNT', 1)
    .set('TFIELDS', 2).set('TTYPE1', 'N').set('TFORM1', 'I4').set('TBCOL1', 1).set('TTYPE2', 'F').set('TFORM2', 'F6.2').set('TBCOL2', 5);
  const valid = writeFits([
    { kind: 'image', data: new Uint16Array(300).map((_, i) => i * 7), shape: [20, 15], header },
    { kind: 'image', data: new Float32Array(100).fill(0.5), bscale: 2, bzero: 1 },
    { kind: 'image', data: new Int32Array(10), blank: -1 },
    {
      kind: 'bintable',
      columns: [
        { name: 'id', values: new BigInt64Array([1n, 2n, 3n]) },
        { name: 'flags', type: 'X', repeat: 5, values: new Uint8Array(15).fill(1) },
        { name: 'name', values: ['a', 'bb', 'ccc'] },
        { name: 'pos', repeat: 2, dims: [2], values: new Float64Array(6) },
        { name: 'ok', values: [true, false, null] },
        { name: 'var', variable: 'P', values: [new Int16Array([1]), new Int16Array(0), new Int16Array([2, 3])] },
        { name: 'vstr', variable: 'Q', values: ['x', 'yy', ''] },
      ],
    },
    { kind: 'raw', header: asciiHeader, data: Buffer.from('  12  3.25  -7  1050', 'latin1') },
  ]);
  let seed = 20240601;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };

  function outcome(bytes: Buffer): 'ok' | 'fits-error' {
    try {
      const file = parseFits(bytes, 'fuzz.fits');
      for (const hdu of file.hdus) {
        hdu.header.toBuffer();
        if (isImageHdu(hdu)) hdu.image().physical();
        if (hdu.kind === 'bintable' || hdu.kind === 'table') {
          const table = hdu.table();
          for (const column of table.columns) {
            if (table.read(column.number).kind === 'number') table.physical(column.number);
          }
        }
      }
      return 'ok';
    } catch (err) {
      if (err instanceof FitsError) return 'fits-error';
      throw err;
    }
  }

  it('truncations end in FitsError or a successful parse', () => {
    const results = new Set<string>();
    for (let i = 0; i < 300; i++) results.add(outcome(valid.subarray(0, random(valid.length))));
    for (const cut of [0, 1, 9, 2879, 2880, 2881, 5760, valid.length - 1]) results.add(outcome(valid.subarray(0, cut)));
    expect(results).toEqual(new Set(['ok', 'fits-error']));
  });

  it('byte mutations end in FitsError or a successful parse', () => {
    const results = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const bytes = Buffer.from(valid);
      const mutations = 1 + random(4);
      for (let m = 0; m < mutations; m++) {
        const at = i % 3 === 0 ? random(2880 * 2) : i % 3 === 1 ? bytes.length - 2880 * 4 + random(2880 * 4) : random(bytes.length);
        bytes[at] = random(3) === 0 ? 0x20 + random(95) : random(256);
      }
      results.add(outcome(bytes));
    }
    expect(results).toEqual(new Set(['ok', 'fits-error']));
  });

  it('structural mutations (sizes, BITPIX) end in FitsError or a successful parse', () => {
    const values = ['0', '-1', '1', '999', '1000', '99999999999', '3.5', "'x'", 'T', '', '(1,2)', '16', '-64', '9223372036854775807', "'1PJ'", "'9999X'", "'2A'", "'(9,9)'", "'F9.2'", "'0J'"];
    const results = new Set<string>();
    for (const keyword of ['BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'PCOUNT', 'GCOUNT', 'BSCALE', 'BZERO', 'BLANK', 'TFIELDS', 'TFORM1', 'TFORM2', 'TFORM6', 'TDIM4', 'TBCOL2', 'THEAP']) {
      for (const value of values) {
        const text = valid.toString('latin1');
        const hdu = random(4);
        let start = -1;
        for (let i = 0; i <= hdu; i++) start = text.indexOf(`${keyword.padEnd(8)}=`, start + 1);
        const bytes = Buffer.from(valid);
        if (start >= 0) bytes.write(`${keyword.padEnd(8)}= ${value.padStart(20)}`.padEnd(80), start, 'latin1');
        results.add(outcome(bytes));
      }
    }
    expect(results).toEqual(new Set(['ok', 'fits-error']));
  });

  it('garbage blocks and gzip garbage end in FitsError', () => {
    for (let i = 0; i < 50; i++) {
      const garbage = Buffer.alloc(1 + random(10000));
      for (let j = 0; j < garbage.length; j++) garbage[j] = random(256);
      expect(outcome(Buffer.concat([Buffer.from('SIMPLE  ='), garbage]))).toBe('fits-error');
      expect(outcome(Buffer.concat([Buffer.from([0x1f, 0x8b]), garbage]))).toBe('fits-error');
    }
  });
});
