import { CorruptTileError } from './tile-error.js';

/**
 * Decodes a PLIO_1 tile: an IRAF PLIO line list (16-bit big-endian words, a header of 3 or 7 words,
 * then instructions of a 4-bit opcode and 12-bit datum) into `count` pixel values.
 * @throws CorruptTileError when the list is shorter than its header says.
 */
export function plioDecode(bytes: Uint8Array, count: number): Int32Array {
  const out = new Int32Array(count);
  const words = Math.floor(bytes.length / 2);
  /** One-based word `k` of the list, as a signed 16-bit value. */
  const word = (k: number): number => {
    if (k < 1 || k > words) throw new CorruptTileError(`PLIO_1 line list has no word ${k} (it has ${words})`, 2 * (k - 1));
    return (((bytes[2 * k - 2] as number) << 24) >> 16) | (bytes[2 * k - 1] as number);
  };
  if (count === 0) return out;
  let length: number;
  let first: number;
  if (word(3) > 0) {
    length = word(3);
    first = 4;
  } else {
    length = (word(5) << 15) + word(4);
    first = word(2) + 1;
  }
  if (length <= 0) return out;
  const end = count; // last pixel, one-based (the tile starts at pixel 1)
  let op = 1;
  let x1 = 1;
  let value = 1;
  for (let ip = first; ip <= length; ip++) {
    const instruction = word(ip);
    const opcode = Math.trunc(instruction / 4096);
    const data = instruction & 4095;
    switch (opcode) {
      case 0:
      case 4:
      case 5: {
        const x2 = x1 + data - 1;
        const last = Math.min(x2, end);
        const n = last - Math.max(x1, 1) + 1;
        if (n > 0) {
          const top = op + n - 1;
          out.fill(opcode === 4 ? value : 0, op - 1, top);
          if (opcode === 5 && last === x2) out[top - 1] = value;
          op = top + 1;
        }
        x1 = x2 + 1;
        break;
      }
      case 1:
        value = (word(ip + 1) << 12) + data;
        ip++;
        break;
      case 2:
        value += data;
        break;
      case 3:
        value -= data;
        break;
      case 6:
      case 7:
        value += opcode === 6 ? data : -data;
        if (x1 >= 1 && x1 <= end) out[op++ - 1] = value;
        x1++;
        break;
      default:
        break;
    }
    if (x1 > end) break;
  }
  return out;
}
