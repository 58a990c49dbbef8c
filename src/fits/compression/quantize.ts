import { DitherCursor } from './dither.js';

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
export function dequantize(values: ArrayLike<number>, { method, scale, zero, ditherRow }: Dequantization): Float64Array {
  const out = new Float64Array(values.length);
  if (method === 'NO_DITHER') {
    for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * scale + zero;
    return out;
  }
  const cursor = new DitherCursor(ditherRow);
  const zeros = method === 'SUBTRACTIVE_DITHER_2';
  for (let i = 0; i < values.length; i++) {
    const q = values[i] as number;
    const r = cursor.next();
    out[i] = zeros && q === ZERO_VALUE ? 0 : (q - r + 0.5) * scale + zero;
  }
  return out;
}
