import { BitWriter } from './bit-writer.js';
import { RICE_PARAMETERS, type RiceBytePix } from './rice.js';

/**
 * Encodes integers with RICE_1: the first value uncoded, then blocks of `blockSize` differences
 * (mapped to non-negative integers), each block Rice-coded with the parameter its mean suggests, or
 * marked all-zero, or stored uncoded when Rice coding would not pay.
 * @param values integers that fit in `bytePix` bytes (wrapped to that width otherwise).
 */
export function riceEncode(values: ArrayLike<number>, blockSize: number, bytePix: RiceBytePix): Uint8Array {
  const { fsBits, fsMax, bits } = RICE_PARAMETERS[bytePix];
  const writer = new BitWriter();
  const count = values.length;
  if (count === 0) return writer.finish();
  const wrap = bits === 32 ? (x: number) => x | 0 : (x: number) => ((x << (32 - bits)) >> (32 - bits));
  let last = wrap(values[0] as number);
  writer.bits(last >>> 0, bits);
  const mapped = new Float64Array(blockSize);
  for (let start = 0; start < count; start += blockSize) {
    const n = Math.min(blockSize, count - start);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const next = wrap(values[start + j] as number);
      const diff = wrap(next - last);
      mapped[j] = diff < 0 ? -2 * diff - 1 : 2 * diff;
      sum += mapped[j] as number;
      last = next;
    }
    let mean = Math.floor(Math.max(0, (sum - Math.floor(n / 2) - 1) / n) / 2);
    let fs = 0;
    while (mean > 0) {
      fs++;
      mean = Math.floor(mean / 2);
    }
    if (fs >= fsMax) {
      writer.bits(fsMax + 1, fsBits);
      for (let j = 0; j < n; j++) writer.bits(mapped[j] as number, bits);
    } else if (fs === 0 && sum === 0) {
      writer.bits(0, fsBits);
    } else {
      writer.bits(fs + 1, fsBits);
      const scale = 2 ** fs;
      for (let j = 0; j < n; j++) {
        const v = mapped[j] as number;
        writer.unary(Math.floor(v / scale));
        if (fs > 0) writer.bits(v % scale, fs);
      }
    }
  }
  return writer.finish();
}
