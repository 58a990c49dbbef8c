import { describe, expect, it } from 'vitest';
import { diffImages, diffPixels, type PixelGrid } from '../../../src/diff/image-diff.js';
import { pixelTypeOf } from '../../../src/diff/pixel-values.js';
import { PARITY_TOLERANCE } from '../../../src/diff/tolerance.js';
import { isImageHdu } from '../../../src/fits/hdu.js';
import type { FitsImage } from '../../../src/fits/image.js';
import type { ImageHduSpec } from '../../../src/fits/hdu-spec.js';
import { fitsOf, image } from './fits-builders.js';

function read(spec: ImageHduSpec): FitsImage {
  const hdu = fitsOf([spec]).hdus[0];
  if (!hdu || !isImageHdu(hdu)) throw new Error('no image');
  return hdu.image();
}

function ramp(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 100 + i * scale);
}

function grid(values: number[], type: PixelGrid['type'] = 'float64', shape = [values.length]): PixelGrid {
  return { type, values, shape };
}

describe('diffImages', () => {
  const a = ramp(12);

  it('is identical for equal images', () => {
    const diff = diffImages(read(image(a, [4, 3])), read(image(a.slice(), [4, 3])));
    expect(diff).toMatchObject({ identical: true, differingPixels: 0, pixelCount: 12, fraction: 0, pixels: [] });
    expect(diff.summary).toBe('12 pixels identical');
  });

  it('accepts noise below the tolerance and counts noise above it', () => {
    const below = a.map((v) => v * (1 + 1e-7));
    const above = a.slice();
    above[5] = (above[5] as number) * 1.001;
    above[10] = (above[10] as number) + 1;
    expect(diffImages(read(image(a, [4, 3])), read(image(below, [4, 3])), { tolerance: PARITY_TOLERANCE }).identical).toBe(true);
    expect(diffImages(read(image(a, [4, 3])), read(image(below, [4, 3]))).identical).toBe(false);
    const diff = diffImages(read(image(a, [4, 3])), read(image(above, [4, 3])), { tolerance: PARITY_TOLERANCE });
    expect(diff.differingPixels).toBe(2);
    expect(diff.fraction).toBeCloseTo(2 / 12);
    expect(diff.pixels.map((p) => p.position)).toEqual([
      [2, 2],
      [3, 3],
    ]);
    expect(diff.stats?.maxAbs).toBeCloseTo(1, 5);
    expect(diff.stats?.compared).toBe(12);
    expect(diff.stats?.medianAbs).toBe(0);
    expect(diff.summary).toMatch(/^2 of 12 pixels differ \(16\.67%\), max \|Δ\| 1\.00$/);
  });

  it('uses |a - b| <= atol + rtol * |b| (asymmetric, relative to b)', () => {
    const tolerance = { rtol: 0.1, atol: 0 };
    expect(diffPixels(grid([1.05]), grid([1]), { tolerance }).identical).toBe(true);
    expect(diffPixels(grid([10]), grid([9.05]), { tolerance }).identical).toBe(false);
    expect(diffPixels(grid([9.05]), grid([10]), { tolerance }).identical).toBe(true);
  });

  it('computes float32 pairs in single precision, as numpy does', () => {
    const x = Math.fround(1 + 2 ** -23);
    const y = Math.fround(1);
    const tolerance = { rtol: 2 ** -23 - 2 ** -50, atol: 0 };
    expect(diffPixels(grid([x], 'float32'), grid([y], 'float32'), { tolerance }).identical).toBe(true);
    expect(diffPixels(grid([x], 'float64'), grid([y], 'float64'), { tolerance }).identical).toBe(false);
  });

  it('reports a moved NaN at both positions', () => {
    const x = a.slice();
    const y = a.slice();
    x[1] = Number.NaN;
    y[6] = Number.NaN;
    const diff = diffImages(read(image(x, [4, 3])), read(image(y, [4, 3])));
    expect(diff.differingPixels).toBe(2);
    expect(diff.nonFiniteMismatches).toBe(2);
    expect(diff.pixels.map((p) => p.position)).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it('treats NaN vs inf as equal like astropy, as different under the afw rule', () => {
    const x = grid([1, Number.NaN, Infinity]);
    const y = grid([1, Infinity, -Infinity]);
    expect(diffPixels(x, y).identical).toBe(true);
    const strict = diffPixels(x, y, { nonFinite: 'distinct' });
    expect(strict.differingPixels).toBe(2);
    expect(diffPixels(grid([Number.NaN, Infinity]), grid([Number.NaN, Infinity]), { nonFinite: 'distinct' }).identical).toBe(true);
  });

  it('compares integer images exactly whatever the tolerance', () => {
    const x = read(image(new Int16Array([1000, 2000, 3000]), [3]));
    const y = read(image(new Int16Array([1000, 2001, 3000]), [3]));
    const diff = diffImages(x, y, { tolerance: { rtol: 0.5, atol: 10 } });
    expect(diff.toleranceApplied).toBe(false);
    expect(diff.differingPixels).toBe(1);
  });

  it('gives scaled integers the float type astropy gives them', () => {
    expect(pixelTypeOf(read(image(new Int16Array([1, 2]), [2])))).toBe('integer');
    expect(pixelTypeOf(read(image(new Uint16Array([1, 2]), [2])))).toBe('integer');
    expect(pixelTypeOf(read({ kind: 'image', data: new Int16Array([1, 2]), shape: [2], bscale: 0.5, bzero: 3 }))).toBe('float32');
    expect(pixelTypeOf(read({ kind: 'image', data: new Int32Array([1, 2]), shape: [2], bscale: 0.5, bzero: 3 }))).toBe('float64');
    expect(pixelTypeOf(read({ kind: 'image', data: new Int32Array([1, 2]), shape: [2], blank: -1 }))).toBe('float64');
  });

  it('stops at different dimensions', () => {
    const diff = diffImages(read(image(a, [4, 3])), read(image(a, [3, 4])));
    expect(diff).toMatchObject({ identical: false, shapes: { a: [4, 3], b: [3, 4] }, differingPixels: 0 });
    expect(diff.summary).toBe('dimensions differ: 4 x 3 vs 3 x 4');
  });

  it('lists at most maxReportedPixels but counts them all', () => {
    const x = grid([0, 0, 0, 0, 0]);
    const y = grid([1, 2, 3, 4, 5]);
    const diff = diffPixels(x, y, { maxReportedPixels: 2 });
    expect(diff.differingPixels).toBe(5);
    expect(diff.pixels).toHaveLength(2);
    expect(diffPixels(x, y, { maxReportedPixels: -1 }).pixels).toHaveLength(5);
    expect(diff.stats).toMatchObject({ maxAbs: 5, meanAbs: 3, medianAbs: 3 });
  });
});
