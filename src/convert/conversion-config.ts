import { DEFAULT_STORAGE_CLASS_OVERRIDES } from './storage-classes.js';

/**
 * The subset of obs_base `ConvertRepoConfig` the engine honours (gen3-and-convert §B1.3). Converters
 * override it per instrument; the user's config file is applied last.
 */
export interface ConversionConfig {
  /** Dataset type → RUN for datasets of the root repository (the root has no default run). */
  readonly runs: Readonly<Record<string, string>>;
  /** Like `runs` but also for reruns. Default `{brightObjectMask: 'masks'}`. */
  readonly runsForced: Readonly<Record<string, string>>;
  /** Dataset type, Gen2 python or persistable name → storage class. */
  readonly storageClasses: Readonly<Record<string, string>>;
  /** Dataset type → Gen3 formatter (else the datastore default for the storage class). */
  readonly formatterClasses: Readonly<Record<string, string>>;
  /** Gen3 skymap name of root-repository tract/patch data without a `*Coadd_skyMap`. */
  readonly rootSkyMapName?: string;
  /** Subdirectories of `ref_cats/` to convert. Default none. */
  readonly refCats: readonly string[];
  /** Globs on file names ignored at every level. */
  readonly fileIgnorePatterns: readonly string[];
  /** Globs on dataset type names to convert. Default `['*']`. */
  readonly datasetIncludePatterns: readonly string[];
  /** Globs on dataset type names not to convert (wins over include). */
  readonly datasetIgnorePatterns: readonly string[];
  /** Dataset type → replacement Gen2 template. */
  readonly datasetTemplateOverrides: Readonly<Record<string, string>>;
  /** Gen2 detector key in `calibRegistry` queries. Default `ccd`. */
  readonly ccdKey: string;
  /** Whether to define the `<INSTR>/defaults` umbrella. Default `true`. */
  readonly doMakeUmbrellaCollection: boolean;
  /** Collections appended to the umbrella. */
  readonly extraUmbrellaChildren: readonly string[];
  /**
   * Gen3 skymap name → geometry (obs_base `skyMaps`). The Gen2 `*Coadd_skyMap` pickle cannot be read
   * without Python, so the config carries what the registry records need. Default none.
   */
  readonly skyMaps: Readonly<Record<string, SkyMapConfig>>;
  /** Reruns with explicit names and parents (obs_base `Rerun`); converted with the `--reruns` ones. Default none. */
  readonly reruns: readonly RerunConfig[];
}

/**
 * The geometry of one Gen3 skymap: enough for its `skymap`, `tract` and `patch` records and for
 * Gen2 `"x,y"` patch → index (`y * nx + x`). Regions are not computed (they are nullable).
 */
export interface SkyMapConfig {
  /** Number of tracts (`tract_max`, exclusive maximum tract id). */
  readonly tractMax: number;
  /** Patches along x in every tract (unless `tracts` says otherwise). */
  readonly patchNx: number;
  /** Patches along y in every tract (unless `tracts` says otherwise). */
  readonly patchNy: number;
  /** Per-tract patch grids that differ from `patchNx` × `patchNy` (rings skymaps). */
  readonly tracts?: Readonly<Record<string, { readonly patchNx: number; readonly patchNy: number }>>;
  /** Hex SHA1 of the skymap (`BaseSkyMap.getSha1()`, 40 hex digits); default: SHA1 of this geometry. */
  readonly sha1?: string;
  /** Coadd names (`deep`, `goodSeeing`, `dcr`, `psfMatched`) whose `<coadd>Coadd_skyMap` this is. Default `['deep']`. */
  readonly coadds?: readonly string[];
}

/** One rerun with explicit collection names (obs_base `Rerun(path, runName, chainName, parents)`). */
export interface RerunConfig {
  /** The rerun directory, relative to the root (`rerun/ci_hsc`) or absolute inside it. */
  readonly path: string;
  /** RUN of its datasets; default `<chainName>/direct`, or the guessed name. */
  readonly runName?: string;
  /** CHAINED collection; default guessed from the path unless only `runName` is given (then no chain). */
  readonly chainName?: string;
  /** Collections appended to the chain (a rerun converted in the same call is flattened to its chain). */
  readonly parents?: readonly string[];
}

/** The reference defaults of `ConvertRepoConfig` (final version). */
export const DEFAULT_CONVERSION_CONFIG: ConversionConfig = Object.freeze({
  runs: {},
  runsForced: { brightObjectMask: 'masks' },
  storageClasses: DEFAULT_STORAGE_CLASS_OVERRIDES,
  formatterClasses: {},
  refCats: [],
  fileIgnorePatterns: ['README.txt', '*.*~*', 'butler.yaml', 'gen3.sqlite3', 'registry.sqlite3', 'calibRegistry.sqlite3', '_mapper', '_parent', 'repositoryCfg.yaml'],
  datasetIncludePatterns: ['*'],
  datasetIgnorePatterns: [],
  datasetTemplateOverrides: {},
  ccdKey: 'ccd',
  doMakeUmbrellaCollection: true,
  extraUmbrellaChildren: [],
  skyMaps: {},
  reruns: [],
});

/** A partial config; record fields are merged key by key, list fields appended (like `+=` in the obs packages). */
export type ConversionConfigOverrides = { readonly [K in keyof ConversionConfig]?: ConversionConfig[K] };

/** Applies `overrides` in order over `base`: records merged, lists appended, scalars replaced. */
export function mergeConversionConfig(base: ConversionConfig, ...overrides: readonly (ConversionConfigOverrides | undefined)[]): ConversionConfig {
  let out: ConversionConfig = base;
  for (const o of overrides) {
    if (!o) continue;
    const next: Record<string, unknown> = { ...out };
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      const cur = next[k];
      if (Array.isArray(cur) && Array.isArray(v)) next[k] = [...cur, ...v.filter((x) => !cur.includes(x))];
      else if (cur && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(v)) next[k] = { ...cur, ...v };
      else next[k] = v;
    }
    out = next as unknown as ConversionConfig;
  }
  return out;
}
