import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FileAccessError } from '../../../src/errors.js';
import { findHdu, parseFits, parseFitsPair, readFits, readFitsHeaders, readFitsHeadersSync, readFitsSync, writeFits, writeFitsFile, writeFitsFileSync, type FitsFile } from '../../../src/fits/fits-file.js';
import { rawSpecOf } from '../../../src/fits/fits-writer.js';
import { isImageHdu, type HduInfo } from '../../../src/fits/hdu.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const dir = tmpDir('gen2to3-fits-');

/** A minimal extension of a type this library does not know, with 10 data bytes. */
function foreignExtension(): { header: FitsHeader; data: Buffer } {
  const header = new FitsHeader().set('XTENSION', 'FOREIGN').set('BITPIX', 8).set('NAXIS', 1).set('NAXIS1', 10).set('PCOUNT', 0).set('GCOUNT', 1);
  return { header, data: Buffer.from('0123456789') };
}

function multiExtension(): Buffer {
  const foreign = foreignExtension();
  return writeFits([
    { kind: 'image', header: new FitsHeader().set('OBSID', 42) },
    { kind: 'image', data: new Float32Array([1, 2, 3, 4]), shape: [2, 2], header: new FitsHeader().set('EXTNAME', 'SCI') },
    { kind: 'image', data: new Uint16Array(2000), header: new FitsHeader().set('EXTNAME', 'SCI').set('EXTVER', 2) },
    { kind: 'raw', header: foreign.header, data: foreign.data },
  ]);
}

describe('parseFits', () => {
  const bytes = multiExtension();
  const file = parseFits(bytes, 'multi.fits');

  it('finds every HDU with its kind, offsets and sizes', () => {
    expect(file.source).toBe('multi.fits');
    expect(file.gzipped).toBe(false);
    expect(file.trailingBytes).toBe(0);
    expect(file.hdus.map(({ index, kind, headerOffset, dataOffset, dataSize }) => ({ index, kind, headerOffset, dataOffset, dataSize }))).toEqual([
      { index: 0, kind: 'primary', headerOffset: 0, dataOffset: 2880, dataSize: 0 },
      { index: 1, kind: 'image', headerOffset: 2880, dataOffset: 5760, dataSize: 16 },
      { index: 2, kind: 'image', headerOffset: 8640, dataOffset: 11520, dataSize: 4000 },
      { index: 3, kind: 'unknown', headerOffset: 17280, dataOffset: 20160, dataSize: 10 },
    ]);
    expect(bytes.length).toBe(23040);
  });

  it('keeps unknown extensions as raw bytes', () => {
    expect(file.hdus[3]?.rawData().toString()).toBe('0123456789');
  });

  it('decodes images lazily and caches them', () => {
    const hdu = file.hdus[1];
    if (!hdu || !isImageHdu(hdu)) throw new Error('expected an image');
    expect(hdu.image()).toBe(hdu.image());
    expect([...hdu.image().data]).toEqual([1, 2, 3, 4]);
  });

  it('finds extensions by EXTNAME and EXTVER', () => {
    expect(findHdu(file.hdus, 'sci')?.index).toBe(1);
    expect(findHdu(file.hdus, 'SCI', 2)?.index).toBe(2);
    expect(findHdu(file.hdus, 'SCI', 3)).toBeUndefined();
  });

  it('rewrites read HDUs byte for byte from raw specs', () => {
    expect(writeFits(file.hdus.map(rawSpecOf)).equals(bytes)).toBe(true);
  });

  it('reads gzip-compressed bytes whatever they are called', () => {
    const gz = parseFits(gzipSync(bytes), 'named.fits');
    expect(gz.gzipped).toBe(true);
    expect(gz.hdus).toHaveLength(4);
    expect(gz.hdus[2]?.header.get('EXTVER')).toBe(2);
  });

  it('reads concatenated gzip members as one stream', () => {
    const gz = parseFits(Buffer.concat([gzipSync(bytes.subarray(0, 5000)), gzipSync(bytes.subarray(5000))]));
    expect(gz.hdus).toHaveLength(4);
  });

  it('ignores bytes after the last HDU that do not start an extension, as astropy does', () => {
    const padded = parseFits(Buffer.concat([bytes, Buffer.alloc(2880)]));
    expect(padded.hdus).toHaveLength(4);
    expect(padded.trailingBytes).toBe(2880);
    expect(parseFits(Buffer.concat([bytes, Buffer.from('junk')])).trailingBytes).toBe(4);
  });

  it('accepts a last data unit without its padding', () => {
    const unpadded = parseFits(bytes.subarray(0, 20160 + 10));
    expect(unpadded.hdus[3]?.rawData().toString()).toBe('0123456789');
  });
});

