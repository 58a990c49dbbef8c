/**
 * Threshold detection: pixels above `threshold × sqrt(variance)` grouped into 8-connected
 * footprints, found in raster order of their first pixel (so ids do not depend on anything but the
 * pixels), and measured: flux-weighted centroid, summed flux and its error, peak, bounding box.
 */
import { maskBit, type MaskedImage } from '../masked-image.js';

/** A measured footprint. */
export interface Footprint {
  /** Pixel indices (y × width + x), in discovery order. */
  readonly pixels: readonly number[];
  readonly centroidX: number;
  readonly centroidY: number;
  readonly flux: number;
  readonly fluxErr: number;
  readonly peakX: number;
  readonly peakY: number;
  readonly peakValue: number;
  readonly bbox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
  /** A pixel of the footprint is saturated. */
  readonly saturated: boolean;
}

/** Finds and measures footprints; pixels of kept footprints get the DETECTED bit in `mi.mask`. */
export function detectFootprints(mi: MaskedImage, threshold: number, minPixels: number): Footprint[] {
  const { width, height } = mi;
  const n = width * height;
  const above = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = mi.image[i]!;
    const sigma = Math.sqrt(Math.max(mi.variance[i]!, 0));
    if (Number.isFinite(v) && v > threshold * sigma) above[i] = 1;
  }
  const seen = new Uint8Array(n);
  const out: Footprint[] = [];
  const sat = maskBit('SAT');
  const detected = maskBit('DETECTED');
  for (let start = 0; start < n; start++) {
    if (!above[start] || seen[start]) continue;
    const pixels: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      pixels.push(i);
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (above[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (pixels.length < minPixels) continue;
    pixels.sort((a, b) => a - b);
    out.push(measure(mi, pixels, sat));
    for (const i of pixels) mi.mask[i]! |= detected;
  }
  return out;
}

function measure(mi: MaskedImage, pixels: readonly number[], sat: number): Footprint {
  const { width } = mi;
  let flux = 0;
  let varSum = 0;
  let wx = 0;
  let wy = 0;
  let w = 0;
  let peak = -Infinity;
  let peakIndex = pixels[0]!;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let saturated = false;
  for (const i of pixels) {
    const x = i % width;
    const y = (i - x) / width;
    const v = mi.image[i]!;
    flux += v;
    varSum += mi.variance[i]!;
    if (v > 0) {
      wx += v * x;
      wy += v * y;
      w += v;
    }
    if (v > peak) {
      peak = v;
      peakIndex = i;
    }
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
    if (mi.mask[i]! & sat) saturated = true;
  }
  const px = peakIndex % width;
  return {
    pixels,
    centroidX: w > 0 ? wx / w : (x0 + x1) / 2,
    centroidY: w > 0 ? wy / w : (y0 + y1) / 2,
    flux,
    fluxErr: Math.sqrt(varSum),
    peakX: px,
    peakY: (peakIndex - px) / width,
    peakValue: peak,
    bbox: { x0, y0, x1, y1 },
    saturated,
  };
}
