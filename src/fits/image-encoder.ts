import { bitpixOf, encodeBigEndian, type Bitpix, type StoredArray } from './bitpix.js';

/**
 * Arrays an image can be written from: the stored types of each BITPIX, plus unsigned/signed types
 * written with the BZERO offset convention (Int8Array → BITPIX 8 BZERO -128, Uint16Array → 16 and
 * 32768, Uint32Array → 32 and 2147483648, BigUint64Array → 64 and 9223372036854775808).
 */
export type ImageArray = StoredArray | Int8Array | Uint16Array | Uint32Array | BigUint64Array;

/** Image data encoded as FITS bytes. */
export interface EncodedImage {
  readonly bitpix: Bitpix;
  /** The BZERO of the offset convention, when `data` used one. */
  readonly bzero: number | bigint | undefined;
  /** Big-endian stored values, unpadded. */
  readonly bytes: Buffer;
}

/** Encodes image values as big-endian stored values, applying the BZERO convention of offset types. */
export function encodeImageData(data: ImageArray): EncodedImage {
  if (data instanceof Int8Array) return offsetEncoded(data, 8, -128);
  if (data instanceof Uint16Array) return offsetEncoded(data, 16, 32768);
  if (data instanceof Uint32Array) return offsetEncoded(data, 32, 2147483648);
  if (data instanceof BigUint64Array) return offsetEncoded(data, 64, 9223372036854775808n);
  return { bitpix: bitpixOf(data), bzero: undefined, bytes: encodeBigEndian(data) };
}

/** Subtracting 2^(n-1) (or adding 128 for bytes) is flipping the sign bit: the first big-endian byte's top bit. */
function offsetEncoded(data: Int8Array | Uint16Array | Uint32Array | BigUint64Array, bitpix: Bitpix, bzero: number | bigint): EncodedImage {
  const bytes = encodeBigEndian(data);
  for (let i = 0; i < bytes.length; i += data.BYTES_PER_ELEMENT) bytes[i] = (bytes[i] as number) ^ 0x80;
  return { bitpix, bzero, bytes };
}
