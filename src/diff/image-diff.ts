import { HOST_IS_LITTLE_ENDIAN, type Bitpix } from '../fits/bitpix.js';
import type { FitsImage, ImageScaling } from '../fits/image.js';
import { DifferenceAccumulator, type DifferenceStats } from './difference-stats.js';
import type { DiffBase, Pair } from './diff-value.js';
import { pixelTypeOf, pixelValuesOf, type PixelType, type PixelValues } from './pixel-values.js';
import { EXACT, type Tolerance } from './tolerance.js';

/**
 * How NaN and infinities are matched. `equivalent`: any non-finite value matches any other (astropy's
 * `where_not_allclose`, so NaN vs inf is no difference). `distinct`: NaN, +inf and −inf must each sit
 * at the same pixels (afw `testUtils`).
 */
export type NonFiniteRule = 'equivalent' | 'distinct';

/** Options of {@link diffImages}. */
export interface ImageDiffOptions {
  /** Default is exact (astropy `fitsdiff`); the parity harness uses `PARITY_TOLERANCE`. */
  readonly tolerance: Tolerance;
  /** Default is `'equivalent'` (astropy). */
  readonly nonFinite: NonFiniteRule;
  /** How many differing pixels to list; negative for all. The count is always complete. Default is 10. */
  readonly maxReportedPixels: number;
}

/** Defaults of {@link ImageDiffOptions}: astropy `ImageDataDiff`'s. */
export const DEFAULT_IMAGE_DIFF_OPTIONS: ImageDiffOptions = { tolerance: EXACT, nonFinite: 'equivalent', maxReportedPixels: 10 };

/** One differing pixel. */
export interface PixelDifference extends Pair<number> {
  /** One-based pixel coordinates in FITS axis order (x first), as astropy reports them. */
  readonly position: readonly number[];
}

/** Differences between two images, modelled on astropy's `ImageDataDiff`. */
export interface ImageDiff extends DiffBase<'image'> {
  /** Set when the shapes differ (`NAXISn` order); nothing else is compared then. */
  readonly shapes?: Pair<readonly number[]>;
  readonly pixelCount: number;
  /** Pixels beyond the tolerance, plus pixels whose non-finite values do not match. */
  readonly differingPixels: number;
  /** `differingPixels / pixelCount` (0 for empty images). */
  readonly fraction: number;
  /** Of {@link differingPixels}: pixels where NaN/±inf do not match. */
  readonly nonFiniteMismatches: number;
  /** Statistics of |a − b| over the pixels finite on both sides. */
  readonly stats?: DifferenceStats;
  /** The first differing pixels in storage order, at most `maxReportedPixels`. */
  readonly pixels: readonly PixelDifference[];
  /** The type astropy gives each image's data. */
  readonly pixelTypes: Pair<PixelType>;
  readonly tolerance: Tolerance;
  /** False when both images hold integers: astropy then compares exactly whatever the tolerance. */
  readonly toleranceApplied: boolean;
}

/** Compares the data of two images (after BSCALE/BZERO/BLANK). */
export function diffImages(a: FitsImage, b: FitsImage, options: Partial<ImageDiffOptions> = {}): ImageDiff {
  return diffPixels({ shape: a.shape, ...pixelValuesOf(a) }, { shape: b.shape, ...pixelValuesOf(b) }, options);
}

/** An array of pixel values with its shape (`NAXISn` order, first axis fastest). */
export interface PixelGrid extends PixelValues {
  readonly shape: readonly number[];
}

/**
 * Compares two pixel grids: a pixel differs when |a − b| > atol + rtol·|b| (single-precision arithmetic
 * when both are float32, exact equality when both are integers), or when its non-finite values do
 * not match under {@link ImageDiffOptions.nonFinite}.
 */
export function diffPixels(a: PixelGrid, b: PixelGrid, options: Partial<ImageDiffOptions> = {}): ImageDiff {
  const opts = Object.assign({}, DEFAULT_IMAGE_DIFF_OPTIONS, options);
  const toleranceApplied = a.type !== 'integer' || b.type !== 'integer';
  const base = { kind: 'image' as const, pixelTypes: { a: a.type, b: b.type }, tolerance: opts.tolerance, toleranceApplied };
  if (!sameShape(a.shape, b.shape)) return { ...base, ...shapeMismatch(a.shape, b.shape), nonFiniteMismatches: 0, pixels: [] };

  const tally = new PixelTally(pixelPredicate(opts, toleranceApplied, a.type === 'float32' && b.type === 'float32'), opts.maxReportedPixels, a.shape);
  const va = a.values;
  const vb = b.values;
  const n = va.length;
  if (va instanceof Float32Array && vb instanceof Float32Array && vb.length === n) {
    scanFloat32(va, vb, tally);
    return tally.result(base, n);
  }
  for (let i = 0; i < n; i++) {
    const x = va[i] as number;
    const y = vb[i] as number;
    // Equal values never differ under any tolerance or non-finite rule; only finite ones count in the stats.
    if (x === y) {
      if (x - x === 0) tally.equalFinite++;
    } else {
      tally.unequal(i, x, y);
    }
  }
  return tally.result(base, n);
}

