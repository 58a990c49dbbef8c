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
  const values = new Int32Array(count);
  riceDecodeInto(bytes, values, count, blockSize, bytePix);
  if (bytePix === 4) return values;
  const out = bytePix === 1 ? new Int8Array(count) : new Int16Array(count);
  out.set(values);
  return out;
}

/**
 * {@link riceDecode} into the first `count` elements of `out` (values of 1 or 2 bytes sign-extended).
 * @throws CorruptTileError when the bytes end early or `blockSize` is not a positive integer.
 */
export function riceDecodeInto(bytes: Uint8Array, out: Int32Array, count: number, blockSize: number, bytePix: RiceBytePix): void {
  if (count === 0) return;
  if (count > out.length) throw new RangeError(`RICE_1 output of ${out.length} values cannot hold ${count}`);
  if (bytes.length < bytePix) throw new CorruptTileError(`RICE_1 tile of ${bytes.length} bytes is too short`, 0);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new CorruptTileError(`bad RICE_1 BLOCKSIZE ${blockSize}`);
  const { fsBits, fsMax, bits } = RICE_PARAMETERS[bytePix];
  if (bits === 32) decodeRice32(bytes, out, count, blockSize);
  else decodeRice(bytes, out, count, blockSize, fsBits, fsMax, bits);
}

function tooShort(bytes: number): never {
  throw new CorruptTileError('unexpected end of the compressed bytes', bytes);
}

/**
 * The 32 bits of `bytes` from bit `p` (most significant first) as a signed integer; bits past the end
 * read as zeros.
 */
function peekAt(bytes: Uint8Array, p: number): number {
  const at = Math.floor(p / 8);
  const s = p % 8;
  const word = ((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
  return (word << s) | ((bytes[at + 4] ?? 0) >>> (8 - s));
}

/** The mapped difference the last {@link slowCode} call decoded. */
let slowValue = 0;

/**
 * Decodes one Rice code word starting at bit `p` whatever its length (a long unary run, or a code
 * word near the end of the bytes); the value goes to {@link slowValue}.
 * @returns the bit position after the code word.
 * @throws CorruptTileError when the bytes end inside it.
 */
function slowCode(bytes: Uint8Array, p: number, fs: number, totalBits: number): number {
  let run = 0;
  let peek = peekAt(bytes, p);
  while (peek === 0) {
    run += 32;
    p += 32;
    if (p >= totalBits) tooShort(bytes.length);
    peek = peekAt(bytes, p);
  }
  const zeros = Math.clz32(peek);
  run += zeros;
  p += zeros + 1;
  const low = fs === 0 ? 0 : peekAt(bytes, p) >>> (32 - fs);
  p += fs;
  if (p > totalBits) tooShort(bytes.length);
  slowValue = (run << fs) | low;
  return p;
}

/**
 * The RICE_1 decoding loop for `BYTEPIX` 1 and 2 (8- and 16-bit arithmetic); {@link decodeRice32} is
 * the same loop for 4 (described there).
 */
function decodeRice(bytes: Uint8Array, out: Int32Array, count: number, blockSize: number, fsBits: number, fsMax: number, bits: number): void {
  const length = bytes.length;
  const totalBits = length * 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const fastLimit = Math.min(totalBits - 32, 2 ** 31);
  const extend = 32 - bits; // sign extension of the values
  const mask = (1 << bits) - 1;
  let last = peekAt(bytes, 0) >>> extend;
  let p = bits;
  for (let i = 0; i < count; ) {
    if (p + fsBits > totalBits) tooShort(length);
    const fs = (peekAt(bytes, p) >>> (32 - fsBits)) - 1;
    p += fsBits;
    const end = i + blockSize < count ? i + blockSize : count;
    if (fs < 0) {
      out.fill((last << extend) >> extend, i, end);
      i = end;
    } else if (fs === fsMax) {
      for (; i < end; i++) {
        if (p + bits > totalBits) tooShort(length);
        const mapped = peekAt(bytes, p) >>> extend;
        p += bits;
        last = (last + ((mapped >>> 1) ^ -(mapped & 1))) & mask;
        out[i] = (last << extend) >> extend;
      }
    } else {
      const shift = 31 - fs;
      while (i < end) {
        for (; i < end && p <= fastLimit; i++) {
          const s = p & 7;
          const peek = view.getInt32(p >>> 3, false) << s;
          const zeros = Math.clz32(peek);
          if (zeros + s > shift) break;
          const mapped = (zeros << fs) | ((((peek << zeros) << 1) >>> 1) >>> shift);
          p += zeros + 1 + fs;
          last = (last + ((mapped >>> 1) ^ -(mapped & 1))) & mask;
          out[i] = (last << extend) >> extend;
        }
        if (i < end) {
          p = slowCode(bytes, p, fs, totalBits);
          last = (last + ((slowValue >>> 1) ^ -(slowValue & 1))) & mask;
          out[i++] = (last << extend) >> extend;
        }
      }
    }
  }
}

/**
 * The RICE_1 decoding loop for `BYTEPIX` 4. `p` is the bit position. While at least 4 bytes remain, a
 * code word is read from one unaligned big-endian 32-bit load shifted by `p & 7` (at least 25 valid
 * bits): a code word (unary zeros, a one bit, `fs` low bits) that fits in them is decoded in a few
 * instructions without branching on the data; longer ones, and those near the end of the bytes, go
 * through {@link slowCode}, which checks the bounds. Differences are zig-zag mapped (0, −1, 1, −2, …
 * as 0, 1, 2, 3, …) and accumulate in 32-bit arithmetic.
 */
function decodeRice32(bytes: Uint8Array, out: Int32Array, count: number, blockSize: number): void {
  const length = bytes.length;
  const totalBits = length * 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  // Unaligned 4-byte reads from bit p are in bounds (p >>> 3 ≤ length − 4) and p >>> 3 exact while p is at most this.
  const fastLimit = Math.min(totalBits - 32, 2 ** 31);
  let last = peekAt(bytes, 0);
  let p = 32;
  for (let i = 0; i < count; ) {
    if (p + 5 > totalBits) tooShort(length);
    const fs = (peekAt(bytes, p) >>> 27) - 1;
    p += 5;
    const end = i + blockSize < count ? i + blockSize : count;
    if (fs < 0) {
      // All differences zero.
      out.fill(last, i, end);
      i = end;
    } else if (fs === 25) {
      // Differences stored uncoded.
      for (; i < end; i++) {
        if (p + 32 > totalBits) tooShort(length);
        const mapped = peekAt(bytes, p);
        p += 32;
        last = (last + ((mapped >>> 1) ^ -(mapped & 1))) | 0;
        out[i] = last;
      }
    } else {
      const shift = 31 - fs;
      while (i < end) {
        for (; i < end && p <= fastLimit; i++) {
          const s = p & 7;
          const peek = view.getInt32(p >>> 3, false) << s;
          const zeros = Math.clz32(peek);
          // Unless zeros + 1 + fs ≤ 32 − s, the code word is not all in `peek`.
          if (zeros + s > shift) break;
          const mapped = (zeros << fs) | ((((peek << zeros) << 1) >>> 1) >>> shift);
          p += zeros + 1 + fs;
          last = (last + ((mapped >>> 1) ^ -(mapped & 1))) | 0;
          out[i] = last;
        }
        if (i < end) {
          p = slowCode(bytes, p, fs, totalBits);
          last = (last + ((slowValue >>> 1) ^ -(slowValue & 1))) | 0;
          out[i++] = last;
        }
      }
    }
  }
}
