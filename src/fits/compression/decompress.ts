import type { BinTable } from '../bintable.js';
import { bytesPerElement, isIntegerBitpix, type Bitpix, type StoredArray } from '../bitpix.js';
import { describeValue } from '../card.js';
import type { TileCompression } from '../compressed-image.js';
import { FitsError, type FitsLocation } from '../errors.js';
import type { FitsHeader } from '../header.js';
import { FitsImage, type ImageScaling } from '../image.js';
import { dequantize, dequantizeInto, quantizeMethod } from './quantize.js';
import { gzip1, TILE_CODECS } from './tile-codecs.js';
import { CorruptTileError } from './tile-error.js';
import { forEachRun, iterateTiles, tileCount, type TileRegion } from './tile-grid.js';
import { TileTable, type HeapCell } from './tile-table.js';
import { asNumbers, valuesFromBytes, valuesFromColumn, type TileValues } from './tile-values.js';

/** Everything known about a tile-compressed image HDU that decompression needs. */
export interface CompressedImageSource {
  /** The binary-table header (with the `Z*` keywords). */
  readonly header: FitsHeader;
  readonly compression: TileCompression;
  /** The header of the uncompressed image (for BSCALE/BZERO/BLANK). */
  readonly imageHeader: FitsHeader;
  readonly table: BinTable;
  /** The binary table's data unit (main table and heap). */
  readonly data: Uint8Array;
  /** The HDU; `offset` is where its data unit starts in the file. */
  readonly location: Required<FitsLocation>;
}

/** Largest decompressed image accepted (2 GiB), so a damaged header cannot ask for absurd memory. */
const MAX_IMAGE_BYTES = 2 ** 31;

/** Largest tile decoded into a reused buffer (larger ones get their own array). */
const MAX_SCRATCH_PIXELS = 1 << 22;

const ARRAY_TYPES = { 8: Uint8Array, 16: Int16Array, 32: Int32Array, 64: BigInt64Array, [-32]: Float32Array, [-64]: Float64Array } as const;

/**
 * Decompresses a tile-compressed image into the image astropy's `CompImageHDU.data` holds: stored values
 * of `ZBITPIX` plus the image header's BSCALE/BZERO/BLANK. Supports GZIP_1, GZIP_2, RICE_1, PLIO_1,
 * HCOMPRESS_1 (with SMOOTH) and NOCOMPRESS; quantised floats (ZSCALE/ZZERO, NO_DITHER,
 * SUBTRACTIVE_DITHER_1/2 with ZDITHER0), ZBLANK (keyword or column) and the GZIP_COMPRESSED_DATA /
 * UNCOMPRESSED_DATA fallback columns.
 * @throws FitsError naming the HDU, the tile and the byte offset when a tile cannot be decoded.
 */
export function decompressImage(source: CompressedImageSource): FitsImage {
  const { compression, location } = source;
  const fail = (message: string, offset = location.offset): never => {
    throw new FitsError({ ...location, offset }, message);
  };
  const codec = TILE_CODECS[compression.algorithm] ?? fail(`unsupported ZCMPTYPE ${JSON.stringify(compression.algorithm)}`);
  const { bitpix, shape, tile } = compression;
  const tiles = new TileTable(source.table, source.header, source.data);
  const expected = tileCount(shape, tile);
  if (tiles.rowCount < expected) fail(`the table has ${tiles.rowCount} rows, the image needs ${expected} tiles`);
  const compressedColumn = tiles.variableColumn('COMPRESSED_DATA') ?? fail('compressed image table has no variable-length COMPRESSED_DATA column');
  const gzipColumn = tiles.variableColumn('GZIP_COMPRESSED_DATA');
  const rawColumn = tiles.variableColumn('UNCOMPRESSED_DATA');
  const scales = tiles.numbers('ZSCALE');
  const zeros = tiles.numbers('ZZERO');
  const blanks = tiles.numbers('ZBLANK');
  const quantized = scales !== undefined;
  const method = quantizeMethod(compression.quantize);
  const dither0 = compression.dither0 ?? 0;
  const headerBlank = blankOf(compression.blank ?? source.imageHeader.get('BLANK'));

  const pixels = shape.length === 0 ? 0 : shape.reduce((product, n) => product * n, 1);
  if (pixels * bytesPerElement(bitpix) > MAX_IMAGE_BYTES) fail(`the image (${shape.join(' × ')} pixels of BITPIX ${bitpix}) is too large to decompress in memory`);
  const image = new ARRAY_TYPES[bitpix](pixels);
  // Integer tiles are decoded into this buffer where the codec can (they are copied out tile by tile).
  const tilePixels = Math.min(pixels, tile.reduce((product, n) => product * n, 1));
  const scratch = tilePixels <= MAX_SCRATCH_PIXELS ? new Int32Array(tilePixels) : undefined;
  for (const region of iterateTiles(shape, tile)) {
    // The step under way and where its bytes start in the data unit: a CorruptTileError becomes a
    // FitsError naming them.
    let step = 'COMPRESSED_DATA descriptor';
    let base = 0;
    try {
      const cell = tiles.cell(compressedColumn, region.index);
      let values: TileValues;
      if (cell.count === 0) {
        if (gzipColumn) {
          step = 'GZIP_COMPRESSED_DATA descriptor';
          const gzipCell = tiles.cell(gzipColumn, region.index);
          [step, base] = ['GZIP_COMPRESSED_DATA', gzipCell.offset];
          values = gzip1(gzipCell.bytes, { size: region.size, bitpix, lossless: true, parameters: compression.parameters });
        } else if (rawColumn) {
          step = 'UNCOMPRESSED_DATA descriptor';
          const rawCell = tiles.cell(rawColumn, region.index);
          [step, base] = ['UNCOMPRESSED_DATA', rawCell.offset];
          values = uncompressedValues(rawCell, region.size);
        } else {
          return fail(`tile ${region.index}: COMPRESSED_DATA is empty and there is no GZIP_COMPRESSED_DATA or UNCOMPRESSED_DATA column`, location.offset + cell.offset);
        }
      } else {
        [step, base] = [compression.algorithm, cell.offset];
        // Lossless one-row tiles of 4-byte pixels may be decoded by the codec straight into the image.
        const inPlace = !quantized && region.shape[0] === region.size && (image instanceof Float32Array || image instanceof Int32Array);
        const target = inPlace ? new Int32Array(image.buffer, image.byteOffset + 4 * imageOffset(region, shape), region.size) : scratch;
        values = codec(cell.bytes, { size: region.size, bitpix, lossless: !quantized, parameters: compression.parameters }, target);
        if (values.length < region.size) fail(`tile ${region.index}: decoded ${values.length} pixels, the tile has ${region.size}`, location.offset + cell.offset);
        const blank = blanks ? blanks[region.index] : headerBlank;
        const mayBlank = quantized || blanks !== undefined || !isIntegerBitpix(bitpix);
        const mask = blank === undefined || !mayBlank ? undefined : blankMask(values, region.size, blank);
        if (quantized) {
          const dequantization = { method, scale: scales[region.index] ?? 1, zero: zeros?.[region.index] ?? 0, ditherRow: region.index + dither0 };
          if (!mask && (image instanceof Float32Array || image instanceof Float64Array) && !(values instanceof BigInt64Array) && region.shape[0] === region.size) {
            // A one-row tile: dequantise straight into the image.
            dequantizeInto(values, dequantization, image, imageOffset(region, shape), region.size);
            continue;
          }
          values = dequantize(asNumbers(values.subarray(0, region.size)), dequantization);
        }
        if (mask) values = applyBlank(values, mask, bitpix, headerBlank);
        if (target && values.buffer === target.buffer && values.byteOffset === target.byteOffset && target !== scratch) continue; // already in the image
      }
      storeTile(image, values, region, shape);
    } catch (err) {
      if (!(err instanceof CorruptTileError)) throw err;
      const offset = location.offset + base + (err.byteOffset ?? 0);
      throw new FitsError({ ...location, offset }, `tile ${region.index} (${step}): ${err.message}`, { cause: err });
    }
  }
  return new FitsImage(bitpix, shape, image, readScaling(source.imageHeader, bitpix, location));
}

