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
export function dequantizeInto(values: ArrayLike<number>, { method, scale, zero, ditherRow }: Dequantization, out: Float32Array | Float64Array, at: number, count: number): void {
  if (method === 'NO_DITHER') {
    for (let i = 0; i < count; i++) out[at + i] = (values[i] as number) * scale + zero;
    return;
  }
  const sequence = ditherSequence();
  const zeros = method === 'SUBTRACTIVE_DITHER_2';
  let seed = (((ditherRow - 1) % DITHER_SEQUENCE_LENGTH) + DITHER_SEQUENCE_LENGTH) % DITHER_SEQUENCE_LENGTH;
  let next = Math.trunc(Math.fround((sequence[seed] as number) * 500));
  for (let i = 0; i < count; ) {
    // Walk the sequence from `next` until its end or the end of the tile, whichever is first.
    const end = Math.min(count, i + (DITHER_SEQUENCE_LENGTH - next));
    if (zeros) {
      for (; i < end; i++, next++) {
        const q = values[i] as number;
        out[at + i] = q === ZERO_VALUE ? 0 : (q - (sequence[next] as number) + 0.5) * scale + zero;
      }
    } else {
      for (; i < end; i++, next++) out[at + i] = ((values[i] as number) - (sequence[next] as number) + 0.5) * scale + zero;
    }
    if (next === DITHER_SEQUENCE_LENGTH) {
      seed = (seed + 1) % DITHER_SEQUENCE_LENGTH;
      next = Math.trunc(Math.fround((sequence[seed] as number) * 500));
    }
  }
}
