import { decodeBigEndian, isIntegerBitpix, type Bitpix, type StoredArray } from './bitpix.js';
import { describeValue } from './card.js';
import { FitsError, type FitsLocation } from './errors.js';
import type { FitsHeader } from './header.js';
import type { HduLayout } from './hdu-layout.js';

/** Linear scaling of stored values: physical = BZERO + BSCALE × stored; BLANK marks undefined integers. */
export interface ImageScaling {
  readonly bscale: number;
  readonly bzero: number;
  /** The stored value meaning "undefined" (integer BITPIX only). */
  readonly blank?: number | bigint;
}

/** An image data unit: stored values plus the scaling that turns them into physical values. */
export class FitsImage {
  /**
   * @param shape `NAXIS1`…`NAXISn`; the first axis varies fastest in `data`.
   * @param data stored values, `shape` product elements long (empty when `shape` is empty).
   */
  constructor(
    readonly bitpix: Bitpix,
    readonly shape: readonly number[],
    readonly data: StoredArray,
    readonly scaling: ImageScaling = { bscale: 1, bzero: 0 },
  ) {}

  /** True when BSCALE/BZERO change the stored values. */
  get isScaled(): boolean {
    return this.scaling.bscale !== 1 || this.scaling.bzero !== 0;
  }

  /**
   * Physical values: BZERO + BSCALE × stored, with BLANK → NaN for integer data. A Float32Array for
   * unscaled BITPIX -32 and a Float64Array otherwise; for unscaled float data this is `data` itself
   * (not a copy). 64-bit integers are offset exactly when BSCALE is 1 and BZERO integral, then rounded
   * to the nearest double.
   */
  physical(): Float64Array | Float32Array {
    const { data } = this;
    if (!this.isScaled && (data instanceof Float32Array || data instanceof Float64Array)) return data;
    const { bscale, bzero } = this.scaling;
    const blank = isIntegerBitpix(this.bitpix) ? this.scaling.blank : undefined;
    const out = new Float64Array(data.length);
    if (data instanceof BigInt64Array) {
      const blankBig = blank === undefined ? undefined : BigInt(blank);
      const exactOffset = bscale === 1 && Number.isInteger(bzero) ? BigInt(bzero) : undefined;
      for (let i = 0; i < data.length; i++) {
        const stored = data[i] as bigint;
        if (stored === blankBig) out[i] = Number.NaN;
        else out[i] = exactOffset === undefined ? bzero + bscale * Number(stored) : Number(stored + exactOffset);
      }
      return out;
    }
    const blankNumber = blank === undefined ? undefined : Number(blank);
    for (let i = 0; i < data.length; i++) {
      const stored = data[i] as number;
      out[i] = stored === blankNumber ? Number.NaN : bzero + bscale * stored;
    }
    return out;
  }
}

/**
 * Decodes an image data unit (primary HDU or IMAGE extension).
 * @param data the data unit bytes (at least `layout.dataSize`).
 * @throws FitsError for random-groups data or non-numeric BSCALE/BZERO/BLANK.
 */
export function decodeImage(header: FitsHeader, layout: HduLayout, data: Uint8Array, location: Required<FitsLocation>): FitsImage {
  if (layout.randomGroups) throw new FitsError(location, 'random-groups data is not supported');
  const count = layout.axes.length === 0 ? 0 : layout.axes.reduce((product, axis) => product * axis, 1);
  const scaling = readScaling(header, layout.bitpix, location);
  return new FitsImage(layout.bitpix, layout.axes, decodeBigEndian(layout.bitpix, data, count), scaling);
}

/**
 * BSCALE, BZERO and (integer BITPIX only) BLANK of an image header.
 * @throws FitsError when one is not a number (BLANK: not an integer).
 */
export function readScaling(header: FitsHeader, bitpix: Bitpix, location: Required<FitsLocation>): ImageScaling {
  const number = (key: string, fallback: number): number => {
    const value = header.get(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
    throw new FitsError(location, `bad ${key} ${describeValue(value)} (expected a number)`);
  };
  const bscale = number('BSCALE', 1);
  const bzero = number('BZERO', 0);
  const blank = header.get('BLANK');
  if (blank === undefined || !isIntegerBitpix(bitpix)) return { bscale, bzero };
  if (typeof blank === 'bigint' || (typeof blank === 'number' && Number.isInteger(blank))) return { bscale, bzero, blank };
  throw new FitsError(location, `bad BLANK ${describeValue(blank)} (expected an integer)`);
}