describe('parseFitsPair', () => {
  /** What a parse found, without the accessors: offsets, kinds, cards and data bytes of every HDU. */
  const contents = (file: FitsFile): unknown => ({
    source: file.source,
    trailingBytes: file.trailingBytes,
    hdus: file.hdus.map((hdu) => ({ index: hdu.index, kind: hdu.kind, headerOffset: hdu.headerOffset, dataOffset: hdu.dataOffset, dataSize: hdu.dataSize, cards: hdu.header.cards, data: [...hdu.rawData()] })),
  });
  const withPrimary = (primary: FitsHeader, sciData = new Float32Array([1, 2, 3, 4])): Buffer =>
    writeFits([
      { kind: 'image', header: primary },
      { kind: 'image', data: sciData, shape: [2, 2], header: new FitsHeader().set('EXTNAME', 'SCI') },
      { kind: 'image', data: new Uint16Array(2000).fill(7), header: new FitsHeader().set('EXTNAME', 'SCI').set('EXTVER', 2) },
    ]);

  it('shares the HDUs whose bytes are the same at the same offset, and parses the others', () => {
    const a = withPrimary(new FitsHeader().set('RERUN', 'gen2-output'));
    const b = withPrimary(new FitsHeader().set('RUN', 'DemoCam/runs/x'), new Float32Array([1, 2, 3, 5]));
    const [fileA, fileB] = parseFitsPair(a, 'a.fits', b, 'b.fits');
    expect(contents(fileA)).toEqual(contents(parseFits(a, 'a.fits')));
    expect(contents(fileB)).toEqual(contents(parseFits(b, 'b.fits')));
    expect(fileB.hdus.map((hdu, i) => hdu === fileA.hdus[i])).toEqual([false, false, true]);
  });

  it('shares every HDU of identical files, and none when a longer header moves the extensions', () => {
    const a = withPrimary(new FitsHeader().set('RERUN', 'gen2-output'));
    const [same, copy] = parseFitsPair(a, 'a.fits', Buffer.from(a), 'copy.fits');
    expect(copy.source).toBe('copy.fits');
    expect(copy.hdus.every((hdu, i) => hdu === same.hdus[i])).toBe(true);
    const long = new FitsHeader();
    for (let i = 0; i < 40; i++) long.set(`KEY${i}`, i);
    const b = withPrimary(long);
    const [fileA, fileB] = parseFitsPair(a, 'a.fits', b, 'b.fits');
    expect(fileB.hdus[1]?.headerOffset).toBe((fileA.hdus[1]?.headerOffset ?? 0) + 2880);
    expect(fileB.hdus.some((hdu, i) => hdu === fileA.hdus[i])).toBe(false);
    expect(contents(fileB)).toEqual(contents(parseFits(b, 'b.fits')));
  });

  it('shares the header objects of headers with the same bytes across calls', () => {
    const a = withPrimary(new FitsHeader().set('RERUN', 'gen2-output'));
    const b = withPrimary(new FitsHeader().set('RUN', 'other'), new Float32Array([9, 9, 9, 9]));
    const [first] = parseFitsPair(a, 'a.fits', a, 'a2.fits');
    const [, second] = parseFitsPair(a, 'a.fits', b, 'b.fits');
    expect(second.hdus.map((hdu, i) => hdu.header === first.hdus[i]?.header)).toEqual([false, true, true]);
    expect(second.hdus.map((hdu, i) => hdu === first.hdus[i])).toEqual([false, false, false]);
    expect(contents(second)).toEqual(contents(parseFits(b, 'b.fits')));
    // a header with a bad card is reported each time, never shared
    const bad = Buffer.from(a);
    bad.write('BAD!KEY = 1', 2880 * 1 + 80 * 5, 'latin1');
    for (let i = 0; i < 2; i++) expect(() => parseFitsPair(a, 'a.fits', bad, 'bad.fits')).toThrow(/bad\.fits.*bad header card/);
  });

  it('reports a damaged second file as parseFits does', () => {
    const a = withPrimary(new FitsHeader());
    expect(() => parseFitsPair(a, 'a.fits', a.subarray(0, a.length - 2880), 'b.fits')).toThrow(/b\.fits.*truncated data/);
    expect(() => parseFitsPair(a, 'a.fits', gzipSync(a), 'b.fits')).not.toThrow();
  });
});

