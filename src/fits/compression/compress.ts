import zlib from 'node:zlib';
import { bitpixOf, bytesPerElement, encodeBigEndian, isIntegerBitpix, type StoredArray } from '../bitpix.js';
import { FitsWriteError } from '../errors.js';
import type { BinTableColumnSpec } from '../bintable-encoder.js';
import type { BinTableHduSpec } from '../hdu-spec.js';
import { FitsHeader } from '../header.js';
import type { FitsImage } from '../image.js';
import { plioEncode, PLIO_MAX_VALUE } from './plio-encode.js';
import { NULL_VALUE, quantizeTile, type QuantizeOptions } from './quantize-encode.js';
import { riceEncode } from './rice-encode.js';
import { forEachRun, iterateTiles, type TileRegion } from './tile-grid.js';

/** Image-header keywords the compressed table defines itself (structure, scaling, checksums, `Z*` keywords). */
const RESERVED_KEYWORD =
  /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|GROUPS|BSCALE|BZERO|BLANK|CHECKSUM|DATASUM|END|TFIELDS|THEAP|T(TYPE|FORM)\d+|ZIMAGE|ZSIMPLE|ZTENSION|ZBITPIX|ZEXTEND|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZCMPTYPE|ZMASKCMP|ZQUANTIZ|ZDITHER0|ZBLANK|ZSCALE|ZZERO|(ZNAXIS|ZTILE|ZNAME|ZVAL)\d*)$/;

/** The algorithms {@link compressImage} writes. */
export type CompressionAlgorithm = 'RICE_1' | 'GZIP_1' | 'GZIP_2' | 'NOCOMPRESS' | 'PLIO_1';

/** Options of {@link compressImage}. */
export interface CompressImageOptions {
  readonly algorithm: CompressionAlgorithm;
  /** `ZTILE1`…`ZTILEn`; default is row by row. */
  readonly tile?: readonly number[];
  /** RICE_1 `BLOCKSIZE`; default 32. */
  readonly blockSize?: number;
  /** Extra cards of the image header (e.g. `EXTNAME`, WCS), copied into the table header. */
  readonly header?: FitsHeader;
  /**
   * Quantise a float image (lossy; required for RICE_1 on floats). Tiles that cannot be quantised are
   * stored losslessly in `GZIP_COMPRESSED_DATA`.
   */
  readonly quantize?: QuantizeOptions;
}

/**
 * Tile-compresses an image into a `ZIMAGE = T` binary table (FITS 4.0 §10) that astropy and cfitsio read
 * back identically: RICE_1 for integer images of up to 32 bits, PLIO_1 for integer images of values
 * 0 … 2²⁴ − 1, GZIP_1/GZIP_2/NOCOMPRESS for every BITPIX (floats stored exactly), or quantised floats
 * (`quantize`) with RICE_1, GZIP_1/2 or NOCOMPRESS. BSCALE/BZERO/BLANK are kept.
 * @throws FitsWriteError for an algorithm the image cannot use losslessly, quantising integers, or a bad tile shape.
 */
