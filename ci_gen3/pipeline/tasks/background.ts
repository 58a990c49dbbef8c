/**
 * Background estimation: the median of the usable pixels of each `binSize` cell, interpolated
 * bilinearly between cell centres (clamped at the edges). Sorting and float64 arithmetic make it
 * deterministic; a cell without usable pixels takes the median of the other cells.
 */
import { maskBit, type MaskedImage } from '../masked-image.js';

/** A background model: the value at every pixel plus its cell grid. */
export interface Background {
  readonly values: Float64Array;
  readonly cells: Float64Array;
  readonly nx: number;
  readonly ny: number;
  /** Mean of the cell medians. */
  readonly mean: number;
}

/** Pixels with these mask bits do not enter the background. */
export const BACKGROUND_EXCLUDED = maskBit('SAT') | maskBit('BAD') | maskBit('NO_DATA');

/** The median of `values`, which it sorts in place. */
function medianInPlace(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Estimates the background of a masked image. */
export function estimateBackground(mi: MaskedImage, binSize: number): Background {
  const { width, height } = mi;
  const size = Math.max(1, Math.floor(binSize));
  const nx = Math.max(1, Math.ceil(width / size));
  const ny = Math.max(1, Math.ceil(height / size));
  const cells = new Float64Array(nx * ny);
  // One scratch buffer for every cell's usable pixels (typed arrays: no garbage per pixel).
  const usable = new Float64Array(Math.min(width, size) * Math.min(height, size));
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      let n = 0;
      for (let y = cy * size; y < Math.min(height, (cy + 1) * size); y++) {
        for (let x = cx * size; x < Math.min(width, (cx + 1) * size); x++) {
          const i = y * width + x;
          const v = mi.image[i]!;
          if ((mi.mask[i]! & BACKGROUND_EXCLUDED) === 0 && Number.isFinite(v)) usable[n++] = v;
        }
      }
      cells[cy * nx + cx] = medianInPlace(usable.subarray(0, n));
    }
  }
  const finite = cells.filter(Number.isFinite);
  const fill = finite.length > 0 ? medianInPlace(finite) : 0;
  for (let k = 0; k < cells.length; k++) if (!Number.isFinite(cells[k]!)) cells[k] = fill;
  let sum = 0;
  for (const c of cells) sum += c;
  const values = new Float64Array(width * height);
  // Cell centres in pixel coordinates; interpolate in (x, y) with clamping outside the outer centres.
  const centre = (k: number, extent: number) => (k * size + Math.min(extent, (k + 1) * size) - 1) / 2;
  const cxs = Array.from({ length: nx }, (_, k) => centre(k, width));
  const cys = Array.from({ length: ny }, (_, k) => centre(k, height));
  const locate = (centres: number[], p: number): [number, number, number] => {
    if (centres.length === 1 || p <= centres[0]!) return [0, 0, 0];
    const last = centres.length - 1;
    if (p >= centres[last]!) return [last, last, 0];
    let k = 0;
    while (p > centres[k + 1]!) k++;
    return [k, k + 1, (p - centres[k]!) / (centres[k + 1]! - centres[k]!)];
  };
  // Each column's cells and weight, found once for all rows; no destructuring in the pixel loop (it
  // allocates an iterator result per element until the loop is optimised).
  const colX0 = new Int32Array(width);
  const colX1 = new Int32Array(width);
  const colT = new Float64Array(width);
  for (let x = 0; x < width; x++) [colX0[x], colX1[x], colT[x]] = locate(cxs, x);
  for (let y = 0; y < height; y++) {
    const [y0, y1, ty] = locate(cys, y);
    for (let x = 0; x < width; x++) {
      const x0 = colX0[x]!;
      const x1 = colX1[x]!;
      const tx = colT[x]!;
      const top = cells[y0 * nx + x0]! * (1 - tx) + cells[y0 * nx + x1]! * tx;
      const bottom = cells[y1 * nx + x0]! * (1 - tx) + cells[y1 * nx + x1]! * tx;
      values[y * width + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return { values, cells, nx, ny, mean: sum / cells.length };
}