/** Where the first pixel of a tile lies in the image. */
function imageOffset(region: TileRegion, shape: readonly number[]): number {
  let offset = 0;
  let stride = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    offset += (region.start[axis] ?? 0) * stride;
    stride *= shape[axis] ?? 1;
  }
  return offset;
}

function uncompressedValues(cell: HeapCell, size: number): TileValues {
  if (cell.count !== size) throw new CorruptTileError(`UNCOMPRESSED_DATA holds ${cell.count} values, the tile has ${size} pixels`);
  return cell.type === 'B' ? valuesFromBytes(cell.bytes, size, false) : valuesFromColumn(cell.bytes, size, cell.type);
}

function blankOf(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : undefined;
}

/** Pixels equal to `blank`, or undefined when there are none. */
function blankMask(values: TileValues, size: number, blank: number): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  if (values instanceof BigInt64Array) {
    if (!Number.isInteger(blank)) return undefined;
    const big = BigInt(blank);
    for (let i = 0; i < size; i++) if (values[i] === big) (mask ??= new Uint8Array(size))[i] = 1;
    return mask;
  }
  for (let i = 0; i < size; i++) if (values[i] === blank) (mask ??= new Uint8Array(size))[i] = 1;
  return mask;
}

/** Blank pixels become NaN (float images) or the header's BLANK (integer images, as astropy does). */
function applyBlank(values: TileValues, mask: Uint8Array, bitpix: Bitpix, headerBlank: number | undefined): TileValues {
  const replacement = isIntegerBitpix(bitpix) ? headerBlank : Number.NaN;
  if (replacement === undefined) return values;
  const out = values instanceof BigInt64Array ? Float64Array.from(values, Number) : Float64Array.from(values);
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i] = replacement;
  return bitpix === 64 ? BigInt64Array.from(out, (x) => BigInt(Math.trunc(x))) : out;
}

function storeTile(image: StoredArray, values: TileValues, region: TileRegion, shape: readonly number[]): void {
  if (image instanceof BigInt64Array) {
    const source = values instanceof BigInt64Array ? values : BigInt64Array.from(values as ArrayLike<number>, (x) => BigInt(Number.isFinite(x) ? Math.trunc(x) : 0));
    forEachRun(region, shape, (to, from, length) => image.set(source.subarray(from, from + length), to));
    return;
  }
  const source = values instanceof BigInt64Array ? Float64Array.from(values, Number) : values;
  forEachRun(region, shape, (to, from, length) => image.set(source.subarray(from, from + length), to));
}

function readScaling(header: FitsHeader, bitpix: Bitpix, location: Required<FitsLocation>): ImageScaling {
  const number = (key: string, fallback: number): number => {
    const value = header.get(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
    throw new FitsError(location, `bad ${key} ${describeValue(value)} (expected a number)`);
  };
  const scaling = { bscale: number('BSCALE', 1), bzero: number('BZERO', 0) };
  const blank = header.get('BLANK');
  if (!isIntegerBitpix(bitpix) || (typeof blank !== 'bigint' && !(typeof blank === 'number' && Number.isInteger(blank)))) return scaling;
  return { ...scaling, blank };
}
