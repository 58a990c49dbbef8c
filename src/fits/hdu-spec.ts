import type { BinTableColumnSpec } from './bintable-encoder.js';
import type { Bitpix } from './bitpix.js';
import type { FitsHeader } from './header.js';
import type { ImageArray } from './image-encoder.js';

/**
 * An image HDU to write (the primary HDU when first, an `IMAGE` extension otherwise). Structural
 * keywords (`SIMPLE`/`XTENSION`, `BITPIX`, `NAXIS*`, `EXTEND`, `PCOUNT`, `GCOUNT`) and scaling keywords
 * are generated; other cards of `header` are copied in order.
 */
export interface ImageHduSpec {
  readonly kind: 'image';
  /** Values in FITS order (first axis fastest). Omitted for an HDU without data (`NAXIS = 0`). */
  readonly data?: ImageArray;
  /** `NAXIS1`…`NAXISn`. Default is `[data.length]`. */
  readonly shape?: readonly number[];
  /** BITPIX of an HDU without data. Default is `8`. */
  readonly bitpix?: Bitpix;
  readonly header?: FitsHeader;
  /**
   * Explicit scaling: `data` then holds stored values and BSCALE/BZERO are written as given. Not allowed
   * with the offset-convention arrays (Int8Array, Uint16Array, Uint32Array, BigUint64Array).
   */
  readonly bscale?: number;
  readonly bzero?: number;
  /** Stored value meaning "undefined" (integer data only). */
  readonly blank?: number | bigint;
}

/**
 * A `BINTABLE` extension to write (never the primary HDU). Structural and column keywords are generated;
 * other cards of `header` (e.g. `EXTNAME`) are copied in order.
 */
export interface BinTableHduSpec {
  readonly kind: 'bintable';
  readonly columns: readonly BinTableColumnSpec[];
  /** Number of rows; needed only when the columns cannot tell (no columns, repeat 0). */
  readonly rows?: number;
  readonly header?: FitsHeader;
}

/** An HDU written exactly as given: `header` verbatim, then `data` padded to 2880 bytes. */
export interface RawHduSpec {
  readonly kind: 'raw';
  readonly header: FitsHeader;
  /** The data unit, unpadded; its size must match the header. Default is empty. */
  readonly data?: Uint8Array;
}

/** Any HDU to write, discriminated by `kind`. */
export type HduSpec = ImageHduSpec | BinTableHduSpec | RawHduSpec;