export function compressImage(image: FitsImage, options: CompressImageOptions): BinTableHduSpec {
  const { algorithm } = options;
  const { shape, data } = image;
  const bitpix = bitpixOf(data);
  const { quantize } = options;
  if (quantize && isIntegerBitpix(bitpix)) throw new FitsWriteError(`only float images can be quantised, not BITPIX ${bitpix}`);
  if (algorithm === 'RICE_1' && !quantize && !(isIntegerBitpix(bitpix) && bitpix !== 64)) throw new FitsWriteError(`RICE_1 cannot losslessly compress BITPIX ${bitpix} images`);
  if (algorithm === 'PLIO_1' && (quantize || !isIntegerBitpix(bitpix) || bitpix === 64 || !fitsPlio(data as ArrayLike<number>))) {
    throw new FitsWriteError(`PLIO_1 holds only integer images with values 0 … ${PLIO_MAX_VALUE}`);
  }
  const tile = options.tile ?? shape.map((axis, i) => (i === 0 ? axis : 1));
  if (tile.length !== shape.length || tile.some((n) => !Number.isInteger(n) || n < 1)) throw new FitsWriteError(`bad tile shape [${tile.join(', ')}] for an image of shape [${shape.join(', ')}]`);
  const blockSize = options.blockSize ?? 32;
  const bytePix = bytesPerElement(bitpix);

  const rows: (Uint8Array | Int16Array)[] = [];
  const fallback: Uint8Array[] = [];
  const scales: number[] = [];
  const zeros: number[] = [];
  let hasNull = false;
  const dither0 = quantize?.dither0 ?? 1;
  for (const region of iterateTiles(shape, tile)) {
    const pixels = gatherTile(data, region, shape);
    if (!quantize) {
      rows.push(encodeTile(algorithm, pixels, blockSize));
      continue;
    }
    const quantized = quantizeTile(pixels as Float32Array | Float64Array, quantize, region.index + dither0);
    rows.push(quantized ? encodeTile(algorithm, quantized.values, blockSize) : new Uint8Array(0));
    fallback.push(quantized ? new Uint8Array(0) : zlib.gzipSync(encodeBigEndian(pixels)));
    scales.push(quantized?.scale ?? 1);
    zeros.push(quantized?.zero ?? 0);
    hasNull ||= quantized?.hasNull ?? false;
  }

  const header = new FitsHeader();
  header.set('ZIMAGE', true, 'extension contains compressed image');
  header.set('ZTENSION', 'IMAGE', 'Image extension');
  header.set('ZBITPIX', bitpix, 'data type of original image');
  header.set('ZNAXIS', shape.length, 'dimension of original image');
  shape.forEach((axis, i) => header.set(`ZNAXIS${i + 1}`, axis, 'length of original image axis'));
  header.set('ZPCOUNT', 0, 'number of parameters');
  header.set('ZGCOUNT', 1, 'number of groups');
  tile.forEach((n, i) => header.set(`ZTILE${i + 1}`, n, 'size of tiles to be compressed'));
  header.set('ZCMPTYPE', algorithm, 'compression algorithm');
  if (algorithm === 'RICE_1') {
    header.set('ZNAME1', 'BLOCKSIZE', 'compression block size');
    header.set('ZVAL1', blockSize, 'pixels per block');
    header.set('ZNAME2', 'BYTEPIX', 'bytes per pixel (1, 2, 4, or 8)');
    header.set('ZVAL2', quantize ? 4 : bytePix, 'bytes per pixel (1, 2, 4, or 8)');
  }
  if (quantize) {
    header.set('ZQUANTIZ', quantize.method, 'quantization method');
    if (quantize.method !== 'NO_DITHER') header.set('ZDITHER0', dither0, 'dithering offset when quantizing floats');
    if (hasNull) header.set('ZBLANK', NULL_VALUE, 'null value in the compressed integer array');
  }
  if (image.isScaled) {
    header.set('BSCALE', image.scaling.bscale);
    header.set('BZERO', image.scaling.bzero);
  }
  if (image.scaling.blank !== undefined && isIntegerBitpix(bitpix)) header.set('ZBLANK', image.scaling.blank, 'null value in the compressed integer array');
  for (const card of options.header?.cards ?? []) {
    if (!RESERVED_KEYWORD.test(card.keyword)) header.append(card.keyword, card.value, card.comment);
  }
  const columns: BinTableColumnSpec[] = [{ name: 'COMPRESSED_DATA', values: rows, variable: 'P' }];
  if (quantize) {
    columns.push(
      { name: 'GZIP_COMPRESSED_DATA', values: fallback, variable: 'P' },
      { name: 'ZSCALE', values: Float64Array.from(scales) },
      { name: 'ZZERO', values: Float64Array.from(zeros) },
    );
  }
  return { kind: 'bintable', columns, rows: rows.length, header };
}

/** Compresses one tile of integers (or lossless floats) with `algorithm`; PLIO_1 gives 16-bit words. */
function encodeTile(algorithm: CompressionAlgorithm, pixels: StoredArray, blockSize: number): Uint8Array | Int16Array {
  if (algorithm === 'PLIO_1') {
    const bytes = plioEncode(pixels as ArrayLike<number>);
    return Int16Array.from({ length: bytes.length / 2 }, (_, k) => ((bytes[2 * k] as number) << 8) | (bytes[2 * k + 1] as number));
  }
  if (algorithm === 'RICE_1') return riceEncode(pixels as ArrayLike<number>, blockSize, pixels.BYTES_PER_ELEMENT as 1 | 2 | 4);
  const bytes = encodeBigEndian(pixels);
  if (algorithm === 'NOCOMPRESS') return bytes;
  return zlib.gzipSync(algorithm === 'GZIP_2' ? shuffleBytes(bytes, pixels.BYTES_PER_ELEMENT) : bytes);
}

/** The pixels of one tile, in the tile's own order, as a new array of the image's type. */
function gatherTile(data: StoredArray, region: TileRegion, shape: readonly number[]): StoredArray {
  const out = new (data.constructor as new (length: number) => StoredArray)(region.size);
  forEachRun(region, shape, (from, to, length) => {
    if (out instanceof BigInt64Array) out.set((data as BigInt64Array).subarray(from, from + length), to);
    else out.set((data as Exclude<StoredArray, BigInt64Array>).subarray(from, from + length), to);
  });
  return out;
}

/** True when every value fits in a PLIO_1 line list. */
function fitsPlio(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value < 0 || value > PLIO_MAX_VALUE) return false;
  }
  return true;
}

/** The GZIP_2 byte shuffle: all first bytes of the values, then all second bytes, and so on. */
function shuffleBytes(bytes: Uint8Array, itemSize: number): Uint8Array {
  if (itemSize === 1) return bytes;
  const count = bytes.length / itemSize;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < count; i++) for (let b = 0; b < itemSize; b++) out[b * count + i] = bytes[i * itemSize + b] as number;
  return out;
}
