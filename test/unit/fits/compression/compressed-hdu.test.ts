import { describe, expect, it } from 'vitest';
import { compressImage, type CompressionAlgorithm } from '../../../../src/fits/compression/compress.js';
import { FitsError } from '../../../../src/fits/errors.js';
import { parseFits, writeFits } from '../../../../src/fits/fits-file.js';
import type { CompressedImageHdu } from '../../../../src/fits/hdu.js';
import { FitsHeader } from '../../../../src/fits/header.js';
import { FitsImage } from '../../../../src/fits/image.js';
import { riceEncode } from '../../../../src/fits/compression/rice-encode.js';

const SHAPE = [13, 9, 2];
const COUNT = 13 * 9 * 2;

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

function images(): FitsImage[] {
  const next = random(3);
  const fill = <T extends { [i: number]: number | bigint }>(array: T, value: (i: number) => number | bigint): T => {
    for (let i = 0; i < COUNT; i++) array[i] = value(i);
    return array;
  };
  return [
    new FitsImage(8, SHAPE, fill(new Uint8Array(COUNT), () => Math.floor(next() * 256))),
    new FitsImage(16, SHAPE, fill(new Int16Array(COUNT), () => Math.floor(next() * 65536) - 32768), { bscale: 1, bzero: 32768 }),
    new FitsImage(32, SHAPE, fill(new Int32Array(COUNT), (i) => (i % 5 === 0 ? -99 : Math.floor(next() * 2 ** 32) | 0)), { bscale: 2.5, bzero: -1, blank: -99 }),
    new FitsImage(64, SHAPE, fill(new BigInt64Array(COUNT), (i) => BigInt(i) * 2n ** 50n - 7n)),
    new FitsImage(-32, SHAPE, fill(new Float32Array(COUNT), (i) => (i === 3 ? Number.NaN : (next() - 0.5) * 1e6))),
    new FitsImage(-64, SHAPE, fill(new Float64Array(COUNT), (i) => (i === 5 ? Number.NaN : Math.exp(next() * 50)))),
  ];
}

function roundTrip(image: FitsImage, algorithm: CompressionAlgorithm, tile?: number[]): CompressedImageHdu {
  const header = new FitsHeader().set('EXTNAME', 'SCI').set('OBJECT', 'test').set('ZD', 12.5).set('NAXIS1', 99).set('ZBITPIX', 3).set('CHECKSUM', 'x');
  const bytes = writeFits([{ kind: 'image' }, compressImage(image, { algorithm, header, ...(tile ? { tile } : {}) })]);
  const hdu = parseFits(bytes, 'mem.fits').hdus[1];
  if (hdu?.kind !== 'compressed-image') throw new Error(`HDU 1 is ${hdu?.kind}`);
  return hdu;
}

describe('compressed image HDUs written and read back', () => {
  const algorithms: CompressionAlgorithm[] = ['RICE_1', 'GZIP_1', 'GZIP_2', 'NOCOMPRESS'];
  for (const algorithm of algorithms) {
    for (const image of images()) {
      if (algorithm === 'RICE_1' && (image.bitpix < 0 || image.bitpix === 64)) continue;
      it(`${algorithm} BITPIX ${image.bitpix}: identical pixels and scaling, odd 3-D tiles`, () => {
        const hdu = roundTrip(image, algorithm, [4, 5, 2]);
        const decoded = hdu.image();
        expect(decoded.bitpix).toBe(image.bitpix);
        expect(decoded.shape).toEqual(SHAPE);
        expect(decoded.data).toEqual(image.data);
        expect(decoded.scaling).toEqual(image.scaling);
        expect(hdu.imageHeader().get('OBJECT')).toBe('test');
        expect(hdu.imageHeader().get('ZD')).toBe(12.5);
        expect(hdu.imageHeader().get('NAXIS1')).toBe(13);
        expect(hdu.imageHeader().has('CHECKSUM')).toBe(false);
        expect(hdu.image()).toBe(decoded);
      });
    }
  }

  it('PLIO_1: masks and labels of 8, 16 and 32 bits, long runs, refuses what it cannot hold', () => {
    const labels = Int32Array.from({ length: COUNT }, (_, i) => (i < 100 ? 0 : i < 150 ? 2 ** 24 - 1 : i % 7 === 0 ? i * 1000 : 3));
    for (const image of [
      new FitsImage(8, SHAPE, Uint8Array.from(labels, (value) => value % 256)),
      new FitsImage(16, SHAPE, Int16Array.from(labels, (value) => value % 32768)),
      new FitsImage(32, SHAPE, labels),
      new FitsImage(32, [10000, 1], new Int32Array(10000).fill(5)),
    ]) {
      const hdu = roundTrip(image, 'PLIO_1');
      expect(hdu.table().column('COMPRESSED_DATA')?.format.type).toBe('I');
      expect(hdu.image().data).toEqual(image.data);
    }
    expect(() => compressImage(new FitsImage(16, [2], Int16Array.from([1, -1])), { algorithm: 'PLIO_1' })).toThrow(/PLIO_1 holds only integer images/);
    expect(() => compressImage(images()[4] as FitsImage, { algorithm: 'PLIO_1' })).toThrow(/PLIO_1/);
  });

  it('refuses RICE_1 for images it cannot hold losslessly', () => {
    const [, , , int64, float32] = images();
    expect(() => compressImage(int64 as FitsImage, { algorithm: 'RICE_1' })).toThrow(/RICE_1 cannot losslessly compress BITPIX 64/);
    expect(() => compressImage(float32 as FitsImage, { algorithm: 'RICE_1' })).toThrow(/BITPIX -32/);
  });
});

