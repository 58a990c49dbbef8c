/**
 * FITS reading and writing: headers (CONTINUE, HIERARCH), images of every BITPIX with BSCALE/BZERO/BLANK,
 * binary tables (every TFORM, variable-length arrays), ASCII tables (read), tile-compressed image HDUs
 * (read: GZIP_1/2, RICE_1, PLIO_1, HCOMPRESS_1, NOCOMPRESS, quantised floats; write: the same but
 * HCOMPRESS_1, floats lossless or quantised), gzip-wrapped and multi-extension files. Unknown extensions
 * are kept as raw bytes.
 */
export { AsciiTable, parseAsciiNumber, type AsciiColumnData, type AsciiTableColumn } from './ascii-table.js';
export { BinTable, type ColumnData, type VariableRow } from './bintable.js';
export type { BinTableColumn } from './bintable-column.js';
export type { BinTableColumnSpec } from './bintable-encoder.js';
export { BLOCK_SIZE, CARD_SIZE, paddedSize } from './block.js';
export { BITPIX_VALUES, bytesPerElement, isBitpix, type Bitpix, type StoredArray } from './bitpix.js';
export { describeValue, isComplex, type Card, type CardValue, type Complex } from './card.js';
export { compressedImageHeader, readTileCompression, type TileCompression } from './compressed-image.js';
export { compressImage, type CompressImageOptions, type CompressionAlgorithm } from './compression/compress.js';
export { decompressImage, type CompressedImageSource } from './compression/decompress.js';
export type { QuantizeOptions } from './compression/quantize-encode.js';
export type { QuantizeMethod } from './compression/quantize.js';
export { ditherSequence } from './compression/dither.js';
export { FitsError, FitsWriteError, type FitsLocation } from './errors.js';
export {
  findHdu,
  parseFits,
  readFits,
  readFitsHeaders,
  readFitsHeadersSync,
  readFitsSync,
  writeFits,
  writeFitsFile,
  writeFitsFileSync,
  type FitsFile,
  type FitsHeaders,
  type WriteFitsFileOptions,
} from './fits-file.js';
export { rawSpecOf } from './fits-writer.js';
export {
  isImageHdu,
  type AsciiTableHdu,
  type BinTableHdu,
  type CompressedImageHdu,
  type Hdu,
  type HduBase,
  type HduInfo,
  type ImageHdu,
  type PrimaryHdu,
  type UnknownHdu,
} from './hdu.js';
export { classifyHdu, type HduKind } from './hdu-kind.js';
export type { BinTableHduSpec, HduSpec, ImageHduSpec, RawHduSpec } from './hdu-spec.js';
export { FitsHeader, type SetCardOptions } from './header.js';
export { FitsImage, type ImageScaling } from './image.js';
export type { ImageArray } from './image-encoder.js';
export { parseBinaryFormat, type BinaryFormat, type BinaryType } from './tform.js';
