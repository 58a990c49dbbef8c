import { decodeBigEndian, type Bitpix } from '../bitpix.js';
import type { BinaryType } from '../tform.js';
import { CorruptTileError } from './tile-error.js';

/** The decoded values of one tile, before they are stored in the image's type. */
export type TileValues = Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/**
 * Interprets the uncompressed bytes of a GZIP or NOCOMPRESS tile, choosing the element type from the
 * bytes per pixel as astropy and cfitsio do: 1 → unsigned byte, 2 → int16, 4 → float32 (lossless float
 * images) or int32, 8 → float64 or int64.
 * @throws CorruptTileError when the byte count is not 1, 2, 4 or 8 bytes per pixel.
 */
export function valuesFromBytes(bytes: Uint8Array, count: number, floats: boolean): TileValues {
  const itemSize = count === 0 ? 1 : bytes.length / count;
  const bitpix: Bitpix | undefined = itemSize === 1 ? 8 : itemSize === 2 ? 16 : itemSize === 4 ? (floats ? -32 : 32) : itemSize === 8 ? (floats ? -64 : 64) : undefined;
  if (bitpix === undefined) throw new CorruptTileError(`the tile holds ${bytes.length} bytes, not 1, 2, 4 or 8 per pixel for its ${count} pixels`);
  return decodeBigEndian(bitpix, bytes, count);
}

const COLUMN_BITPIX: Partial<Record<BinaryType, Bitpix>> = { B: 8, I: 16, J: 32, K: 64, E: -32, D: -64 };

/** The values of an `UNCOMPRESSED_DATA` cell, in its column's element type. */
export function valuesFromColumn(bytes: Uint8Array, count: number, type: BinaryType): TileValues {
  const bitpix = COLUMN_BITPIX[type];
  if (bitpix === undefined) throw new CorruptTileError(`UNCOMPRESSED_DATA column of type ${type} cannot hold pixels`);
  return decodeBigEndian(bitpix, bytes, count);
}

/** The values as plain numbers (64-bit integers rounded to the nearest double). */
export function asNumbers(values: TileValues): ArrayLike<number> {
  return values instanceof BigInt64Array ? Float64Array.from(values, Number) : values;
}
