import type { AsciiTable } from './ascii-table.js';
import type { BinTable } from './bintable.js';
import type { TileCompression } from './compressed-image.js';
import type { HduKind } from './hdu-kind.js';
import type { FitsHeader } from './header.js';
import type { FitsImage } from './image.js';

/** Where an HDU is and what it holds, as known from its header alone. */
export interface HduInfo {
  /** Zero-based position in the file. */
  readonly index: number;
  readonly kind: HduKind;
  readonly header: FitsHeader;
  /** Byte offset of the header in the (decompressed) stream. */
  readonly headerOffset: number;
  /** Byte offset of the data unit. */
  readonly dataOffset: number;
  /** Size of the data unit in bytes, without the padding to 2880. */
  readonly dataSize: number;
}

/** An HDU read with its data. */
export interface HduBase extends HduInfo {
  /** The data unit bytes (`dataSize` long, unpadded); a view sharing memory with the file buffer. */
  rawData(): Buffer;
}

/** The primary HDU (an image, possibly empty). */
export interface PrimaryHdu extends HduBase {
  readonly kind: 'primary';
  /** Decodes the image (cached). @throws FitsError for random-groups data or bad scaling keywords. */
  image(): FitsImage;
}

/** An `IMAGE` extension. */
export interface ImageHdu extends HduBase {
  readonly kind: 'image';
  /** Decodes the image (cached). @throws FitsError for bad scaling keywords. */
  image(): FitsImage;
}

/** A `BINTABLE` extension. */
export interface BinTableHdu extends HduBase {
  readonly kind: 'bintable';
  /** The table (cached). @throws FitsError when the column definitions are invalid. */
  table(): BinTable;
}

/**
 * A tile-compressed image (`BINTABLE` with `ZIMAGE = T`): {@link CompressedImageHdu.image} decompresses
 * it; the compressed tiles are available through {@link CompressedImageHdu.table}.
 */
export interface CompressedImageHdu extends HduBase {
  readonly kind: 'compressed-image';
  /** The `Z*` keywords (cached). @throws FitsError when they are missing or invalid. */
  compression(): TileCompression;
  /** The header of the uncompressed image, as astropy presents it (cached). */
  imageHeader(): FitsHeader;
  /** The underlying binary table of compressed tiles (cached). @throws FitsError like {@link BinTableHdu.table}. */
  table(): BinTable;
  /**
   * Decompresses the image (cached): the pixels astropy's `CompImageHDU.data` holds, as stored values of
   * `ZBITPIX` with the image header's BSCALE/BZERO/BLANK.
   * @throws FitsError naming the tile and byte offset when a tile is corrupt or uses an unsupported algorithm.
   */
  image(): FitsImage;
}

/** An ASCII `TABLE` extension. */
export interface AsciiTableHdu extends HduBase {
  readonly kind: 'table';
  /** The table (cached). @throws FitsError when the column definitions are invalid. */
  table(): AsciiTable;
}

/** An extension of a type this library does not decode; its bytes are still available. */
export interface UnknownHdu extends HduBase {
  readonly kind: 'unknown';
}

/** Any HDU, discriminated by `kind`. */
export type Hdu = PrimaryHdu | ImageHdu | CompressedImageHdu | BinTableHdu | AsciiTableHdu | UnknownHdu;

/** The HDUs that hold an image. */
export function isImageHdu(hdu: Hdu): hdu is PrimaryHdu | ImageHdu {
  return hdu.kind === 'primary' || hdu.kind === 'image';
}
