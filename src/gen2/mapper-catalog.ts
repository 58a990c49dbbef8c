/**
 * Gen2 facts about each known CameraMapper subclass: where its policy lives, which registry columns
 * its calibration lookups use, and how it finds its calibration root. Only Gen2 knowledge lives here
 * (the Gen3 instrument bindings belong to `converters/`).
 *
 * Sources: the mapper classes of obs_subaru, obs_decam, obs_cfht, obs_lsstSim, obs_test and obs_lsst at
 * their last Gen2 commits (gen2-format.md §0, §1.2, §1.6, §2.4, §3.1).
 */

/** Gen2 facts about one mapper class. */
export interface MapperEntry {
  /** Final class name, the normalisation key: `HscMapper`. */
  readonly className: string;
  /** The canonical dotted name (the package re-export where one exists): `lsst.obs.hsc.HscMapper`. */
  readonly dottedName: string;
  /** Other dotted names seen in real `_mapper` files / `repositoryCfg.yaml` for the same class. */
  readonly aliases: readonly string[];
  /** The package whose `policy/` directory holds the policy files: `obs_subaru`. */
  readonly packageName: string;
  /**
   * Policy files relative to `<packageName>/policy/`, in load order. When there are several (obs_lsst),
   * the first occurrence of every key wins.
   */
  readonly policyFiles: readonly string[];
  /** Whether obs_base's `exposures.yaml` / `datasets.yaml` are merged under the camera sections. */
  readonly obsBaseDefaults: boolean;
  /**
   * The raw-registry column holding the observation time used for calibration lookups when the
   * policy entry gives no `obsTimeName` (a calibration entry's own `obsTimeName` takes precedence).
   */
  readonly obsTimeColumn: string;
  /** The data-ID key naming a detector: `ccd` (HSC, CFHT, obs_test), `ccdnum` (DECam), `detector` (LSST). */
  readonly detectorKey: string;
  /**
   * All data-ID keys that together identify a detector, `detectorKey` last (`['raft', 'sensor']` for
   * lsstSim, whose sensors are only unique within a raft; `[detectorKey]` otherwise).
   */
  readonly detectorKeys: readonly string[];
  /**
   * Whether the mapper looks for `<root>/CALIB` (then parents' `CALIB`) when no `calibRoot` is given
   * (HSC and the obs_lsst family; not DECam, CFHT, lsstSim or obs_test — gen2-format §1.6).
   */
  readonly searchesCalibDir: boolean;
  /**
   * The mapping that serves the `raw` dataset type: `_raw` for obs_lsst (whose `raw` is a composite
   * and whose mapper aliases `raw` to `_raw`), `raw` otherwise.
   */
  readonly rawMapping: string;
  /** Which code base the class comes from: a real obs package, or this project's demo instrument. */
  readonly origin: 'lsst' | 'gen2to3';
}

type EntrySpec = Omit<MapperEntry, 'aliases' | 'detectorKeys' | 'rawMapping' | 'origin'> &
  Partial<Pick<MapperEntry, 'aliases' | 'detectorKeys' | 'rawMapping' | 'origin'>>;

function entry(spec: EntrySpec): MapperEntry {
  return Object.freeze({
    ...spec,
    aliases: Object.freeze([...(spec.aliases ?? [])]),
    policyFiles: Object.freeze([...spec.policyFiles]),
    detectorKeys: Object.freeze([...(spec.detectorKeys ?? [spec.detectorKey])]),
    rawMapping: spec.rawMapping ?? 'raw',
    origin: spec.origin ?? 'lsst',
  });
}

const LSST_CAM_YAML = 'lsstCamMapper.yaml';

/** obs_lsst family: `dateObs` obs time, `detector` key, CALIB search, `raw` served by `_raw`. */
function obsLsst(className: string, module: string, extraPolicy: string | undefined, extra: Partial<EntrySpec> = {}): MapperEntry {
  return entry({
    className,
    dottedName: `lsst.obs.lsst.${module}.${className}`,
    packageName: 'obs_lsst',
    policyFiles: extraPolicy === undefined ? [LSST_CAM_YAML] : [extraPolicy, LSST_CAM_YAML],
    obsBaseDefaults: true,
    obsTimeColumn: 'dateObs',
    detectorKey: 'detector',
    searchesCalibDir: true,
    rawMapping: '_raw',
    ...extra,
  });
}