describe('readFits and readFitsHeaders', () => {
  const bytes = multiExtension();
  const plain = path.join(dir, 'multi.fits');
  const gzipped = path.join(dir, 'gzipped.fits');
  writeFileSync(plain, bytes);
  writeFileSync(gzipped, gzipSync(bytes));

  const layoutOf = ({ index, kind, headerOffset, dataOffset, dataSize }: HduInfo) => ({ index, kind, headerOffset, dataOffset, dataSize });

  it.each([plain, gzipped])('reads %s, and readFitsSync reads the same', async (file) => {
    const fits = await readFits(file);
    expect(fits.source).toBe(file);
    expect(fits.gzipped).toBe(file === gzipped);
    expect(fits.hdus.map((hdu) => hdu.kind)).toEqual(['primary', 'image', 'image', 'unknown']);
    const sync = readFitsSync(file);
    expect({ ...sync, hdus: sync.hdus.map((hdu) => ({ ...layoutOf(hdu), cards: hdu.header.cards, data: hdu.rawData() })) }).toEqual({
      ...fits,
      hdus: fits.hdus.map((hdu) => ({ ...layoutOf(hdu), cards: hdu.header.cards, data: hdu.rawData() })),
    });
  });

  const headerReaders = [
    ['readFitsHeaders', readFitsHeaders],
    ['readFitsHeadersSync', async (file: string) => readFitsHeadersSync(file)],
  ] as const;

  describe.each(headerReaders)('%s', (_name, readHeaders) => {
    it.each([plain, gzipped])('reads only the headers of %s, with the same offsets', async (file) => {
      const headers = await readHeaders(file);
      const full = parseFits(bytes);
      expect(headers.gzipped).toBe(file === gzipped);
      expect(headers.hdus.map(layoutOf)).toEqual(full.hdus.map(layoutOf));
      expect(headers.hdus.map((hdu) => hdu.header.cards)).toEqual(full.hdus.map((hdu) => hdu.header.cards));
      expect('rawData' in (headers.hdus[0] ?? {})).toBe(false);
    });

    it('counts trailing bytes', async () => {
      const file = path.join(dir, 'trailing.fits');
      writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(100)]));
      expect((await readHeaders(file)).trailingBytes).toBe(100);
      const gz = path.join(dir, 'trailing.fits.gz');
      writeFileSync(gz, gzipSync(Buffer.concat([bytes, Buffer.alloc(100)])));
      expect((await readHeaders(gz)).trailingBytes).toBe(100);
    });

    it('reads headers of many blocks and headers after large data units', async () => {
      const long = new FitsHeader();
      for (let i = 0; i < 200; i++) long.set(`KEY${i}`, i);
      const file = path.join(dir, 'long-headers.fits');
      const written = writeFits([
        { kind: 'image', header: long },
        { kind: 'image', data: new Float64Array(30_000), header: new FitsHeader().set('EXTNAME', 'BIG') },
        { kind: 'image', data: new Int16Array(3), header: new FitsHeader().set('EXTNAME', 'SMALL') },
      ]);
      writeFileSync(file, written);
      const headers = await readHeaders(file);
      const full = parseFits(written);
      expect(headers.hdus.map(layoutOf)).toEqual(full.hdus.map(layoutOf));
      expect(headers.hdus[0]?.header.get('KEY199')).toBe(199);
      expect(headers.hdus.map((hdu) => hdu.header.get('EXTNAME'))).toEqual([undefined, 'BIG', 'SMALL']);
    });

    it('reports a missing file as a FileAccessError', async () => {
      await expect(readHeaders(path.join(dir, 'missing.fits'))).rejects.toThrow(FileAccessError);
    });
  });

  it('reports a missing file as a FileAccessError', async () => {
    await expect(readFits(path.join(dir, 'missing.fits'))).rejects.toThrow(FileAccessError);
    expect(() => readFitsSync(path.join(dir, 'missing.fits'))).toThrow(FileAccessError);
  });
});

