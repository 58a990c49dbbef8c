import type { FitsImage } from '../fits/image.js';
import { DifferenceAccumulator, type DifferenceStats } from './difference-stats.js';
import type { DiffBase, Pair } from './diff-value.js';
import { pixelValuesOf, type PixelType, type PixelValues } from './pixel-values.js';
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
  const opts = { ...DEFAULT_IMAGE_DIFF_OPTIONS, ...options };
  const toleranceApplied = a.type !== 'integer' || b.type !== 'integer';
  const base = { kind: 'image' as const, pixelTypes: { a: a.type, b: b.type }, tolerance: opts.tolerance, toleranceApplied };
  if (!sameShape(a.shape, b.shape)) {
    const shapes = { a: [...a.shape], b: [...b.shape] };
    return {
      ...base,
      identical: false,
      summary: `dimensions differ: ${describeShape(shapes.a)} vs ${describeShape(shapes.b)}`,
      shapes,
      pixelCount: 0,
      differingPixels: 0,
      fraction: 0,
      nonFiniteMismatches: 0,
      pixels: [],
    };
  }

  const differs = pixelPredicate(opts, toleranceApplied, a.type === 'float32' && b.type === 'float32');
  const va = a.values;
  const vb = b.values;
  const n = va.length;
  const limit = opts.maxReportedPixels < 0 ? Infinity : opts.maxReportedPixels;
  const accumulator = new DifferenceAccumulator();
  const pixels: PixelDifference[] = [];
  let differing = 0;
  let nonFiniteMismatches = 0;
  for (let i = 0; i < n; i++) {
    const x = va[i] as number;
    const y = vb[i] as number;
    const finite = Number.isFinite(x) && Number.isFinite(y);
    if (finite) accumulator.add(x, y);
    const verdict = differs(x, y, finite);
    if (verdict === 0) continue;
    differing++;
    if (verdict === 2) nonFiniteMismatches++;
    if (pixels.length < limit) pixels.push({ position: positionOf(i, a.shape), a: x, b: y });
  }
  const stats = accumulator.stats();
  const fraction = n === 0 ? 0 : differing / n;
  return {
    ...base,
    identical: differing === 0,
    summary: summarizeImage(differing, n, fraction, stats),
    pixelCount: n,
    differingPixels: differing,
    fraction,
    nonFiniteMismatches,
    ...(stats ? { stats } : {}),
    pixels,
  };
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

function summarizeImage(differing: number, total: number, fraction: number, stats: DifferenceStats | undefined): string {
  if (differing === 0) return `${total} pixels identical`;
  const max = stats && stats.maxAbs > 0 ? `, max |Δ| ${stats.maxAbs.toPrecision(3)}` : '';
  return `${differing} of ${total} pixels differ (${(fraction * 100).toFixed(2)}%)${max}`;
}