/** Every mapper class gen2to3 knows, in a stable order. */
export const MAPPER_CATALOG: readonly MapperEntry[] = Object.freeze([
  entry({
    className: 'HscMapper',
    dottedName: 'lsst.obs.hsc.HscMapper',
    aliases: ['lsst.obs.hsc.hscMapper.HscMapper'],
    packageName: 'obs_subaru',
    policyFiles: ['HscMapper.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'taiObs',
    detectorKey: 'ccd',
    searchesCalibDir: true,
  }),
  entry({
    className: 'DecamMapper',
    dottedName: 'lsst.obs.decam.DecamMapper',
    aliases: ['lsst.obs.decam.decamMapper.DecamMapper'],
    packageName: 'obs_decam',
    policyFiles: ['DecamMapper.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'date',
    detectorKey: 'ccdnum',
    searchesCalibDir: false,
  }),
  entry({
    className: 'MegacamMapper',
    dottedName: 'lsst.obs.cfht.MegacamMapper',
    aliases: ['lsst.obs.cfht.megacamMapper.MegacamMapper'],
    packageName: 'obs_cfht',
    policyFiles: ['MegacamMapper.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'taiObs',
    detectorKey: 'ccd',
    searchesCalibDir: false,
  }),
  entry({
    className: 'LsstSimMapper',
    dottedName: 'lsst.obs.lsstSim.LsstSimMapper',
    aliases: ['lsst.obs.lsstSim.lsstSimMapper.LsstSimMapper'],
    packageName: 'obs_lsstSim',
    policyFiles: ['LsstSimMapper.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'taiObs',
    detectorKey: 'sensor',
    detectorKeys: ['raft', 'sensor'],
    searchesCalibDir: false,
  }),
  entry({
    className: 'TestMapper',
    dottedName: 'lsst.obs.test.TestMapper',
    aliases: ['lsst.obs.test.testMapper.TestMapper'],
    packageName: 'obs_test',
    policyFiles: ['testMapper.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'taiObs',
    detectorKey: 'ccd',
    searchesCalibDir: false,
  }),
  entry({
    // obs_test's fixture mapper for data/calexpMetadataObjectsTest (a plain-string `_mapper` in its cfg).
    className: 'MapperForTestCalexpMetadataObjects',
    dottedName: 'lsst.obs.test.MapperForTestCalexpMetadataObjects',
    aliases: ['lsst.obs.test.testMapper.MapperForTestCalexpMetadataObjects'],
    packageName: 'obs_test',
    policyFiles: ['testCalexpMetadataObjects.yaml'],
    obsBaseDefaults: true,
    obsTimeColumn: 'taiObs',
    detectorKey: 'ccd',
    searchesCalibDir: false,
  }),
  obsLsst('LsstCamMapper', 'lsstCamMapper', undefined, { dottedName: 'lsst.obs.lsst.LsstCamMapper', aliases: ['lsst.obs.lsst.lsstCamMapper.LsstCamMapper'] }),
  obsLsst('LatissMapper', 'latiss', 'latiss/latissMapper.yaml', { obsTimeColumn: 'dayObs' }),
  obsLsst('ImsimMapper', 'imsim', 'imsim/imsimMapper.yaml'),
  obsLsst('PhosimMapper', 'phosim', 'imsim/imsimMapper.yaml'),
  obsLsst('LsstComCamMapper', 'comCam', undefined),
  obsLsst('Ts3Mapper', 'ts3', 'ts3/ts3Mapper.yaml'),
  obsLsst('Ts8Mapper', 'ts8', 'ts8/ts8Mapper.yaml'),
  obsLsst('UcdMapper', 'ucd', 'ucd/ucdMapper.yaml'),
  entry({
    className: 'DemoMapper',
    dottedName: 'gen2to3.demo.DemoMapper',
    packageName: 'gen2to3_demo',
    policyFiles: ['DemoMapper.yaml'],
    obsBaseDefaults: false,
    obsTimeColumn: 'taiObs',
    detectorKey: 'ccd',
    searchesCalibDir: true,
    origin: 'gen2to3',
  }),
]);

const BY_CLASS: ReadonlyMap<string, MapperEntry> = new Map(MAPPER_CATALOG.map((e) => [e.className, e]));

/**
 * The final class name of a dotted mapper name: `lsst.obs.hsc.hscMapper.HscMapper` → `HscMapper`.
 * Leading/trailing whitespace is ignored.
 *
 * @returns the class name, or undefined when `dotted` has fewer than two dot-separated components or an
 *   empty component (Gen2's "Unqualified mapper name").
 */
export function mapperClassName(dotted: string): string | undefined {
  const parts = dotted.trim().split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  return parts[parts.length - 1];
}

/**
 * Looks a mapper up by its dotted name, normalised by the final class name, so that
 * `lsst.obs.hsc.HscMapper` and `lsst.obs.hsc.hscMapper.HscMapper` give the same entry.
 *
 * @param dotted - the `_mapper` line or the `_mapper` value of a `repositoryCfg.yaml`.
 * @returns the entry, or undefined for an unknown or unqualified name (callers report it with
 *   `UnknownMapperError`).
 */
export function lookupMapper(dotted: string): MapperEntry | undefined {
  const cls = mapperClassName(dotted);
  return cls === undefined ? undefined : BY_CLASS.get(cls);
}

/** Looks a mapper up by its bare class name (`HscMapper`). */
export function lookupMapperClass(className: string): MapperEntry | undefined {
  return BY_CLASS.get(className);
}

/** True when both dotted names denote the same mapper class (same final class name). */
export function sameMapper(a: string, b: string): boolean {
  const ca = mapperClassName(a);
  return ca !== undefined && ca === mapperClassName(b);
}
