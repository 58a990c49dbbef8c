import type { FitsImage } from '../fits/image.js';

/** How astropy presents an image's data: the numpy dtype class `io.fits` gives it. */
export type PixelType = 'integer' | 'float32' | 'float64';

/** The values of an image as the comparators see them. */
export interface PixelValues {
  readonly type: PixelType;
  /** Physical values (BLANK → NaN for floating types), in FITS order (first axis fastest). */
  readonly values: ArrayLike<number>;
}

const UNSIGNED_BZERO: Readonly<Record<number, number>> = { 8: -128, 16: 2 ** 15, 32: 2 ** 31, 64: 2 ** 63 };

/**
 * The type astropy gives an image: integers stay integers when unscaled without BLANK, or when
 * BSCALE = 1 and BZERO is the signed/unsigned offset convention; other scaled integers become float32
 * (BITPIX 8, 16) or float64 (BITPIX 32, 64); floats keep their width.
 */
export function pixelTypeOf(image: Pick<FitsImage, 'bitpix' | 'scaling'>): PixelType {
  if (image.bitpix === -32) return 'float32';
  if (image.bitpix === -64) return 'float64';
  const { bscale, bzero, blank } = image.scaling;
  if (bscale === 1 && bzero === 0 && blank === undefined) return 'integer';
  if (bscale === 1 && Number(bzero) === UNSIGNED_BZERO[image.bitpix]) return 'integer';
  return image.bitpix <= 16 ? 'float32' : 'float64';
}

/**
 * The pixel values of an image with astropy's arithmetic: scaled BITPIX 8/16 data is computed in single
 * precision (`float32(stored) × BSCALE + BZERO`, each step rounded to float32), so that comparisons at
 * the tolerance boundary agree with astropy's.
 */
export function pixelValuesOf(image: FitsImage): PixelValues {
  const type = pixelTypeOf(image);
  if (type !== 'float32' || image.bitpix === -32 || !image.isScaled) return { type, values: image.physical() };
  const { bscale, bzero, blank } = image.scaling;
  const stored = image.data as ArrayLike<number>;
  const scale = Math.fround(bscale);
  const zero = Math.fround(bzero);
  const blankValue = blank === undefined ? undefined : Number(blank);
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const raw = stored[i] as number;
    let value = Math.fround(raw);
    if (bscale !== 1) value = Math.fround(value * scale);
    if (bzero !== 0) value = Math.fround(value + zero);
    out[i] = raw === blankValue ? Number.NaN : value;
  }
  return { type, values: out };
}
