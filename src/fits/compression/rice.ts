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
  if (bytePix === 4) {
    riceDecode32(bytes, out as Int32Array, count, blockSize);
    return out;
  }
  const { fsBits, fsMax, bits } = RICE_PARAMETERS[bytePix];
  const reader = new BitReader(bytes);
  let last = reader.wideBits(bits);
  const wrap = (value: number) => value & ((1 << bits) - 1);
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

function tooShort(at: number): never {
  throw new CorruptTileError('unexpected end of the compressed bytes', at);
}

/**
 * The 32-bit RICE_1 decoder, with the bit reader inlined: `buffer` holds the next `count` (≤ 32)
 * unread bits left-aligned in a 32-bit word (bits beyond them are zero).
 */
function riceDecode32(bytes: Uint8Array, out: Int32Array, total: number, blockSize: number): void {
  const length = bytes.length;
  let next = 4;
  let last = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) | 0;
  let buffer = 0; // unread bits, left-aligned
  let count = 0; // number of valid bits in buffer
  for (let i = 0; i < total; ) {
    // Block code: 5 bits.
    while (count <= 24) {
      if (next >= length) {
        if (count >= 5) break;
        tooShort(next);
      }
      buffer |= bytes[next++]! << (24 - count);
      count += 8;
    }
    const fs = (buffer >>> 27) - 1;
    buffer <<= 5;
    count -= 5;
    const end = i + blockSize < total ? i + blockSize : total;
    if (fs < 0) {
      for (; i < end; i++) out[i] = last;
    } else if (fs === 25) {
      for (; i < end; i++) {
        // 32 uncoded bits: take 16 and 16.
        let mapped = 0;
        for (let half = 0; half < 2; half++) {
          while (count < 16) {
            if (next >= length) tooShort(next);
            buffer |= bytes[next++]! << (24 - count);
            count += 8;
          }
          mapped = ((mapped << 16) | (buffer >>> 16)) >>> 0;
          buffer <<= 16;
          count -= 16;
        }
        const diff = (mapped & 1) === 0 ? mapped >>> 1 : ~(mapped >>> 1);
        last = (diff + last) | 0;
        out[i] = last;
      }
    } else {
      for (; i < end; i++) {
        while (count <= 24 && next < length) {
          buffer |= bytes[next++]! << (24 - count);
          count += 8;
        }
        if (buffer !== 0) {
          // Fast path: the whole code word is in the buffer.
          const lz = Math.clz32(buffer);
          const used = lz + 1 + fs;
          if (used <= count && used < 32) {
            const rest = buffer << (lz + 1);
            const mapped = ((lz << fs) | (fs === 0 ? 0 : rest >>> (32 - fs))) >>> 0;
            buffer = rest << fs;
            count -= used;
            const diff = (mapped & 1) === 0 ? mapped >>> 1 : ~(mapped >>> 1);
            last = (diff + last) | 0;
            out[i] = last;
            continue;
          }
        }
        // Unary part: zeros up to a one bit.
        let zeros = 0;
        while (buffer === 0) {
          zeros += count;
          count = 0;
          while (count <= 24 && next < length) {
            buffer |= bytes[next++]! << (24 - count);
            count += 8;
          }
          if (count === 0) tooShort(next);
        }
        const lz = Math.clz32(buffer);
        zeros += lz;
        count -= lz + 1;
        buffer = lz === 31 ? 0 : buffer << (lz + 1);
        // fs low bits (fs ≤ 24).
        let low = 0;
        for (let need = fs; need > 0; ) {
          const n = need > 16 ? need - 16 : need;
          while (count < n) {
            if (next >= length) tooShort(next);
            buffer |= bytes[next++]! << (24 - count);
            count += 8;
          }
          low = low * (1 << n) + (buffer >>> (32 - n));
          buffer <<= n;
          count -= n;
          need -= n;
        }
        const mapped = ((zeros << fs) | low) >>> 0;
        const diff = (mapped & 1) === 0 ? mapped >>> 1 : ~(mapped >>> 1);
        last = (diff + last) | 0;
        out[i] = last;
      }
    }
  }
}
