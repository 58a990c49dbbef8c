/** Size in bytes of a FITS logical record (header and data units are padded to a multiple of it). */
export const BLOCK_SIZE = 2880;

/** Size in bytes of one header card image. */
export const CARD_SIZE = 80;

/** Cards in one header block. */
export const CARDS_PER_BLOCK = BLOCK_SIZE / CARD_SIZE;

/** `size` rounded up to a whole number of FITS blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}
