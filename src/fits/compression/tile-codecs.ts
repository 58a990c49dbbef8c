import type { Bitpix } from '../bitpix.js';
import type { CardValue } from '../card.js';
import { gzipDecode, unshuffleBytes } from './gzip-tile.js';
import { hcompressDecode } from './hcompress.js';
import { plioDecode } from './plio.js';
import { isRiceBytePix, riceDecode, riceDecodeInto } from './rice.js';
import { CorruptTileError } from './tile-error.js';
import { valuesFromBytes, type TileValues } from './tile-values.js';

/** What a codec needs to know about the tile it decodes. */
export interface TileCodecContext {
  /** Pixels in the tile. */
  readonly size: number;
  /** `ZBITPIX` of the image. */
  readonly bitpix: Bitpix;
  /** True unless the tile holds quantised floats (then GZIP bytes are integers). */
  readonly lossless: boolean;
  /** `ZNAMEi` → `ZVALi`. */
  readonly parameters: ReadonlyMap<string, CardValue>;
}

/**
 * Decodes the compressed bytes of one tile. A codec may decode into `scratch` (when it holds at least
 * `size` values) and return a view of it, valid until `scratch` is used again.
 * @throws CorruptTileError when they are damaged.
 */
export type TileCodec = (bytes: Uint8Array, context: TileCodecContext, scratch?: Int32Array) => TileValues;

/** GZIP_1, also the codec of the `GZIP_COMPRESSED_DATA` fallback column. */
export const gzip1: TileCodec = (bytes, { size, bitpix, lossless }) => valuesFromBytes(gzipDecode(bytes, size * 8), size, bitpix < 0 && lossless);

const gzip2: TileCodec = (bytes, { size, bitpix, lossless }, scratch) => {
  const shuffled = gzipDecode(bytes, size * 8);
  const itemSize = size === 0 ? 1 : Math.floor(shuffled.length / size);
  if (shuffled.length === size * itemSize && (itemSize === 2 || itemSize === 4)) return unshuffleToHost(shuffled, size, itemSize, bitpix < 0 && lossless, scratch);
  return valuesFromBytes(unshuffleBytes(shuffled, itemSize), size, bitpix < 0 && lossless);
};

/**
 * Undoes the GZIP_2 shuffle of 2- or 4-byte big-endian values straight into a host-order typed array
 * (4-byte values into `scratch` when it is large enough).
 */
function unshuffleToHost(shuffled: Uint8Array, count: number, itemSize: 2 | 4, floats: boolean, scratch: Int32Array | undefined): TileValues {
  if (itemSize === 2) {
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) out[i] = ((shuffled[i] as number) << 8) | (shuffled[i + count] as number);
    return out;
  }
  const out = scratch && scratch.length >= count ? scratch.subarray(0, count) : new Int32Array(count);
  const c2 = 2 * count;
  const c3 = 3 * count;
  for (let i = 0; i < count; i++) {
    out[i] = ((shuffled[i] as number) << 24) | ((shuffled[i + count] as number) << 16) | ((shuffled[i + c2] as number) << 8) | (shuffled[i + c3] as number);
  }
  return floats ? new Float32Array(out.buffer, out.byteOffset, count) : out;
}

const rice1: TileCodec = (bytes, { size, parameters }, scratch) => {
  const blockSize = parameters.get('BLOCKSIZE') ?? 32;
  const bytePix = parameters.get('BYTEPIX') ?? 4;
  if (typeof blockSize !== 'number') throw new CorruptTileError(`bad RICE_1 BLOCKSIZE ${String(blockSize)}`);
  if (!isRiceBytePix(bytePix)) throw new CorruptTileError(`bad RICE_1 BYTEPIX ${String(bytePix)} (expected 1, 2 or 4)`);
  if (bytePix !== 4 || !scratch || scratch.length < size) return riceDecode(bytes, size, blockSize, bytePix);
  riceDecodeInto(bytes, scratch, size, blockSize, bytePix);
  return scratch.subarray(0, size);
};

const hcompress1: TileCodec = (bytes, { size, parameters }) => {
  const smooth = parameters.get('SMOOTH');
  return hcompressDecode(bytes, size, smooth === true || (typeof smooth === 'number' && smooth !== 0));
};

/** The tile decoders by `ZCMPTYPE` (`RICE_ONE` is an old name of RICE_1). */
export const TILE_CODECS: Readonly<Record<string, TileCodec>> = {
  GZIP_1: gzip1,
  GZIP_2: gzip2,
  RICE_1: rice1,
  RICE_ONE: rice1,
  PLIO_1: (bytes, { size }) => plioDecode(bytes, size),
  HCOMPRESS_1: hcompress1,
  NOCOMPRESS: (bytes, { size, bitpix, lossless }) => valuesFromBytes(bytes, size, bitpix < 0 && lossless),
};