/** An image's stored values as they are in the file: big-endian bytes, with the scaling keywords. */
export interface StoredImage {
  readonly bitpix: Bitpix;
  /** `NAXIS1`…`NAXISn`. */
  readonly shape: readonly number[];
  readonly scaling: ImageScaling;
  /** The data unit (at least the pixels' bytes). */
  readonly bytes: Uint8Array;
}

/**
 * {@link diffImages} on the stored bytes, without decoding the images: pixels whose bytes are equal are
 * equal (under any tolerance and non-finite rule), so only the others are decoded and compared as
 * {@link diffPixels} does; the result is the same. Applies to unscaled images of one BITPIX and shape
 * (no BSCALE/BZERO, no BLANK); returns undefined otherwise, and the caller decodes the images.
 */
export function diffStoredImages(a: StoredImage, b: StoredImage, options: Partial<ImageDiffOptions> = {}): ImageDiff | undefined {
  const unscaled = (image: StoredImage): boolean => image.scaling.bscale === 1 && image.scaling.bzero === 0 && image.scaling.blank === undefined;
  if (a.bitpix !== b.bitpix || !unscaled(a) || !unscaled(b) || !sameShape(a.shape, b.shape) || !HOST_IS_LITTLE_ENDIAN) return undefined;
  const size = Math.abs(a.bitpix) / 8;
  const n = a.shape.length === 0 ? 0 : a.shape.reduce((product, axis) => product * axis, 1);
  const align = Math.min(size, 4);
  if (a.bytes.length < n * size || b.bytes.length < n * size || a.bytes.byteOffset % align !== 0 || b.bytes.byteOffset % align !== 0) return undefined;
  const opts = Object.assign({}, DEFAULT_IMAGE_DIFF_OPTIONS, options);
  const type = pixelTypeOf(a);
  const toleranceApplied = type !== 'integer';
  const base = { kind: 'image' as const, pixelTypes: { a: type, b: type }, tolerance: opts.tolerance, toleranceApplied };
  const tally = new PixelTally(pixelPredicate(opts, toleranceApplied, type === 'float32'), opts.maxReportedPixels, a.shape);
  const bytesA = a.bytes.subarray(0, n * size);
  const bytesB = b.bytes.subarray(0, n * size);
  const float = a.bitpix < 0;
  // The same bytes (an HDU compared with itself) need no comparison.
  const sameBytes = bytesA.buffer === bytesB.buffer && bytesA.byteOffset === bytesB.byteOffset;
  if (sameBytes || Buffer.from(bytesA.buffer, bytesA.byteOffset, bytesA.byteLength).equals(bytesB)) {
    return identicalImageDiff(a, float ? countNonFinite(bytesA, a.bitpix === -32 ? 4 : 8, n) : 0, options);
  }
  const viewA = new DataView(bytesA.buffer, bytesA.byteOffset, bytesA.byteLength);
  const viewB = new DataView(bytesB.buffer, bytesB.byteOffset, bytesB.byteLength);
  const read = elementReader(a.bitpix);
  // Elements as host words of their big-endian bytes: equal words, equal bytes, equal values.
  if (size === 4) {
    scanWords32(new Int32Array(bytesA.buffer, bytesA.byteOffset, n), new Int32Array(bytesB.buffer, bytesB.byteOffset, n), a.bitpix === -32 ? 0x807f : 0, viewA, viewB, read, tally);
  } else {
    const wordsPerElement = size === 8 ? 2 : 1;
    const wordsA = size === 8 ? new Int32Array(bytesA.buffer, bytesA.byteOffset, n * 2) : size === 2 ? new Uint16Array(bytesA.buffer, bytesA.byteOffset, n) : bytesA;
    const wordsB = size === 8 ? new Int32Array(bytesB.buffer, bytesB.byteOffset, n * 2) : size === 2 ? new Uint16Array(bytesB.buffer, bytesB.byteOffset, n) : bytesB;
    // The exponent bits of the first word, as a little-endian host sees the big-endian bytes.
    const exponentMask = a.bitpix === -64 ? 0xf07f : 0;
    for (let i = 0; i < n; i++) {
      const w = i * wordsPerElement;
      const first = wordsA[w] as number;
      if (first === wordsB[w] && (wordsPerElement === 1 || wordsA[w + 1] === wordsB[w + 1])) {
        if (exponentMask === 0 || (first & exponentMask) !== exponentMask) tally.equalFinite++;
        continue;
      }
      compareElement(i, read(viewA, i * size), read(viewB, i * size), tally);
    }
  }
  return tally.result(base, n);
}

