import { DitherCursor } from './dither.js';
import { ZERO_VALUE, type QuantizeMethod } from './quantize.js';

/** The quantised value of undefined (NaN) pixels, written as `ZBLANK`. */
export const NULL_VALUE = -2147483647;

/** How floats are quantised: method, `q` (noise / q is the step; negative: −q is the step) and `ZDITHER0`. */
export interface QuantizeOptions {
  readonly method: QuantizeMethod;
  /** Default 16, as astropy. */
  readonly level?: number;
  /** `ZDITHER0`, 1…10000; default 1. */
  readonly dither0?: number;
}

/** One quantised tile: the integers and their `ZSCALE`/`ZZERO`; whether a pixel was NaN. */
export interface QuantizedTile {
  readonly values: Int32Array;
  readonly scale: number;
  readonly zero: number;
  readonly hasNull: boolean;
}

/**
 * Quantises one tile of floats (FITS 4.0 §10.2): step = noise / `level`, with the noise estimated from the
 * median absolute difference of neighbouring pixels; zero point the minimum; with subtractive dithering
 * the tile's dither offsets are added before rounding. NaN pixels become {@link NULL_VALUE}; with
 * SUBTRACTIVE_DITHER_2, exact zeros become {@link ZERO_VALUE}.
 * @param ditherRow zero-based tile number plus `ZDITHER0`.
 * @returns undefined when the tile cannot be quantised (infinities, fewer than two finite pixels, no noise,
 *   too wide a range):
 *   it must then be stored losslessly.
 */
export function quantizeTile(pixels: ArrayLike<number>, options: QuantizeOptions, ditherRow: number): QuantizedTile | undefined {
  const finite: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] as number;
    if (Number.isNaN(value)) continue;
    if (!Number.isFinite(value)) return undefined;
    finite.push(value);
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (finite.length < 2) return undefined;
  const level = options.level ?? 16;
  const scale = level < 0 ? -level : estimateNoise(finite) / level;
  if (!(scale > 0) || (max - min) / scale > 2 ** 31 - 10) return undefined;
  const zero = min;
  const values = new Int32Array(pixels.length);
  const dither = options.method === 'NO_DITHER' ? undefined : new DitherCursor(ditherRow);
  let hasNull = false;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] as number;
    const r = dither ? dither.next() : 0.5;
    if (Number.isNaN(value)) {
      values[i] = NULL_VALUE;
      hasNull = true;
    } else if (options.method === 'SUBTRACTIVE_DITHER_2' && value === 0) {
      values[i] = ZERO_VALUE;
    } else {
      values[i] = nearestInteger((value - zero) / scale + r - 0.5);
    }
  }
  return { values, scale, zero, hasNull };
}

/** Robust noise: 1.0483 × the median absolute difference of neighbours (σ for Gaussian noise). */
function estimateNoise(values: readonly number[]): number {
  const differences = new Float64Array(values.length - 1);
  for (let i = 1; i < values.length; i++) differences[i - 1] = Math.abs((values[i] as number) - (values[i - 1] as number));
  differences.sort();
  const middle = differences.length >> 1;
  const median = differences.length % 2 === 1 ? (differences[middle] as number) : ((differences[middle - 1] as number) + (differences[middle] as number)) / 2;
  return 1.0483 * median;
}

/** Rounds half away from zero. */
function nearestInteger(x: number): number {
  return x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5);
}
