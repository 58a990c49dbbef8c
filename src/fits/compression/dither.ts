/** Length of the dither sequence of the tiled-image compression convention. */
export const DITHER_SEQUENCE_LENGTH = 10000;

let sequence: Float32Array | undefined;

/**
 * The convention's 10000 uniform random numbers in (0, 1): the Park–Miller minimal standard generator
 * (a = 16807, m = 2³¹ − 1) started at seed 1, each value rounded to single precision. Computed once.
 */
export function ditherSequence(): Float32Array {
  if (sequence) return sequence;
  const a = 16807;
  const m = 2147483647;
  const values = new Float32Array(DITHER_SEQUENCE_LENGTH);
  let seed = 1;
  for (let i = 0; i < DITHER_SEQUENCE_LENGTH; i++) {
    const product = a * seed;
    seed = product - m * Math.trunc(product / m);
    values[i] = seed / m;
  }
  sequence = values;
  return values;
}

/** Where in {@link ditherSequence} one tile's dithering starts, and how it walks through the sequence. */
export class DitherCursor {
  readonly #values = ditherSequence();
  #seed: number;
  #next: number;

  /** @param row the tile's one-based row number in the table plus `ZDITHER0` − 1. */
  constructor(row: number) {
    this.#seed = (((row - 1) % DITHER_SEQUENCE_LENGTH) + DITHER_SEQUENCE_LENGTH) % DITHER_SEQUENCE_LENGTH;
    this.#next = this.#start();
  }

  /** The dither offset of the next pixel (then advances). */
  next(): number {
    const value = this.#values[this.#next] as number;
    this.#next++;
    if (this.#next === DITHER_SEQUENCE_LENGTH) {
      this.#seed = (this.#seed + 1) % DITHER_SEQUENCE_LENGTH;
      this.#next = this.#start();
    }
    return value;
  }

  #start(): number {
    return Math.trunc(Math.fround((this.#values[this.#seed] as number) * 500));
  }
}
