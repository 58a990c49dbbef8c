/** Writes a stream of bits, most significant bit first, into a growing byte buffer. */
export class BitWriter {
  #bytes = new Uint8Array(1024);
  #length = 0;
  #buffer = 0;
  #count = 0;

  /** Appends the low `n` bits of `value` (0 ≤ n ≤ 32). */
  bits(value: number, n: number): void {
    if (n > 16) {
      this.bits(Math.floor(value / 65536) & ((1 << (n - 16)) - 1), n - 16);
      this.bits(value & 0xffff, 16);
      return;
    }
    this.#buffer = ((this.#buffer << n) | (value & ((1 << n) - 1))) >>> 0;
    this.#count += n;
    while (this.#count >= 8) {
      this.#count -= 8;
      this.#push((this.#buffer >>> this.#count) & 0xff);
    }
    this.#buffer &= (1 << this.#count) - 1;
  }

  /** Appends `zeros` zero bits then a one bit. */
  unary(zeros: number): void {
    for (let left = zeros; left > 0; left -= 16) this.bits(0, Math.min(16, left));
    this.bits(1, 1);
  }

  /** The bytes written, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.#count > 0) this.bits(0, 8 - this.#count);
    return this.#bytes.slice(0, this.#length);
  }

  #push(byte: number): void {
    if (this.#length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.#length++] = byte;
  }
}
