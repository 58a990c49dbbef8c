import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ConfigError } from '../../errors.js';
import { DEFAULT_CONVERSION_CONFIG, type ConversionConfigOverrides, type SkyMapConfig } from '../conversion-config.js';
import { skyMapGeometry } from '../skymap-geometry.js';

const KEYS = new Set(Object.keys(DEFAULT_CONVERSION_CONFIG).concat(['rootSkyMapName']));
const MAPS = new Set(['runs', 'runsForced', 'storageClasses', 'formatterClasses', 'datasetTemplateOverrides']);
const LISTS = new Set(['refCats', 'fileIgnorePatterns', 'datasetIncludePatterns', 'datasetIgnorePatterns', 'extraUmbrellaChildren']);

/**
 * Reads a `gen2to3 convert --config` file: YAML or JSON with the honoured `ConvertRepoConfig`
 * fields (`runs: {jointcal_wcs: HSC/external}`, `datasetIgnorePatterns: [...]`, `ccdKey: ccdnum`…),
 * `skyMaps: {<name>: {tractMax, patchNx, patchNy, tracts?, sha1?, coadds?}}` and
 * `reruns: [{path, runName?, chainName?, parents?}]`.
 * Never evaluates anything (a pex_config `.py` file is refused).
 * @throws ConfigError for an unreadable file, an unknown field or a value of the wrong shape.
 */
export function readConversionConfigFile(file: string): ConversionConfigOverrides {
  let value: unknown;
  try {
    value = YAML.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, `cannot read the conversion config (YAML or JSON expected): ${(e as Error).message}`, { cause: e });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(file, 'the conversion config must be a mapping of ConvertRepoConfig fields');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!KEYS.has(k)) throw new ConfigError(file, `unknown field ${k} (known: ${[...KEYS].sort().join(', ')})`);
    if (MAPS.has(k) && (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string'))) throw new ConfigError(file, `${k} must map names to strings`);
    if (LISTS.has(k) && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) throw new ConfigError(file, `${k} must be a list of strings`);
    if ((k === 'ccdKey' || k === 'rootSkyMapName') && typeof v !== 'string') throw new ConfigError(file, `${k} must be a string`);
    if (k === 'doMakeUmbrellaCollection' && typeof v !== 'boolean') throw new ConfigError(file, `${k} must be true or false`);
    if (k === 'skyMaps') checkSkyMaps(file, v);
    if (k === 'reruns') checkReruns(file, v);
    out[k] = v;
  }
  return out as ConversionConfigOverrides;
}

function checkSkyMaps(file: string, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(file, 'skyMaps must map Gen3 skymap names to {tractMax, patchNx, patchNy, tracts?, sha1?, coadds?}');
  for (const [name, c] of Object.entries(v)) {
    try {
      skyMapGeometry(name, c as SkyMapConfig);
    } catch (e) {
      throw new ConfigError(file, (e as Error).message, { cause: e });
    }
  }
}

function checkReruns(file: string, v: unknown): void {
  if (!Array.isArray(v)) throw new ConfigError(file, 'reruns must be a list of {path, runName?, chainName?, parents?}');
  v.forEach((r: unknown, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ConfigError(file, `reruns[${i}] must be a mapping {path, runName?, chainName?, parents?}`);
    const e = r as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!['path', 'runName', 'chainName', 'parents'].includes(k)) throw new ConfigError(file, `reruns[${i}]: unknown field ${k} (known: path, runName, chainName, parents)`);
    if (typeof e.path !== 'string' || e.path === '') throw new ConfigError(file, `reruns[${i}].path must be the rerun directory (e.g. rerun/ci_hsc)`);
    for (const k of ['runName', 'chainName']) if (e[k] !== undefined && (typeof e[k] !== 'string' || e[k] === '')) throw new ConfigError(file, `reruns[${i}].${k} must be a collection name`);
    if (e.parents !== undefined && (!Array.isArray(e.parents) || e.parents.some((p) => typeof p !== 'string' || p === ''))) throw new ConfigError(file, `reruns[${i}].parents must be a list of collection names`);
  });
}
