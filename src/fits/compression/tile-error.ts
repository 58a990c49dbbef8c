/**
 * A tile's compressed bytes cannot be decoded. Thrown by the codecs with the byte offset inside the
 * tile's compressed bytes; the decompressor turns it into a {@link FitsError} naming the HDU, the tile
 * and the absolute byte offset.
 */
export class CorruptTileError extends Error {
  constructor(
    message: string,
    /** Offset of the problem within the tile's compressed bytes, when known. */
    readonly byteOffset?: number,
  ) {
    super(message);
    this.name = 'CorruptTileError';
  }
}