describe('damaged compressed images', () => {
  function file(algorithm: CompressionAlgorithm): Uint8Array {
    const image = images()[2] as FitsImage;
    return writeFits([{ kind: 'image' }, compressImage(image, { algorithm, tile: [13, 3, 1] })]);
  }
  const heapStart = (bytes: Uint8Array): number => {
    const hdu = parseFits(bytes, 'mem.fits').hdus[1] as CompressedImageHdu;
    return hdu.dataOffset + hdu.table().rowCount * hdu.table().rowLength;
  };

  it('names the HDU, the tile and the byte offset of a corrupt tile', () => {
    const bytes = file('GZIP_1');
    const start = heapStart(bytes);
    bytes.fill(0x55, start + 2, start + 12);
    const hdu = parseFits(bytes, 'bad.fits').hdus[1] as CompressedImageHdu;
    let error: unknown;
    try {
      hdu.image();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FitsError);
    expect((error as FitsError).hdu).toBe(1);
    expect((error as FitsError).offset).toBe(start);
    expect((error as FitsError).message).toMatch(/^bad\.fits \(HDU 1, byte \d+\): tile 0 \(GZIP_1\): corrupt gzip stream/);
  });

  it('reports descriptors outside the heap and unknown algorithms', () => {
    const bytes = file('RICE_1');
    const hdu = parseFits(bytes, 'mem.fits').hdus[1] as CompressedImageHdu;
    const descriptor = hdu.dataOffset + hdu.table().rowLength; // row 1
    bytes.set([0x7f, 0, 0, 0], descriptor);
    expect(() => (parseFits(bytes, 'mem.fits').hdus[1] as CompressedImageHdu).image()).toThrow(/tile 1 \(COMPRESSED_DATA descriptor\): column COMPRESSED_DATA row 1: .* outside the heap/);
    const text = Buffer.from(file('RICE_1'));
    const at = text.indexOf("ZCMPTYPE= 'RICE_1  '");
    text.write("ZCMPTYPE= 'RICE_9  '", at, 'latin1');
    expect(() => (parseFits(text, 'mem.fits').hdus[1] as CompressedImageHdu).image()).toThrow(/unsupported ZCMPTYPE "RICE_9"/);
  });

  it('survives a few hundred random mutations: a FitsError or an image, never another error', () => {
    const next = random(11);
    const outcomes = { ok: 0, error: 0 };
    for (const algorithm of ['RICE_1', 'GZIP_1', 'GZIP_2', 'NOCOMPRESS'] as const) {
      const original = file(algorithm);
      const start = heapStart(original);
      for (let trial = 0; trial < 80; trial++) {
        const bytes = Uint8Array.from(original);
        const mutations = 1 + Math.floor(next() * 4);
        for (let m = 0; m < mutations; m++) {
          // mostly the data unit (descriptors and heap), sometimes anywhere
          const from = next() < 0.8 ? start - 200 : 0;
          const at = from + Math.floor(next() * (original.length - from));
          bytes[at] = next() < 0.5 ? Math.floor(next() * 256) : (bytes[at] as number) ^ (1 << Math.floor(next() * 8));
        }
        try {
          const hdu = parseFits(bytes, 'fuzz.fits').hdus[1];
          if (hdu?.kind === 'compressed-image') hdu.image();
          outcomes.ok++;
        } catch (err) {
          if (!(err instanceof FitsError)) throw new Error(`${algorithm} trial ${trial}: ${String(err)}`, { cause: err });
          outcomes.error++;
        }
      }
    }
    expect(outcomes.ok + outcomes.error).toBe(320);
    expect(outcomes.error).toBeGreaterThan(0);
  });
});

