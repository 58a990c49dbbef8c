import { BitReader } from './bit-reader.js';
import { CorruptTileError } from './tile-error.js';

/** Bits of the block code, the code of an uncoded block, and the bits per pixel of each `BYTEPIX`. */
export const RICE_PARAMETERS = {
  1: { fsBits: 3, fsMax: 6, bits: 8 },
  2: { fsBits: 4, fsMax: 14, bits: 16 },
  4: { fsBits: 5, fsMax: 25, bits: 32 },
} as const;

/** The `BYTEPIX` values RICE_1 supports. */
export type RiceBytePix = keyof typeof RICE_PARAMETERS;

/** True when `value` is a supported RICE_1 `BYTEPIX`. */
export function isRiceBytePix(value: unknown): value is RiceBytePix {
  return value === 1 || value === 2 || value === 4;
}

/**
 * Decodes a RICE_1 tile: the first pixel uncoded (`bytePix` bytes, big-endian), then blocks of
 * `blockSize` pixel differences, each block led by its Rice parameter (all-zero, Rice-coded or uncoded).
 * @returns `count` signed integers of `bytePix` bytes.
 * @throws CorruptTileError when the bytes end early.
 */
export function riceDecode(bytes: Uint8Array, count: number, blockSize: number, bytePix: RiceBytePix): Int8Array | Int16Array | Int32Array {
  const out = bytePix === 1 ? new Int8Array(count) : bytePix === 2 ? new Int16Array(count) : new Int32Array(count);
  if (count === 0) return out;
  if (bytes.length < bytePix) throw new CorruptTileError(`RICE_1 tile of ${bytes.length} bytes is too short`, 0);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new CorruptTileError(`bad RICE_1 BLOCKSIZE ${blockSize}`);
  const { fsBits, fsMax, bits } = RICE_PARAMETERS[bytePix];
  const reader = new BitReader(bytes);
  let last = reader.wideBits(bits);
  const wrap = bits === 32 ? (value: number) => value | 0 : (value: number) => value & ((1 << bits) - 1);
  for (let i = 0; i < count; ) {
    const fs = reader.bits(fsBits) - 1;
    const end = Math.min(i + blockSize, count);
    if (fs < 0) {
      for (; i < end; i++) out[i] = last;
    } else {
      for (; i < end; i++) {
        const mapped = fs === fsMax ? reader.wideBits(bits) : (((reader.unary() << fs) | reader.wideBits(fs)) >>> 0);
        const diff = (mapped & 1) === 0 ? mapped >>> 1 : ~(mapped >>> 1);
        last = wrap(diff + last);
        out[i] = last;
      }
    }
  }
  return out;
}
