import { UserError } from '../errors.js';

/** Where in a FITS file a problem was found. */
export interface FitsLocation {
  /** The file path, or a description of the source for in-memory buffers. */
  file: string;
  /** Zero-based HDU index, when the problem belongs to one HDU. */
  hdu?: number;
  /** Byte offset in the (decompressed) FITS stream. */
  offset?: number;
}

function describeLocation({ file, hdu, offset }: FitsLocation): string {
  const parts = [hdu === undefined ? undefined : `HDU ${hdu}`, offset === undefined ? undefined : `byte ${offset}`].filter(Boolean);
  return parts.length > 0 ? `${file} (${parts.join(', ')})` : file;
}

/**
 * A file is not valid FITS or is damaged: not FITS at all, truncated header or data, missing `END`,
 * bad `BITPIX`/`NAXIS`, unparsable card, corrupt gzip stream.
 */
export class FitsError extends UserError {
  readonly code = 'FITS_FORMAT';
  readonly file: string;
  readonly hdu: number | undefined;
  readonly offset: number | undefined;

  constructor(location: FitsLocation, message: string, options?: { cause?: unknown }) {
    super(`${describeLocation(location)}: ${message}`, options);
    this.file = location.file;
    this.hdu = location.hdu;
    this.offset = location.offset;
  }
}

/** An HDU or header cannot be written as given (inconsistent shape, unrepresentable value, bad keyword). */
export class FitsWriteError extends UserError {
  readonly code = 'FITS_WRITE';
}