const writers = [
  ['writeFitsFile', writeFitsFile],
  ['writeFitsFileSync', async (...args: Parameters<typeof writeFitsFileSync>) => writeFitsFileSync(...args)],
] as const;

describe.each(writers)('%s', (name, write) => {
  const hdus = [{ kind: 'image' as const, data: new Int16Array([1, 2, 3]) }];
  const out = path.join(dir, `written-${name}`);
  mkdirSync(out, { recursive: true });

  it('writes atomically, leaving no temporary file', async () => {
    const target = path.join(out, 'atomic', 'out.fits');
    mkdirSync(path.dirname(target), { recursive: true });
    expect(await write(target, hdus)).toBe(statSync(target).size);
    expect(readFileSync(target).equals(writeFits(hdus))).toBe(true);
    expect(readdirSync(path.dirname(target))).toEqual(['out.fits']);
  });

  it('gzips on request', async () => {
    const target = path.join(out, 'out.fits.gz');
    expect(await write(target, hdus, { gzip: true })).toBe(statSync(target).size);
    const read = await readFits(target);
    expect(read.gzipped).toBe(true);
    expect(read.hdus[0]?.rawData()).toEqual(writeFits(hdus).subarray(2880, 2886));
  });

  it('keeps the existing file when encoding fails', async () => {
    const target = path.join(out, 'keep.fits');
    writeFileSync(target, 'previous');
    await expect(write(target, [{ kind: 'image', data: new Int16Array(3), shape: [2] }])).rejects.toThrow(/has 2 elements/);
    expect(readFileSync(target, 'utf8')).toBe('previous');
  });

  it('cleans up and reports a FileAccessError when the file cannot be written', async () => {
    const target = path.join(out, 'a-directory');
    mkdirSync(target);
    await expect(write(target, hdus)).rejects.toThrow(FileAccessError);
    await expect(write(path.join(out, 'no', 'such', 'dir.fits'), hdus)).rejects.toThrow(FileAccessError);
    expect(readdirSync(path.dirname(target)).filter((entry) => entry.includes('.tmp-'))).toEqual([]);
    expect(existsSync(path.join(out, 'no'))).toBe(false);
  });
});

describe('raw HDU specs', () => {
  it('reject a header that does not fit its position or data', () => {
    const foreign = foreignExtension();
    expect(() => writeFits([{ kind: 'raw', header: foreign.header, data: foreign.data }])).toThrow(/must start with SIMPLE, not XTENSION/);
    expect(() => writeFits([{ kind: 'image' }, { kind: 'raw', header: foreign.header }])).toThrow(/describes 10 data bytes, 0 were given/);
    const badBitpix = foreign.header.clone().set('BITPIX', 7);
    expect(() => writeFits([{ kind: 'image' }, { kind: 'raw', header: badBitpix, data: foreign.data }])).toThrow(/HDU 1: .*bad BITPIX 7/);
  });

  it('pad ASCII table data with spaces', () => {
    const header = new FitsHeader().set('XTENSION', 'TABLE').set('BITPIX', 8).set('NAXIS', 2).set('NAXIS1', 3).set('NAXIS2', 1).set('PCOUNT', 0).set('GCOUNT', 1).set('TFIELDS', 0);
    const bytes = writeFits([{ kind: 'image' }, { kind: 'raw', header, data: Buffer.from('abc') }]);
    expect(bytes.subarray(5760 + 3).every((b) => b === 0x20)).toBe(true);
    expect(parseFits(bytes).hdus[1]?.kind).toBe('table');
  });
});
