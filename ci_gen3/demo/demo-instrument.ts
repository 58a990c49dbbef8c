import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo instrument "DemoCam": a small camera of our own, used by `npm run demo` and the benchmarks. */
export const DEMO_INSTRUMENT = {
  /** What the demo Gen2 repository's `_mapper` says. */
  mapper: 'gen2to3.demo.DemoMapper',
  name: 'DemoCam',
  telescope: 'gen2to3 demo telescope',
  /** Physical filter → band. */
  filters: { 'DEMO-G': 'g', 'DEMO-R': 'r' } as const,
  field: 'DEMOFIELD',
  /** Detector serials by CCD number; the generator uses the first `--detectors` of them. */
  detectorNames: ['C00', 'C01', 'C10', 'C11', 'C20', 'C21', 'C30', 'C31'] as const,
  gain: 1.5,
  readNoise: 4.0,
  pixelScaleArcsec: 0.5,
} as const;

export type DemoFilter = keyof typeof DEMO_INSTRUMENT.filters;
export const DEMO_FILTERS = Object.keys(DEMO_INSTRUMENT.filters) as DemoFilter[];

/** Directory holding the demo mapper policy (`DemoMapper.yaml`), in the source tree, from src or dist alike. */
export function demoPolicyDir(): string {
  return path.join(harnessProjectRoot(), 'ci_gen3', 'demo', 'policy');
}

/** The gen2to3 checkout (or installed package) this code runs from, whether from `dist/` or the sources. */
export function harnessProjectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`) ? here.slice(0, here.lastIndexOf(`${path.sep}dist${path.sep}`)) : path.resolve(here, '..', '..');
}
