import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFits, diffFitsFiles } from '../../../src/diff/fits-diff.js';
import { PARITY_FITS_OPTIONS } from '../../../src/diff/fits-diff-options.js';
import { parseFits, writeFits } from '../../../src/fits/fits-file.js';
import { binTable, image } from './fits-builders.js';
import { diffImages, diffStoredImages, type StoredImage } from '../../../src/diff/image-diff.js';
import { PARITY_TOLERANCE } from '../../../src/diff/tolerance.js';
import { bitpixOf, encodeBigEndian, type StoredArray } from '../../../src/fits/bitpix.js';
import { FitsImage } from '../../../src/fits/image.js';

function stored(data: StoredArray, shape: readonly number[], misalign = false): StoredImage {
  const bytes = encodeBigEndian(data);
  const copy = new Uint8Array(bytes.length + (misalign ? 1 : 0));
  copy.set(bytes, misalign ? 1 : 0);
  return { bitpix: bitpixOf(data), shape, scaling: { bscale: 1, bzero: 0 }, bytes: misalign ? copy.subarray(1) : copy };
}

function pair<T extends StoredArray>(make: (n: number) => T, edit: (b: T) => void, shape = [7, 5]): [T, T] {
  const n = shape.reduce((p, x) => p * x, 1);
  const a = make(n);
  const b = a.slice() as T;
  edit(b);
  return [a, b];
}

const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 200 - 100;

describe('diffStoredImages', () => {
  const next = rng(7);
  const float32 = pair(
    (n) => Float32Array.from({ length: n }, next),
    (b) => {
      b[0] = Number.NaN;
      b[1] = Number.POSITIVE_INFINITY;
      b[3] = (b[3] as number) + 1e-4;
      b[4] = (b[4] as number) + 1;
    },
  );
  float32[0][1] = Number.NaN; // NaN vs +inf
  float32[0][2] = -0;
  float32[1][2] = 0; // -0 vs +0: equal values, different bytes
  float32[0][5] = float32[1][5] = Number.NaN; // equal non-finite bytes
  const float64 = pair(
    (n) => Float64Array.from({ length: n }, next),
    (b) => {
      b[2] = Number.NEGATIVE_INFINITY;
      b[6] = (b[6] as number) * (1 + 1e-9);
      b[7] = (b[7] as number) + 3;
    },
  );
  const cases: [string, StoredArray, StoredArray][] = [
    ['float32', ...float32],
    ['float64', ...float64],
    ['uint8', ...pair((n) => Uint8Array.from({ length: n }, (_, i) => i * 7), (b) => void (b[3] = 255))],
    ['int16', ...pair((n) => Int16Array.from({ length: n }, (_, i) => i * 999 - 9000), (b) => void (b[9] = -1))],
    ['int32', ...pair((n) => Int32Array.from({ length: n }, (_, i) => i * 99_999 - 7), (b) => void (b[20] = 5))],
    ['int64 (rounded alike as doubles)', ...pair((n) => BigInt64Array.from({ length: n }, (_, i) => 2n ** 60n + BigInt(i * 4096)), (b) => void (b[1] = (b[1] as bigint) + 1n))],
    ['identical float32', float32[0], float32[0].slice()],
  ];
  for (const [name, a, b] of cases) {
    for (const options of [{}, { tolerance: PARITY_TOLERANCE }, { nonFinite: 'distinct' as const, maxReportedPixels: -1 }]) {
      it(`gives diffImages' result: ${name} ${JSON.stringify(options)}`, () => {
        const expected = diffImages(new FitsImage(bitpixOf(a), [7, 5], a), new FitsImage(bitpixOf(b), [7, 5], b), options);
        expect(diffStoredImages(stored(a, [7, 5]), stored(b, [7, 5]), options)).toEqual(expected);
        // Misaligned multi-byte data is left to the decoding path; bytes need no alignment.
        const misaligned = diffStoredImages(stored(a, [7, 5]), stored(b, [7, 5], true), options);
        if (a.BYTES_PER_ELEMENT === 1) expect(misaligned).toEqual(expected);
        else expect(misaligned).toBeUndefined();
      });
    }
  }

  it('leaves scaled images, different BITPIX and different shapes to the decoding path', () => {
    const a = stored(Int16Array.of(1, 2, 3, 4), [4]);
    expect(diffStoredImages({ ...a, scaling: { bscale: 2, bzero: 0 } }, a)).toBeUndefined();
    expect(diffStoredImages({ ...a, scaling: { bscale: 1, bzero: 0, blank: 3 } }, a)).toBeUndefined();
    expect(diffStoredImages(a, stored(Int32Array.of(1, 2, 3, 4), [4]))).toBeUndefined();
    expect(diffStoredImages(a, { ...a, shape: [2, 2] })).toBeUndefined();
  });
});

describe('diffFitsFiles on byte-identical files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gen2to3-identical-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const big = Float32Array.from({ length: 700 * 800 }, (_, i) => (i % 9973 === 0 ? Number.NaN : i % 7919 === 0 ? Number.NEGATIVE_INFINITY : i / 3));
  const files: [string, Buffer][] = [
    ['images', writeFits([image(big, [700, 800]), image(Float64Array.of(1, Number.NaN, 3, Number.POSITIVE_INFINITY), [2, 2], [['EXTNAME', 'F64']]), image(Int16Array.of(1, 2, 3), [3])])],
    ['empty primary', writeFits([image(undefined, [])])],
    ['with a table', writeFits([image(undefined, []), binTable([{ name: 'x', tform: 'E', values: [1, Number.NaN] }])])],
  ];
  for (const [name, bytes] of files) {
    for (const options of [{}, PARITY_FITS_OPTIONS]) {
      it(`gives the full comparison's result: ${name}${options === PARITY_FITS_OPTIONS ? ' (parity options)' : ''}`, async () => {
        const a = path.join(dir, `${name}-a.fits`);
        const b = path.join(dir, `${name}-b.fits`);
        writeFileSync(a, bytes);
        writeFileSync(b, bytes);
        const expected = diffFits(parseFits(bytes, a), parseFits(bytes, b), options);
        expect(expected.identical).toBe(true);
        expect(await diffFitsFiles(a, b, options)).toEqual(expected);
      });
    }
  }
});
