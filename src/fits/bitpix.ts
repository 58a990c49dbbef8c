import os from 'node:os';

/** The BITPIX values of the FITS standard. */
export const BITPIX_VALUES = [8, 16, 32, 64, -32, -64] as const;

/** Element type of image (and random-groups) data: unsigned byte, signed 16/32/64-bit integers, IEEE floats. */
export type Bitpix = (typeof BITPIX_VALUES)[number];

/** A typed array holding stored (unscaled) values of one BITPIX. */
export type StoredArray = Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

const ARRAY_TYPES = {
  8: Uint8Array,
  16: Int16Array,
  32: Int32Array,
  64: BigInt64Array,
  [-32]: Float32Array,
  [-64]: Float64Array,
} as const;

/** Whether this host stores numbers little-endian (FITS data is big-endian). */
export const HOST_IS_LITTLE_ENDIAN = os.endianness() === 'LE';

/** True when `value` is a valid BITPIX. */
export function isBitpix(value: unknown): value is Bitpix {
  return (BITPIX_VALUES as readonly unknown[]).includes(value);
}

/** Bytes per element of a BITPIX. */
export function bytesPerElement(bitpix: Bitpix): 1 | 2 | 4 | 8 {
  return (Math.abs(bitpix) / 8) as 1 | 2 | 4 | 8;
}

/** True for the integer BITPIX values. */
export function isIntegerBitpix(bitpix: Bitpix): bitpix is 8 | 16 | 32 | 64 {
  return bitpix > 0;
}

/** The BITPIX whose stored values `array` holds. */
export function bitpixOf(array: StoredArray): Bitpix {
  if (array instanceof Uint8Array) return 8;
  if (array instanceof Int16Array) return 16;
  if (array instanceof Int32Array) return 32;
  if (array instanceof BigInt64Array) return 64;
  if (array instanceof Float32Array) return -32;
  return -64;
}

/** Decodes `count` big-endian elements from `bytes` into a new, aligned typed array. */
export function decodeBigEndian(bitpix: Bitpix, bytes: Uint8Array, count: number): StoredArray {
  const size = bytesPerElement(bitpix);
  const copy = new Uint8Array(count * size);
  copy.set(bytes.subarray(0, count * size));
  swapToHost(copy, size);
  return new ARRAY_TYPES[bitpix](copy.buffer);
}

/**
 * Decodes big-endian elements laid out in rows (a binary table field): `perRow` elements starting at
 * `offset` in each of `rows` rows of `stride` bytes, into a new typed array of `rows × perRow` values.
 * One pass, without the intermediate copies of gathering the bytes and then swapping them.
 */
export function decodeBigEndianStrided(bitpix: Bitpix, bytes: Uint8Array, offset: number, stride: number, perRow: number, rows: number): StoredArray {
  const size = bytesPerElement(bitpix);
  const count = rows * perRow;
  const out = new ArrayBuffer(count * size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 1) {
    const o = new Uint8Array(out);
    for (let row = 0, j = 0; row < rows; row++) {
      const start = row * stride + offset;
      for (let k = 0; k < perRow; k++) o[j++] = bytes[start + k] as number;
    }
  } else if (size === 2) {
    const o = new Uint16Array(out);
    for (let row = 0, j = 0; row < rows; row++) {
      const start = row * stride + offset;
      for (let k = 0; k < perRow; k++) o[j++] = view.getUint16(start + 2 * k, false);
    }
  } else if (size === 4) {
    const o = new Int32Array(out);
    for (let row = 0, j = 0; row < rows; row++) {
      const start = row * stride + offset;
      for (let k = 0; k < perRow; k++) o[j++] = view.getInt32(start + 4 * k, false);
    }
  } else {
    // The two 32-bit halves, each swapped, in host order (the low half first on little-endian hosts).
    const o = new Int32Array(out);
    const [first, second] = HOST_IS_LITTLE_ENDIAN ? [4, 0] : [0, 4];
    for (let row = 0, j = 0; row < rows; row++) {
      const start = row * stride + offset;
      for (let k = 0; k < perRow; k++) {
        o[j++] = view.getInt32(start + 8 * k + first, false);
        o[j++] = view.getInt32(start + 8 * k + second, false);
      }
    }
  }
  return new ARRAY_TYPES[bitpix](out);
}

/** The big-endian bytes of a typed array (a new buffer; the array is not modified). */
export function encodeBigEndian(array: ArrayBufferView & { readonly BYTES_PER_ELEMENT: number }): Buffer {
  const bytes = Buffer.alloc(array.byteLength);
  bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  swapToHost(bytes, array.BYTES_PER_ELEMENT);
  return bytes;
}

function swapToHost(bytes: Uint8Array, size: number): void {
  if (!HOST_IS_LITTLE_ENDIAN || size === 1) return;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 2) view.swap16();
  else if (size === 4) view.swap32();
  else view.swap64();
}
