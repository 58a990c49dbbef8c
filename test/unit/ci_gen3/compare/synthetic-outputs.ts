/**
 * Synthetic outputs of both sides for the compare tests: a real demo Gen2 repository (for the mapper
 * policy and the rerun) whose rerun gets calexp/src/config files written through the mapper
 * templates, and a directory of Gen3-side files with their Gen3 data IDs. Differences are injected
 * by the callers through the `edit` hooks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoPolicyDir } from '../../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo } from '../../../../ci_gen3/demo/generate-gen2-repo.js';
import type { OutputFile, SideOutputs } from '../../../../ci_gen3/compare/side-outputs.js';
import { writeFitsFile } from '../../../../src/fits/fits-file.js';
import { FitsHeader } from '../../../../src/fits/header.js';

export const W = 8;
export const H = 6;

/** One detector-visit of the synthetic run. */
export interface Unit {
  visit: number;
  ccd: number;
  filter: string;
}

/** What each side writes for one unit (callers change it to inject differences). */
export interface UnitContent {
  pixels: Float32Array;
  header: Record<string, string | number | boolean>;
  /** Source catalog rows. */
  ids: number[];
  flux: number[];
}

export function baseContent(u: Unit): UnitContent {
  const pixels = new Float32Array(W * H);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 100 + u.visit * 10 + u.ccd + i * 0.5;
  pixels[3] = Number.NaN;
  return { pixels, header: { VISIT: u.visit, CCDNUM: u.ccd, FILTER: u.filter, GAIN: 1.5 }, ids: [1, 2, 3], flux: [1000 + u.ccd, 2000 + u.visit, 3000] };
}

async function writeExposure(file: string, c: UnitContent): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const h = new FitsHeader();
  for (const [k, v] of Object.entries(c.header)) h.set(k, v);
  await writeFitsFile(file, [{ kind: 'image', data: c.pixels, shape: [W, H], header: h }]);
}

async function writeCatalog(file: string, c: UnitContent): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const table = new FitsHeader();
  table.set('EXTNAME', 'SOURCES');
  table.set('AFW_TYPE', 'SOURCE');
  await writeFitsFile(file, [
    { kind: 'image' },
    {
      kind: 'bintable',
      header: table,
      columns: [
        { name: 'id', values: BigInt64Array.from(c.ids.map((x) => BigInt(x))) },
        { name: 'base_PsfFlux_instFlux', values: Float64Array.from(c.flux), unit: 'count' },
      ],
    },
  ]);
}

export const CONFIG = 'import lsst.ip.isr\nconfig.doBias=True\nconfig.doFlat=True\nconfig.doWrite=True\nconfig.saturation=65000.0\n';

/** Both sides' outputs, as the compare stage would list them. */
export interface SyntheticRun {
  gen2Rerun: string;
  policyPath: string[];
  gen3: SideOutputs;
  units: Unit[];
}

export interface SyntheticOptions {
  dir: string;
  /** Edits of the Gen2 / Gen3 content of a unit; return undefined to write nothing (missing output). */
  gen2?: (u: Unit, c: UnitContent) => UnitContent | undefined;
  gen3?: (u: Unit, c: UnitContent) => UnitContent | undefined;
  gen2Config?: string;
  gen3Config?: string;
}

/** Generates the demo repository (2 visits × 2 detectors) and writes both sides' outputs. */
export async function syntheticRun(o: SyntheticOptions): Promise<SyntheticRun> {
  const summary = await generateDemoGen2Repo({ outDir: path.join(o.dir, 'gen2'), visits: 2, detectors: 2, width: 16, height: 16, visitsPerNight: 2 });
  const units = summary.raws.map((r) => ({ visit: r.visit, ccd: r.ccd, filter: r.filter }));
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const byType = new Map<string, OutputFile[]>([
    ['calexp', []],
    ['src', []],
    ['isr_config', []],
  ]);
  for (const u of units) {
    const rel = `${pad(u.visit, 6)}/${u.filter}`;
    const g2 = (o.gen2 ?? ((_u, c) => c))(u, baseContent(u));
    if (g2) {
      await writeExposure(path.join(summary.rerun, `calexp/${rel}/calexp-${pad(u.visit, 6)}-${pad(u.ccd, 2)}.fits`), g2);
      await writeCatalog(path.join(summary.rerun, `src/${rel}/src-${pad(u.visit, 6)}-${pad(u.ccd, 2)}.fits`), g2);
    }
    const g3 = (o.gen3 ?? ((_u, c) => c))(u, baseContent(u));
    if (g3) {
      const dataId = { instrument: 'DemoCam', detector: u.ccd, visit: u.visit };
      const base = path.join(o.dir, 'gen3', 'u/demo/run', `${u.visit}`, `${u.ccd}`);
      await writeExposure(path.join(base, 'calexp.fits'), g3);
      await writeCatalog(path.join(base, 'src.fits'), g3);
      byType.get('calexp')!.push({ dataId, path: path.join(base, 'calexp.fits') });
      byType.get('src')!.push({ dataId, path: path.join(base, 'src.fits') });
    }
  }
  writeFileSync(path.join(summary.rerun, 'config/demoIsr.py'), o.gen2Config ?? CONFIG);
  const gen3Config = path.join(o.dir, 'gen3', 'u/demo/run/isr_config.py');
  mkdirSync(path.dirname(gen3Config), { recursive: true });
  writeFileSync(gen3Config, o.gen3Config ?? CONFIG);
  byType.get('isr_config')!.push({ dataId: {}, path: gen3Config });
  return { gen2Rerun: summary.rerun, policyPath: [demoPolicyDir()], units, gen3: { side: 'gen3', location: path.join(o.dir, 'gen3'), byType, unknown: new Map() } };
}
