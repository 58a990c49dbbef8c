/** Largest pixel value PLIO_1 can hold (the convention allows 0 … 2²⁴ − 1). */
export const PLIO_MAX_VALUE = 2 ** 24 - 1;

const MAX_RUN = 4095;

/**
 * Encodes non-negative integers as an IRAF PLIO line list (big-endian 16-bit words): the 7-word header,
 * then for each run of equal pixels either a zero run or a "set value" followed by value runs.
 * @throws RangeError for values outside 0 … {@link PLIO_MAX_VALUE} (callers check first).
 */
export function plioEncode(values: ArrayLike<number>): Uint8Array {
  const words: number[] = [0, 7, -100, 0, 0, 0, 0];
  let current = 1; // the decoder's initial value
  for (let i = 0; i < values.length; ) {
    const value = values[i] as number;
    if (!Number.isInteger(value) || value < 0 || value > PLIO_MAX_VALUE) throw new RangeError(`PLIO_1 cannot hold the value ${value}`);
    let run = 1;
    while (i + run < values.length && values[i + run] === value) run++;
    i += run;
    if (value !== 0 && value !== current) {
      words.push(0x1000 | (value & 0xfff), value >> 12);
      current = value;
    }
    for (let left = run; left > 0; left -= MAX_RUN) words.push((value === 0 ? 0 : 0x4000) | Math.min(left, MAX_RUN));
  }
  words[3] = words.length & 0x7fff;
  words[4] = words.length >> 15;
  const bytes = new Uint8Array(words.length * 2);
  words.forEach((word, k) => {
    bytes[2 * k] = (word >> 8) & 0xff;
    bytes[2 * k + 1] = word & 0xff;
  });
  return bytes;
}
