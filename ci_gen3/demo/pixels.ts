import { DEMO_INSTRUMENT, DEMO_FILTERS, type DemoFilter } from './demo-instrument.js';
import { SeededRandom } from './random.js';

/** Image geometry shared by every detector of a generated camera. */
export interface DemoGeometry {
  width: number;
  height: number;
  detectors: number;
}

/** A star in focal-plane pixel coordinates (the camera's detectors tile a 2-column grid). */
export interface DemoStar {
  x: number;
  y: number;
  /** Total flux in electrons for a 1 s exposure in DEMO-R. */
  flux: number;
}

/** A defect rectangle in detector pixel coordinates (the afw Defects table columns). */
export interface DemoDefect {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

const PSF_SIGMA = 1.6;
const FILTER_THROUGHPUT: Record<DemoFilter, number> = { 'DEMO-G': 0.8, 'DEMO-R': 1.0 };
const FILTER_SKY: Record<DemoFilter, number> = { 'DEMO-G': 40, 'DEMO-R': 70 };

/** Origin of detector `ccd` in focal-plane pixels. */
export function detectorOrigin(ccd: number, g: DemoGeometry): { x: number; y: number } {
  return { x: (ccd % 2) * g.width, y: Math.floor(ccd / 2) * g.height };
}

function focalPlaneSize(g: DemoGeometry): { w: number; h: number } {
  return { w: 2 * g.width, h: Math.ceil(g.detectors / 2) * g.height };
}

/** The fixed star field: same stars for every visit (so a coadd and a per-visit gather make sense). */
export function demoStarField(seed: number, g: DemoGeometry): DemoStar[] {
  const rng = new SeededRandom(seed).fork('stars');
  const { w, h } = focalPlaneSize(g);
  const count = Math.max(4, Math.round((w * h) / 1500));
  return Array.from({ length: count }, () => ({ x: rng.uniform(4, w - 4), y: rng.uniform(4, h - 4), flux: 2000 * Math.exp(rng.uniform(0, 4)) }));
}

/** Master bias of a detector (ADU): level, column pattern and a gentle row gradient. */
export function biasModel(ccd: number, g: DemoGeometry): Float32Array {
  const out = new Float32Array(g.width * g.height);
  const level = 1000 + 25 * ccd;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) out[y * g.width + x] = level + 3 * Math.sin((x + 5 * ccd) / 7) + (0.02 * y);
  }
  return out;
}

/** Master flat of a detector in a filter (normalised to ~1): vignetting over the focal plane plus pixel response non-uniformity. */
export function flatModel(seed: number, ccd: number, filter: DemoFilter, g: DemoGeometry): Float32Array {
  const rng = new SeededRandom(seed).fork(`prnu-${ccd}`);
  const { w, h } = focalPlaneSize(g);
  const o = detectorOrigin(ccd, g);
  const strength = 0.12 * (filter === 'DEMO-G' ? 1.2 : 1);
  const out = new Float32Array(g.width * g.height);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      const dx = (o.x + x - w / 2) / (w / 2);
      const dy = (o.y + y - h / 2) / (h / 2);
      out[y * g.width + x] = (1 - strength * (dx * dx + dy * dy) / 2) * (1 + 0.01 * rng.normal());
    }
  }
  return out;
}

/** Defects of a detector: one hot column and one small bad block. */
export function defectsModel(ccd: number, g: DemoGeometry): DemoDefect[] {
  return [
    { x0: (7 * ccd + 13) % g.width, y0: 0, width: 1, height: g.height },
    { x0: (11 * ccd + 20) % Math.max(1, g.width - 4), y0: (5 * ccd + 9) % Math.max(1, g.height - 3), width: 3, height: 2 },
  ];
}

/** Inputs of one raw exposure of one detector. */
export interface DemoExposure {
  visit: number;
  ccd: number;
  filter: DemoFilter;
  expTime: number;
  /** Dither of this visit in focal-plane pixels. */
  dither: { x: number; y: number };
}

/**
 * Raw pixels (ADU, unsigned 16-bit): bias + flat × (sky + stars) with Poisson-like and read noise, hot
 * defects saturated. Deterministic in `seed` and the exposure.
 */
export function rawModel(seed: number, exposure: DemoExposure, stars: readonly DemoStar[], g: DemoGeometry): Uint16Array {
  const { ccd, filter, expTime } = exposure;
  const rng = new SeededRandom(seed).fork(`raw-${exposure.visit}-${ccd}`);
  const bias = biasModel(ccd, g);
  const flat = flatModel(seed, ccd, filter, g);
  const o = detectorOrigin(ccd, g);
  const signal = new Float64Array(g.width * g.height).fill(FILTER_SKY[filter] * expTime);
  const scale = FILTER_THROUGHPUT[filter] * expTime;
  const r = Math.ceil(5 * PSF_SIGMA);
  const norm = 1 / (2 * Math.PI * PSF_SIGMA * PSF_SIGMA);
  for (const star of stars) {
    const cx = star.x + exposure.dither.x - o.x;
    const cy = star.y + exposure.dither.y - o.y;
    if (cx < -r || cy < -r || cx > g.width + r || cy > g.height + r) continue;
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(g.height - 1, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(g.width - 1, Math.ceil(cx + r)); x++) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        signal[y * g.width + x]! += star.flux * scale * norm * Math.exp(-d2 / (2 * PSF_SIGMA * PSF_SIGMA));
      }
    }
  }
  const out = new Uint16Array(g.width * g.height);
  const gain = DEMO_INSTRUMENT.gain;
  for (let i = 0; i < out.length; i++) {
    const electrons = signal[i]! * flat[i]!;
    const noisy = electrons + Math.sqrt(electrons) * rng.normal() + DEMO_INSTRUMENT.readNoise * gain * rng.normal();
    out[i] = Math.min(65535, Math.max(0, Math.round(bias[i]! + noisy / gain)));
  }
  for (const d of defectsModel(ccd, g)) {
    for (let y = d.y0; y < Math.min(g.height, d.y0 + d.height); y++) {
      for (let x = d.x0; x < Math.min(g.width, d.x0 + d.width); x++) out[y * g.width + x] = 65535;
    }
  }
  return out;
}

export { DEMO_FILTERS };
