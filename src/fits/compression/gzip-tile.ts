import zlib from 'node:zlib';
import { CorruptTileError } from './tile-error.js';

/**
 * Inflates a GZIP_1 tile (a gzip or zlib stream of the big-endian pixel bytes).
 * @param maxBytes the most bytes the tile can legitimately hold; a longer stream is corrupt.
 * @throws CorruptTileError when the stream is corrupt or too long.
 */
export function gzipDecode(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return zlib.unzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    throw new CorruptTileError(`corrupt gzip stream: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Undoes the GZIP_2 byte shuffle: the inflated bytes hold all most significant bytes first, then all
 * second bytes, and so on; this interleaves them back into big-endian values of `itemSize` bytes.
 */
export function unshuffleBytes(shuffled: Uint8Array, itemSize: number): Uint8Array {
  if (itemSize <= 1) return shuffled;
  const count = Math.floor(shuffled.length / itemSize);
  const out = new Uint8Array(count * itemSize);
  for (let byte = 0; byte < itemSize; byte++) {
    const plane = byte * count;
    for (let i = 0; i < count; i++) out[i * itemSize + byte] = shuffled[plane + i] as number;
  }
  return out;
}
