import { BitReader } from './bit-reader.js';
import { inverseHTransform } from './h-transform.js';
import { CorruptTileError } from './tile-error.js';

const MAGIC = [0xdd, 0x99] as const;
const HEADER_BYTES = 25;
const MAX_BIT_PLANES = 62;

/**
 * Decodes an HCOMPRESS_1 tile: magic `DD 99`, `nx`, `ny`, `scale` (32-bit) and the sum of all pixels
 * (64-bit), three bit-plane counts, the quadtree-coded bit planes of the four quadrants of the
 * H-transform, the sign bits; then multiplies by `scale` and inverts the H-transform.
 * @param count pixels in the tile (must equal `nx × ny`).
 * @param smooth `SMOOTH`: when true, coefficients are interpolated while inverting the transform.
 * @returns the pixels as 32-bit integers, the fastest axis last in the stream's `nx × ny` order.
 * @throws CorruptTileError for a bad header, a truncated stream or bad codes.
 */
export function hcompressDecode(bytes: Uint8Array, count: number, smooth = false): Int32Array {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1]) {
    throw new CorruptTileError('not an HCOMPRESS_1 stream (bad magic number or too short)', 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nx = view.getInt32(2);
  const ny = view.getInt32(6);
  const scale = view.getInt32(10);
  const sum = Number(view.getBigInt64(14));
  if (nx <= 0 || ny <= 0 || nx * ny !== count) {
    throw new CorruptTileError(`HCOMPRESS_1 stream is ${nx} × ${ny} pixels, the tile has ${count}`, 2);
  }
  const planes = [bytes[22], bytes[23], bytes[24]] as [number, number, number];
  if (planes.some((n) => n > MAX_BIT_PLANES)) throw new CorruptTileError(`bad HCOMPRESS_1 bit-plane counts ${planes.join(', ')}`, 22);

  const a = new Float64Array(count);
  const reader = new BitReader(bytes, HEADER_BYTES);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  const nxHalf = nx >> 1;
  const nyHalf = ny >> 1;
  decodeQuadtree(reader, a, 0, ny, nx2, ny2, planes[0]);
  decodeQuadtree(reader, a, ny2, ny, nx2, nyHalf, planes[1]);
  decodeQuadtree(reader, a, ny * nx2, ny, nxHalf, ny2, planes[1]);
  decodeQuadtree(reader, a, ny * nx2 + ny2, ny, nxHalf, nyHalf, planes[2]);
  if (reader.bits(4) !== 0) throw new CorruptTileError('HCOMPRESS_1 bit planes do not end with a zero code', reader.offset);
  reader.align();
  for (let i = 0; i < count; i++) if (a[i] !== 0 && reader.bits(1) === 1) a[i] = -(a[i] as number);
  a[0] = sum;
  if (scale > 1) for (let i = 0; i < count; i++) a[i] = (a[i] as number) * scale;
  inverseHTransform(a, nx, ny, smooth, scale);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = a[i] as number;
  return out;
}

/**
 * Decodes the bit planes of one quadrant (`nqx` × `nqy`, row stride `n`, starting at `a[start]`), most
 * significant first; each plane is written directly (code 0) or quadtree-coded (code 0xF).
 */
function decodeQuadtree(reader: BitReader, a: Float64Array, start: number, n: number, nqx: number, nqy: number, planes: number): void {
  const nqmax = Math.max(nqx, nqy);
  let log2n = nqmax > 0 ? Math.floor(Math.log(nqmax) / Math.log(2) + 0.5) : 0;
  if (nqmax > 2 ** log2n) log2n++;
  const scratch = new Uint8Array(Math.max(1, ((nqx + 1) >> 1) * ((nqy + 1) >> 1)));
  for (let bit = planes - 1; bit >= 0; bit--) {
    const code = reader.bits(4);
    if (code === 0) {
      const nybbles = ((nqx + 1) >> 1) * ((nqy + 1) >> 1);
      for (let i = 0; i < nybbles; i++) scratch[i] = reader.bits(4);
    } else if (code === 0xf) {
      scratch[0] = readHuffman(reader);
      let nx = 1;
      let ny = 1;
      let nfx = nqx;
      let nfy = nqy;
      let c = 2 ** log2n;
      for (let k = 1; k < log2n; k++) {
        c /= 2;
        nx *= 2;
        ny *= 2;
        if (nfx <= c) nx--;
        else nfx -= c;
        if (nfy <= c) ny--;
        else nfy -= c;
        expand(reader, scratch, nx, ny);
      }
    } else {
      throw new CorruptTileError(`bad HCOMPRESS_1 bit-plane code ${code}`, reader.offset);
    }
    insertBitPlane(scratch, nqx, nqy, a, start, n, 2 ** bit);
  }
}

/** One quadtree expansion: each 4-bit code of the `(nx+1)/2 × (ny+1)/2` level becomes a 2 × 2 block of bits; nonzero ones read a new code. */
function expand(reader: BitReader, b: Uint8Array, nx: number, ny: number): void {
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  for (let i = nx2 - 1; i >= 0; i--) {
    for (let j = ny2 - 1; j >= 0; j--) b[2 * (ny * i + j)] = b[ny2 * i + j] as number;
  }
  for (let i = 0; i < nx; i += 2) {
    for (let j = 0; j < ny; j += 2) {
      const s00 = ny * i + j;
      const v = b[s00] as number;
      b[s00] = (v >> 3) & 1;
      if (j + 1 < ny) b[s00 + 1] = (v >> 2) & 1;
      if (i + 1 < nx) {
        b[s00 + ny] = (v >> 1) & 1;
        if (j + 1 < ny) b[s00 + ny + 1] = v & 1;
      }
    }
  }
  for (let i = nx * ny - 1; i >= 0; i--) if (b[i] !== 0) b[i] = readHuffman(reader);
}

/** Adds `planeValue` to the pixels of `a` whose bit is set in the 2 × 2 blocks coded by `codes`. */
function insertBitPlane(codes: Uint8Array, nx: number, ny: number, a: Float64Array, start: number, n: number, planeValue: number): void {
  let k = 0;
  for (let i = 0; i < nx; i += 2) {
    for (let j = 0; j < ny; j += 2) {
      const v = codes[k++] as number;
      if (v === 0) continue;
      const s00 = start + n * i + j;
      if (v & 8) a[s00] = (a[s00] as number) + planeValue;
      if (j + 1 < ny && v & 4) a[s00 + 1] = (a[s00 + 1] as number) + planeValue;
      if (i + 1 < nx) {
        if (v & 2) a[s00 + n] = (a[s00 + n] as number) + planeValue;
        if (j + 1 < ny && v & 1) a[s00 + n + 1] = (a[s00 + n + 1] as number) + planeValue;
      }
    }
  }
}

const FOUR_BIT_CODES: Readonly<Record<number, number>> = { 8: 3, 9: 5, 10: 10, 11: 12, 12: 15 };
const FIVE_BIT_CODES: Readonly<Record<number, number>> = { 26: 6, 27: 7, 28: 9, 29: 11, 30: 13 };

/** Reads one Huffman-coded 4-bit quadtree value (codes of 3 to 6 bits). */
function readHuffman(reader: BitReader): number {
  let c = reader.bits(3);
  if (c < 4) return 1 << c;
  c = (c << 1) | reader.bits(1);
  const four = FOUR_BIT_CODES[c];
  if (four !== undefined) return four;
  c = (c << 1) | reader.bits(1);
  const five = FIVE_BIT_CODES[c];
  if (five !== undefined) return five;
  c = (c << 1) | reader.bits(1);
  return c === 62 ? 0 : 14;
}
