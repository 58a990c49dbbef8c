import { CorruptTileError } from './tile-error.js';

/** Reads a byte string as a stream of bits, most significant bit first (RICE_1, HCOMPRESS_1). */
export class BitReader {
  readonly #bytes: Uint8Array;
  #next: number;
  /** Bits not yet consumed, right-aligned; only the low `#count` bits are meaningful. */
  #buffer = 0;
  #count = 0;

  constructor(bytes: Uint8Array, start = 0) {
    this.#bytes = bytes;
    this.#next = start;
  }

  /** Bytes consumed so far (including a partly read one). */
  get offset(): number {
    return this.#next;
  }

  /** The next `n` bits (0 ≤ n ≤ 24) as an unsigned integer. @throws CorruptTileError past the end. */
  bits(n: number): number {
    while (this.#count < n) this.#load();
    this.#count -= n;
    const value = (this.#buffer >>> this.#count) & ((1 << n) - 1);
    this.#buffer &= (1 << this.#count) - 1;
    return value;
  }

  /** The next `n` bits (0 ≤ n ≤ 32) as an unsigned integer. */
  wideBits(n: number): number {
    if (n <= 24) return this.bits(n);
    const high = this.bits(n - 16);
    return high * 65536 + this.bits(16);
  }

  /** Counts zero bits up to the next one bit, and consumes them and the one bit. */
  unary(): number {
    let zeros = 0;
    while (this.#buffer === 0) {
      zeros += this.#count;
      this.#count = 0;
      this.#load();
    }
    const width = 32 - Math.clz32(this.#buffer);
    zeros += this.#count - width;
    this.#count = width - 1;
    this.#buffer &= (1 << this.#count) - 1;
    return zeros;
  }

  /** Drops the rest of the current byte: the next read starts at a byte boundary. */
  align(): void {
    this.#buffer = 0;
    this.#count = 0;
  }

  #load(): void {
    const byte = this.#bytes[this.#next];
    if (byte === undefined) throw new CorruptTileError('unexpected end of the compressed bytes', this.#next);
    this.#next++;
    this.#buffer = ((this.#buffer << 8) | byte) >>> 0;
    this.#count += 8;
  }
}