describe('columns astropy does not write', () => {
  it('reads UNCOMPRESSED_DATA tiles and per-tile ZBLANK/ZSCALE/ZZERO columns (NO_DITHER)', () => {
    const header = new FitsHeader()
      .set('ZIMAGE', true).set('ZBITPIX', -32).set('ZNAXIS', 2).set('ZNAXIS1', 4).set('ZNAXIS2', 2)
      .set('ZTILE1', 4).set('ZTILE2', 1).set('ZCMPTYPE', 'RICE_1').set('ZNAME1', 'BLOCKSIZE').set('ZVAL1', 32)
      .set('ZNAME2', 'BYTEPIX').set('ZVAL2', 4).set('ZQUANTIZ', 'NO_DITHER');
    const bytes = writeFits([
      { kind: 'image' },
      {
        kind: 'bintable',
        header,
        columns: [
          { name: 'COMPRESSED_DATA', variable: 'P', values: [riceEncode([1, 2, -5, 4], 32, 4), new Uint8Array(0)] },
          { name: 'UNCOMPRESSED_DATA', variable: 'P', values: [new Float32Array(0), Float32Array.from([1.5, 2.5, 3.5, Number.NaN])] },
          { name: 'ZSCALE', values: Float64Array.from([0.5, 1]) },
          { name: 'ZZERO', values: Float64Array.from([10, 0]) },
          { name: 'ZBLANK', values: Int32Array.from([-5, 0]) },
        ],
      },
    ]);
    const hdu = parseFits(bytes, 'mem.fits').hdus[1] as CompressedImageHdu;
    expect(Array.from(hdu.image().physical())).toEqual([10.5, 11, Number.NaN, 12, 1.5, 2.5, 3.5, Number.NaN]);
  });
});

describe('quantised float images written and read back', () => {
  const count = 40 * 30;
  const next = random(17);
  const pixels = Float64Array.from({ length: count }, (_, i) => (i === 9 ? Number.NaN : i >= 200 && i < 210 ? 0 : i >= 40 * 25 ? -3.5 : 100 + (next() - 0.5) * 10));
  for (const method of ['NO_DITHER', 'SUBTRACTIVE_DITHER_1', 'SUBTRACTIVE_DITHER_2'] as const) {
    for (const bitpix of [-32, -64] as const) {
      it(`${method} BITPIX ${bitpix}: within half a step, NaNs kept, constant tiles exact`, () => {
        const data = bitpix === -32 ? Float32Array.from(pixels) : pixels;
        const spec = compressImage(new FitsImage(bitpix, [40, 30], data), { algorithm: 'RICE_1', tile: [40, 5], quantize: { method, dither0: 42 } });
        const hdu = parseFits(writeFits([{ kind: 'image' }, spec]), 'mem.fits').hdus[1] as CompressedImageHdu;
        expect(hdu.compression().quantize).toBe(method);
        const scales = hdu.table().read('ZSCALE').values as Float64Array;
        const decoded = hdu.image().data as Float32Array | Float64Array;
        for (let i = 0; i < count; i++) {
          const original = data[i] as number;
          const value = decoded[i] as number;
          if (Number.isNaN(original)) expect(value).toBeNaN();
          else if (i >= 40 * 25 || (original === 0 && method === 'SUBTRACTIVE_DITHER_2')) expect(value).toBe(original);
          else expect(Math.abs(value - original)).toBeLessThanOrEqual((scales[Math.floor(i / 200)] as number) / 2 + 1e-5);
        }
      });
    }
  }

  it('refuses to quantise integers', () => {
    expect(() => compressImage(images()[1] as FitsImage, { algorithm: 'RICE_1', quantize: { method: 'NO_DITHER' } })).toThrow(/only float images/);
  });
});
