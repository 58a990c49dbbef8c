import { DITHER_SEQUENCE_LENGTH, ditherSequence } from './dither.js';

/** `ZQUANTIZ` values, as the convention names them. */
export type QuantizeMethod = 'NO_DITHER' | 'SUBTRACTIVE_DITHER_1' | 'SUBTRACTIVE_DITHER_2';

/** The quantised value SUBTRACTIVE_DITHER_2 stores for pixels that were exactly zero. */
export const ZERO_VALUE = -2147483646;

/** The `ZQUANTIZ` of a header as a method; like astropy, absent means NO_DITHER and unknown values dither. */
export function quantizeMethod(zquantiz: string | undefined): QuantizeMethod {
  if (zquantiz === undefined || zquantiz === 'NO_DITHER') return 'NO_DITHER';
  return zquantiz === 'SUBTRACTIVE_DITHER_2' ? 'SUBTRACTIVE_DITHER_2' : 'SUBTRACTIVE_DITHER_1';
}

/** How to restore one tile of quantised floating-point values. */
export interface Dequantization {
  readonly method: QuantizeMethod;
  /** `ZSCALE` of the tile. */
  readonly scale: number;
  /** `ZZERO` of the tile. */
  readonly zero: number;
  /** Zero-based tile number plus `ZDITHER0` (the "row" the dither sequence starts from). */
  readonly ditherRow: number;
}

/**
 * Restores floats from quantised integers: `q × ZSCALE + ZZERO` (NO_DITHER) or
 * `(q − r + 0.5) × ZSCALE + ZZERO` with `r` from the dither sequence (SUBTRACTIVE_DITHER_1/2; with _2,
 * {@link ZERO_VALUE} restores to 0). Computed in double precision; the caller rounds to the image type.
 */
export function dequantize(values: ArrayLike<number>, dequantization: Dequantization): Float64Array {
  const out = new Float64Array(values.length);
  dequantizeInto(values, dequantization, out, 0, values.length);
  return out;
}

/** {@link dequantize} of the first `count` values into `out` from `at`, in one pass with the dither walk. */
export function dequantizeInto(values: ArrayLike<number>, dequantization: Dequantization, out: Float32Array | Float64Array, at: number, count: number): void {
  // Each pairing of array types gets its own copy of the loops, so that each stays monomorphic.
  if (values instanceof Int32Array) {
    if (out instanceof Float32Array) dequantizeInt32ToFloat32(values, dequantization, out, at, count);
    else dequantizeInt32ToFloat64(values, dequantization, out, at, count);
  } else {
    dequantizeGeneric(values, dequantization, out, at, count);
  }
}

/** The first dither offset a tile uses, and the sequence index it continues from (see {@link DitherCursor}). */
function ditherStart(ditherRow: number): { seed: number; next: number } {
  const seed = (((ditherRow - 1) % DITHER_SEQUENCE_LENGTH) + DITHER_SEQUENCE_LENGTH) % DITHER_SEQUENCE_LENGTH;
  return { seed, next: Math.trunc(Math.fround((ditherSequence()[seed] as number) * 500)) };
}

function dequantizeInt32ToFloat32(values: Int32Array, { method, scale, zero, ditherRow }: Dequantization, out: Float32Array, at: number, count: number): void {
  if (count > values.length || at + count > out.length) throw new RangeError('dequantizeInto: count exceeds the arrays');
  if (method === 'NO_DITHER') {
    for (let i = 0; i < count; i++) out[at + i] = (values[i] as number) * scale + zero;
    return;
  }
  const sequence = ditherSequence();
  const zeros = method === 'SUBTRACTIVE_DITHER_2';
  let { seed, next } = ditherStart(ditherRow);
  for (let i = 0; i < count; ) {
    const end = Math.min(count, i + (DITHER_SEQUENCE_LENGTH - next));
    const shift = next - i;
    if (zeros) {
      for (; i < end; i++) {
        const q = values[i] as number;
        out[at + i] = q === ZERO_VALUE ? 0 : (q - (sequence[i + shift] as number) + 0.5) * scale + zero;
      }
    } else {
      for (; i < end; i++) out[at + i] = ((values[i] as number) - (sequence[i + shift] as number) + 0.5) * scale + zero;
    }
    next = i + shift;
    if (next === DITHER_SEQUENCE_LENGTH) ({ seed, next } = ditherStart(seed + 2)); // the row whose seed is seed + 1
  }
}

/** The same loops as {@link dequantizeInt32ToFloat32}, for double-precision output. */
function dequantizeInt32ToFloat64(values: Int32Array, { method, scale, zero, ditherRow }: Dequantization, out: Float64Array, at: number, count: number): void {
  if (count > values.length || at + count > out.length) throw new RangeError('dequantizeInto: count exceeds the arrays');
  if (method === 'NO_DITHER') {
    for (let i = 0; i < count; i++) out[at + i] = (values[i] as number) * scale + zero;
    return;
  }
  const sequence = ditherSequence();
  const zeros = method === 'SUBTRACTIVE_DITHER_2';
  let { seed, next } = ditherStart(ditherRow);
  for (let i = 0; i < count; ) {
    const end = Math.min(count, i + (DITHER_SEQUENCE_LENGTH - next));
    const shift = next - i;
    if (zeros) {
      for (; i < end; i++) {
        const q = values[i] as number;
        out[at + i] = q === ZERO_VALUE ? 0 : (q - (sequence[i + shift] as number) + 0.5) * scale + zero;
      }
    } else {
      for (; i < end; i++) out[at + i] = ((values[i] as number) - (sequence[i + shift] as number) + 0.5) * scale + zero;
    }
    next = i + shift;
    if (next === DITHER_SEQUENCE_LENGTH) ({ seed, next } = ditherStart(seed + 2)); // the row whose seed is seed + 1
  }
}

/** Any other input (plain arrays, 64-bit integers as doubles). */
function dequantizeGeneric(values: ArrayLike<number>, { method, scale, zero, ditherRow }: Dequantization, out: Float32Array | Float64Array, at: number, count: number): void {
  if (method === 'NO_DITHER') {
    for (let i = 0; i < count; i++) out[at + i] = (values[i] as number) * scale + zero;
    return;
  }
  const sequence = ditherSequence();
  const zeros = method === 'SUBTRACTIVE_DITHER_2';
  let { seed, next } = ditherStart(ditherRow);
  for (let i = 0; i < count; ) {
    const end = Math.min(count, i + (DITHER_SEQUENCE_LENGTH - next));
    for (; i < end; i++, next++) {
      const q = values[i] as number;
      out[at + i] = zeros && q === ZERO_VALUE ? 0 : (q - (sequence[next] as number) + 0.5) * scale + zero;
    }
    if (next === DITHER_SEQUENCE_LENGTH) ({ seed, next } = ditherStart(seed + 2)); // the row whose seed is seed + 1
  }
}