/** The 4-byte case of {@link diffStoredImages}' scan, kept monomorphic (it is the common one). */
function scanWords32(wordsA: Int32Array, wordsB: Int32Array, exponentMask: number, viewA: DataView, viewB: DataView, read: (view: DataView, offset: number) => number, tally: PixelTally): void {
  const n = wordsA.length;
  let equalFinite = 0;
  for (let i = 0; i < n; i++) {
    const word = wordsA[i] as number;
    if (word === wordsB[i]) {
      if ((word & exponentMask) !== exponentMask || exponentMask === 0) equalFinite++;
    } else {
      compareElement(i, read(viewA, 4 * i), read(viewB, 4 * i), tally);
    }
  }
  tally.equalFinite += equalFinite;
}

/** {@link diffPixels}' scan of two float32 arrays: equal bits are equal values, the rest compared as values. */
function scanFloat32(va: Float32Array, vb: Float32Array, tally: PixelTally): void {
  const wordsA = new Int32Array(va.buffer, va.byteOffset, va.length);
  const wordsB = new Int32Array(vb.buffer, vb.byteOffset, vb.length);
  const exponent = 0x7f800000;
  let equalFinite = 0;
  for (let i = 0; i < wordsA.length; i++) {
    const word = wordsA[i] as number;
    if (word === wordsB[i]) {
      if ((word & exponent) !== exponent) equalFinite++;
    } else {
      compareElement(i, va[i] as number, vb[i] as number, tally);
    }
  }
  tally.equalFinite += equalFinite;
}

function compareElement(i: number, x: number, y: number, tally: PixelTally): void {
  if (x === y) {
    if (x - x === 0) tally.equalFinite++;
  } else {
    tally.unequal(i, x, y);
  }
}

/**
 * The {@link diffImages} result for an unscaled image compared with an identical copy of itself, given
 * how many of its pixels are NaN or infinite.
 */
export function identicalImageDiff(image: Omit<StoredImage, 'bytes'>, nonFinitePixels: number, options: Partial<ImageDiffOptions> = {}): ImageDiff {
  const opts = Object.assign({}, DEFAULT_IMAGE_DIFF_OPTIONS, options);
  const type = pixelTypeOf(image);
  const n = image.shape.length === 0 ? 0 : image.shape.reduce((product, axis) => product * axis, 1);
  const tally = new PixelTally(pixelPredicate(opts, type !== 'integer', type === 'float32'), opts.maxReportedPixels, image.shape);
  tally.equalFinite = n - nonFinitePixels;
  return tally.result({ kind: 'image', pixelTypes: { a: type, b: type }, tolerance: opts.tolerance, toleranceApplied: type !== 'integer' }, n);
}

/** How many of `n` big-endian floats of `size` bytes are NaN or infinite (exponent bits all set). */
export function countNonFinite(bytes: Uint8Array, size: 4 | 8, n: number): number {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, (n * size) / 4);
  const mask = size === 4 ? 0x807f : 0xf07f;
  const step = size / 4;
  let count = 0;
  for (let w = 0; w < words.length; w += step) if (((words[w] as number) & mask) === mask) count++;
  return count;
}

/** Reads one big-endian element as the comparators see an unscaled pixel (64-bit integers rounded to doubles). */
function elementReader(bitpix: Bitpix): (view: DataView, offset: number) => number {
  switch (bitpix) {
    case 8:
      return (view, offset) => view.getUint8(offset);
    case 16:
      return (view, offset) => view.getInt16(offset, false);
    case 32:
      return (view, offset) => view.getInt32(offset, false);
    case 64:
      return (view, offset) => Number(view.getBigInt64(offset, false));
    case -32:
      return (view, offset) => view.getFloat32(offset, false);
    case -64:
      return (view, offset) => view.getFloat64(offset, false);
  }
}

type ImageDiffBase = Pick<ImageDiff, 'kind' | 'pixelTypes' | 'tolerance' | 'toleranceApplied'>;

