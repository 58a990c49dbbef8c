import { describe, expect, it } from 'vitest';
import { compressImage, type CompressionAlgorithm } from '../../../../src/fits/compression/compress.js';
import { dequantize, dequantizeInto, ZERO_VALUE, type Dequantization } from '../../../../src/fits/compression/quantize.js';
import { riceDecode } from '../../../../src/fits/compression/rice.js';
import { TileTable } from '../../../../src/fits/compression/tile-table.js';
import { parseFits, writeFits } from '../../../../src/fits/fits-file.js';
import type { CompressedImageHdu } from '../../../../src/fits/hdu.js';
import { FitsImage } from '../../../../src/fits/image.js';

/** Park–Miller uniform numbers in (0, 1), reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const WIDTH = 300;
const HEIGHT = 7;
const COUNT = WIDTH * HEIGHT;

function written(image: FitsImage, options: Omit<Parameters<typeof compressImage>[1], 'algorithm'> & { algorithm: CompressionAlgorithm }): CompressedImageHdu {
  const hdu = parseFits(writeFits([{ kind: 'image' }, compressImage(image, options)]), 'mem.fits').hdus[1];
  if (hdu?.kind !== 'compressed-image') throw new Error(`HDU 1 is ${hdu?.kind}`);
  return hdu;
}

describe('decompression paths of one-row tiles', () => {
  const next = random(7);
  const int32 = new FitsImage(32, [WIDTH, HEIGHT], Int32Array.from({ length: COUNT }, (_, i) => (i % 50 === 0 ? -2147483648 : Math.round((next() - 0.5) * 2 ** (i % 31)))));
  const float32 = new FitsImage(-32, [WIDTH, HEIGHT], Float32Array.from({ length: COUNT }, (_, i) => (i === 17 ? Number.NaN : i === 18 ? -0 : (next() - 0.5) * 1e5)));

  // Row tiles of 4-byte pixels are decoded straight into the image; other tiles through a buffer.
  const cases: [CompressionAlgorithm, number, FitsImage][] = [
    ['RICE_1', 32, int32],
    ['GZIP_1', 32, int32],
    ['GZIP_2', 32, int32],
    ['NOCOMPRESS', 32, int32],
    ['GZIP_1', -32, float32],
    ['GZIP_2', -32, float32],
    ['NOCOMPRESS', -32, float32],
  ];
  it.each(cases)('%s BITPIX %i: row tiles and 2-D tiles decode to the written pixels', (algorithm, _bitpix, image) => {
    for (const tile of [[WIDTH, 1], [7, 3], [WIDTH, 2]]) {
      const decoded = written(image, { algorithm, tile }).image();
      expect(decoded.data, `tile ${tile.join('×')}`).toEqual(image.data);
    }
  });

  it('keeps BLANK pixels of row tiles of an integer image with a BLANK (not decoded in place over them)', () => {
    const data = Int32Array.from({ length: COUNT }, (_, i) => (i % 13 === 0 ? -99 : i * 1001));
    const image = new FitsImage(32, [WIDTH, HEIGHT], data, { bscale: 1, bzero: 0, blank: -99 });
    for (const algorithm of ['RICE_1', 'GZIP_2'] as const) {
      const decoded = written(image, { algorithm }).image();
      expect(decoded.data).toEqual(data);
      expect(decoded.scaling.blank).toBe(-99);
    }
  });

  it.each(['SUBTRACTIVE_DITHER_1', 'SUBTRACTIVE_DITHER_2', 'NO_DITHER'] as const)(
    'RICE_1 quantised floats (%s): row tiles dequantised into the image equal the generic dequantisation of the decoded integers',
    (method) => {
      const noisy = new FitsImage(-32, [WIDTH, HEIGHT], Float32Array.from({ length: COUNT }, (_, i) => (i % 97 === 0 ? 0 : 1000 + (next() - 0.5) * 40)));
      const hdu = written(noisy, { algorithm: 'RICE_1', quantize: { method, level: 8, dither0: 9990 } });
      const decoded = hdu.image().data as Float32Array;
      // The same tiles decoded and dequantised one by one with the generic (plain-array) loops.
      const table = hdu.table();
      const tiles = new TileTable(table, hdu.header, hdu.rawData());
      const column = tiles.variableColumn('COMPRESSED_DATA');
      const scales = tiles.numbers('ZSCALE') ?? [];
      const zeros = tiles.numbers('ZZERO') ?? [];
      if (!column) throw new Error('no COMPRESSED_DATA column');
      const expected = new Float32Array(COUNT);
      for (let row = 0; row < HEIGHT; row++) {
        const integers = Array.from(riceDecode(tiles.cell(column, row).bytes, WIDTH, 32, 4));
        const values = dequantize(integers, { method, scale: scales[row] ?? 1, zero: zeros[row] ?? 0, ditherRow: row + 9990 });
        expected.set(values, row * WIDTH);
      }
      expect(Array.from(decoded)).toEqual(Array.from(expected));
      // Quantisation keeps the values within a step of the originals.
      for (let i = 0; i < COUNT; i++) expect(Math.abs((decoded[i] as number) - (noisy.data[i] as number))).toBeLessThan(40 / 8);
    },
  );
});

describe('dequantizeInto', () => {
  const integers = Int32Array.from({ length: 25000 }, (_, i) => ((i * 7919) % 20001) - 10000);
  integers[10] = ZERO_VALUE;
  const dequantizations: Dequantization[] = [
    { method: 'SUBTRACTIVE_DITHER_1', scale: 0.37, zero: -12.5, ditherRow: 9999 },
    { method: 'SUBTRACTIVE_DITHER_2', scale: 2.5, zero: 1, ditherRow: 1 },
    { method: 'NO_DITHER', scale: 0.1, zero: 3, ditherRow: 4 },
  ];
  it.each(dequantizations)('gives the same values from Int32Array into float32/float64 as from a plain array ($method)', (dequantization) => {
    // 25000 pixels walk past the end of the 10000-value dither sequence twice.
    const generic = dequantize(Array.from(integers), dequantization);
    const into64 = new Float64Array(integers.length + 5);
    dequantizeInto(integers, dequantization, into64, 5, integers.length);
    expect(Array.from(into64.subarray(5))).toEqual(Array.from(generic));
    const into32 = new Float32Array(integers.length + 3);
    dequantizeInto(integers, dequantization, into32, 3, integers.length);
    expect(Array.from(into32.subarray(3))).toEqual(Array.from(Float32Array.from(generic)));
    if (dequantization.method === 'SUBTRACTIVE_DITHER_2') expect(into32[3 + 10]).toBe(0);
  });
});
