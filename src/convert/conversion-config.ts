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