/** Counts the pixels of a comparison, and keeps the first differing ones. */
class PixelTally {
  /** Pixels equal on both sides and finite (they count in the statistics as |Δ| = 0). */
  equalFinite = 0;
  #differing = 0;
  #nonFiniteMismatches = 0;
  readonly #pixels: PixelDifference[] = [];
  readonly #accumulator = new DifferenceAccumulator();
  readonly #limit: number;

  constructor(
    private readonly differs: (x: number, y: number, finite: boolean) => Verdict,
    maxReported: number,
    private readonly shape: readonly number[],
  ) {
    this.#limit = maxReported < 0 ? Infinity : maxReported;
  }

  /** Pixel `i`, whose values are not `===`. */
  unequal(i: number, x: number, y: number): void {
    const finite = Number.isFinite(x) && Number.isFinite(y);
    if (finite) this.#accumulator.add(x, y);
    const verdict = this.differs(x, y, finite);
    if (verdict === 0) return;
    this.#differing++;
    if (verdict === 2) this.#nonFiniteMismatches++;
    if (this.#pixels.length < this.#limit) this.#pixels.push({ position: positionOf(i, this.shape), a: x, b: y });
  }

  result(base: ImageDiffBase, n: number): ImageDiff {
    this.#accumulator.addZeros(this.equalFinite);
    const stats = this.#accumulator.stats();
    const differing = this.#differing;
    const fraction = n === 0 ? 0 : differing / n;
    return {
      ...base,
      identical: differing === 0,
      summary: summarizeImage(differing, n, fraction, stats),
      pixelCount: n,
      differingPixels: differing,
      fraction,
      nonFiniteMismatches: this.#nonFiniteMismatches,
      ...(stats ? { stats } : {}),
      pixels: this.#pixels,
    };
  }
}

/** 0: equal; 1: beyond the tolerance; 2: non-finite values that do not match. */
type Verdict = 0 | 1 | 2;

function pixelPredicate(opts: ImageDiffOptions, toleranceApplied: boolean, single: boolean): (x: number, y: number, finite: boolean) => Verdict {
  const matchNonFinite =
    opts.nonFinite === 'equivalent'
      ? (x: number, y: number): Verdict => (Number.isFinite(x) || Number.isFinite(y) ? 2 : 0)
      : (x: number, y: number): Verdict => (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) ? 0 : 2);
  const { rtol, atol } = toleranceApplied ? opts.tolerance : EXACT;
  if (rtol === 0 && atol === 0) return (x, y, finite) => (finite ? (x === y ? 0 : 1) : matchNonFinite(x, y));
  if (!single) return (x, y, finite) => (finite ? (Math.abs(y - x) > atol + rtol * Math.abs(y) ? 1 : 0) : matchNonFinite(x, y));
  const rtol32 = Math.fround(rtol);
  const atol32 = Math.fround(atol);
  return (x, y, finite) => {
    if (!finite) return matchNonFinite(x, y);
    const threshold = Math.fround(atol32 + Math.fround(rtol32 * Math.abs(y)));
    return Math.abs(Math.fround(y - x)) > threshold ? 1 : 0;
  };
}

/** One-based FITS-order coordinates of the element at `index`. */
export function positionOf(index: number, shape: readonly number[]): number[] {
  const position: number[] = [];
  let rest = index;
  for (const axis of shape) {
    position.push((rest % axis) + 1);
    rest = Math.floor(rest / axis);
  }
  return position;
}

/** True when two shapes have the same axes. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((axis, i) => axis === b[i]);
}

/** `NAXIS1 x NAXIS2 x …`, astropy's way of printing dimensions. */
export function describeShape(shape: readonly number[]): string {
  return shape.length === 0 ? '(empty)' : shape.join(' x ');
}

/** The fields an image and a mask comparison share when the two sides have different dimensions (nothing else is compared). */
export function shapeMismatch(a: readonly number[], b: readonly number[]): Pick<ImageDiff, 'identical' | 'summary' | 'shapes' | 'pixelCount' | 'differingPixels' | 'fraction'> {
  const shapes = { a: [...a], b: [...b] };
  return { identical: false, summary: `dimensions differ: ${describeShape(shapes.a)} vs ${describeShape(shapes.b)}`, shapes, pixelCount: 0, differingPixels: 0, fraction: 0 };
}

function summarizeImage(differing: number, total: number, fraction: number, stats: DifferenceStats | undefined): string {
  if (differing === 0) return `${total} pixels identical`;
  const max = stats && stats.maxAbs > 0 ? `, max |Δ| ${stats.maxAbs.toPrecision(3)}` : '';
  return `${differing} of ${total} pixels differ (${(fraction * 100).toFixed(2)}%)${max}`;
}
