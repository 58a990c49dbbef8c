import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { SkyMapConfig } from './conversion-config.js';

/** Coadd names in the order the reference looks for them in a dataset type name (obs_base `CoaddConversion`). */
export const COADD_NAMES: readonly string[] = Object.freeze(['goodSeeing', 'psfMatched', 'dcr', 'deep']);

/** A `skyMaps` entry of the conversion config is malformed. */
export class SkyMapConfigError extends UserError {
  readonly code = 'CONVERT_SKYMAP_CONFIG';
}

/** The coadd a dataset type belongs to (`goodSeeingCoadd_calexp` → `goodSeeing`); `deep` when it names none (as the reference). */
export function coaddOf(datasetType: string): string {
  return COADD_NAMES.find((c) => datasetType.startsWith(c) || datasetType.includes(`${c}Coadd`)) ?? 'deep';
}

/** Patch grid of one tract. */
export interface PatchGrid {
  readonly nx: number;
  readonly ny: number;
}

/** A validated skymap: its records' values and patch grids. */
export interface SkyMapGeometry {
  readonly name: string;
  /** `skymap.hash`: the SHA1 digest, base64 (daf_butler stores `hash` columns as base64 text). */
  readonly hash: string;
  readonly tractMax: number;
  readonly patchNxMax: number;
  readonly patchNyMax: number;
  readonly coadds: readonly string[];
  /** The patch grid of `tract`, undefined outside `0 ≤ tract < tractMax`. */
  grid(tract: number): PatchGrid | undefined;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * Checks one `skyMaps` entry and derives its geometry.
 * @throws SkyMapConfigError for a missing or non-positive `tractMax`/`patchNx`/`patchNy`, a tract
 *   override outside the skymap, a `sha1` that is not 40 hex digits, or an unknown coadd name.
 */
export function skyMapGeometry(name: string, config: SkyMapConfig): SkyMapGeometry {
  const where = `skyMaps.${name}`;
  if (typeof config !== 'object' || config === null) throw new SkyMapConfigError(`${where} must be a mapping with tractMax, patchNx, patchNy`);
  for (const k of ['tractMax', 'patchNx', 'patchNy'] as const) {
    if (!positive(config[k])) throw new SkyMapConfigError(`${where}.${k} must be a positive integer (the Gen2 skymap pickle cannot be read, so the config gives the geometry)`);
  }
  const overrides = new Map<number, PatchGrid>();
  for (const [t, g] of Object.entries(config.tracts ?? {})) {
    const tract = Number(t);
    if (!Number.isSafeInteger(tract) || tract < 0 || tract >= config.tractMax) throw new SkyMapConfigError(`${where}.tracts.${t} is not a tract id below tractMax ${config.tractMax}`);
    if (!positive(g.patchNx) || !positive(g.patchNy)) throw new SkyMapConfigError(`${where}.tracts.${t} needs positive integer patchNx and patchNy`);
    overrides.set(tract, { nx: g.patchNx, ny: g.patchNy });
  }
  if (config.sha1 !== undefined && !/^[0-9a-fA-F]{40}$/.test(config.sha1)) throw new SkyMapConfigError(`${where}.sha1 must be 40 hex digits (BaseSkyMap.getSha1())`);
  const coadds = config.coadds ?? ['deep'];
  for (const c of coadds) if (!COADD_NAMES.includes(c)) throw new SkyMapConfigError(`${where}.coadds: unknown coadd ${JSON.stringify(c)} (known: ${COADD_NAMES.join(', ')})`);
  const canonical = JSON.stringify({ tractMax: config.tractMax, patchNx: config.patchNx, patchNy: config.patchNy, tracts: [...overrides].sort(([a], [b]) => a - b) });
  const digest = config.sha1 !== undefined ? Buffer.from(config.sha1, 'hex') : createHash('sha1').update(canonical).digest();
  const grids = [...overrides.values()];
  const uniform: PatchGrid = { nx: config.patchNx, ny: config.patchNy };
  return {
    name,
    hash: digest.toString('base64'),
    tractMax: config.tractMax,
    patchNxMax: grids.reduce((m, g) => Math.max(m, g.nx), config.patchNx),
    patchNyMax: grids.reduce((m, g) => Math.max(m, g.ny), config.patchNy),
    coadds,
    grid: (tract) => (Number.isSafeInteger(tract) && tract >= 0 && tract < config.tractMax ? (overrides.get(tract) ?? uniform) : undefined),
  };
}

/** Gen2 `"x,y"` → `{x, y}`, or undefined when it is not that form. */
export function parseGen2Patch(patch: unknown): { x: number; y: number } | undefined {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(String(patch));
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
}

/** Gen3 patch index of Gen2 patch `x,y` (obs_base / skymap `getSequentialPatchIndex`): `y * nx + x`. */
export function patchIndex(grid: PatchGrid, x: number, y: number): number {
  return y * grid.nx + x;
}

/**
 * The `skymap`, `tract` and `patch` records of a skymap (as `BaseSkyMap.register`): every tract
 * `0 … tractMax-1`, every patch of its grid with `cell_x`/`cell_y`; regions are left null (they need
 * the skymap's WCS, which only the Python pickle has).
 */
export function skyMapRecords(g: SkyMapGeometry): { skymap: Record<string, unknown>[]; tract: Record<string, unknown>[]; patch: Record<string, unknown>[] } {
  const tract: Record<string, unknown>[] = [];
  const patch: Record<string, unknown>[] = [];
  for (let t = 0; t < g.tractMax; t++) {
    tract.push({ skymap: g.name, id: t, region: null });
    const grid = g.grid(t)!;
    for (let y = 0; y < grid.ny; y++) for (let x = 0; x < grid.nx; x++) patch.push({ skymap: g.name, tract: t, id: patchIndex(grid, x, y), cell_x: x, cell_y: y, region: null });
  }
  return { skymap: [{ name: g.name, hash: g.hash, tract_max: g.tractMax, patch_nx_max: g.patchNxMax, patch_ny_max: g.patchNyMax }], tract, patch };
}
