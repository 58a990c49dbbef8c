/**
 * Loading a mapper policy exactly as CameraMapper assembled it (gen2-format.md §3.1):
 *
 * 1. camera policy file(s) of the mapper; with several (obs_lsst), the first occurrence of a key wins;
 * 2. the repository's `_policy` applied with update (repository wins);
 * 3. for each section present, obs_base `policy/<section>.yaml` (only `exposures` and `datasets` exist)
 *    merged under the camera section (camera wins, recursively per key);
 * 4. each entry completed with its section's defaults (images/exposures `{storage: FitsStorage}`;
 *    calibrations `{storage: FitsStorage, obsTimeName: taiObs, validStartName: validStart,
 *    validEndName: validEnd, filter: false}`; datasets `{}`).
 */
import { InternalError } from '../../errors.js';
import { PolicyError } from '../errors.js';
import type { MapperEntry } from '../mapper-catalog.js';
import { POLICY_SECTIONS, type CompositeComponent, type DatasetMapping, type MapperPolicy, type PolicySection } from './mapper-policy.js';
import { checkSection, isStringOrStringList, raiseIssues, validatePolicyDocument } from './policy-check.js';
import { deepCopy, isPlainMap, policyMerge, policyUpdate, setOwn, type PlainMap } from './policy-merge.js';
import { readPolicyYaml } from './policy-yaml.js';
import { locatePolicyFile } from './search-path.js';

/** Options of {@link loadMapperPolicy}. */
export interface LoadMapperPolicyOptions {
  /** The mapper whose policy is loaded (from `lookupMapper`). */
  mapper: MapperEntry;
  /** Directories searched for `<pkg>/policy/<file>` (see `resolvePolicySearchPath`). */
  searchPath: readonly string[];
  /**
   * The repository's policy override: the `data` mapping of `_policy` in `repositoryCfg.yaml`
   * (`null`/`undefined` = none).
   */
  repoPolicy?: unknown;
  /** Where `repoPolicy` came from (the `repositoryCfg.yaml` path), used in messages and `files`. */
  source?: string;
}

/** The obs_base section files that exist (there is no `images.yaml` or `calibrations.yaml`). */
const OBS_BASE_SECTIONS: readonly PolicySection[] = ['exposures', 'datasets'];

/** Per-entry defaults of each section (obs_base `*MappingDefaults.yaml`, built into CameraMapper). */
export const SECTION_DEFAULTS: Readonly<Record<PolicySection, Readonly<PlainMap>>> = Object.freeze({
  images: Object.freeze({ storage: 'FitsStorage' }),
  exposures: Object.freeze({ storage: 'FitsStorage' }),
  calibrations: Object.freeze({ storage: 'FitsStorage', obsTimeName: 'taiObs', validStartName: 'validStart', validEndName: 'validEnd', filter: false }),
  datasets: Object.freeze({}),
});

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** `Policy.asArray`: a string becomes a one-element list. */
function asArray(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isStringOrStringList(value)) return undefined;
  return typeof value === 'string' ? [value] : [...value];
}

/** Drops undefined members so optional properties are absent rather than `undefined`. */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

function normaliseComposite(value: unknown): Record<string, CompositeComponent> | undefined {
  if (!isPlainMap(value)) return undefined;
  const out: Record<string, CompositeComponent> = {};
  for (const [name, comp] of Object.entries(value)) {
    if (!isPlainMap(comp) || typeof comp.datasetType !== 'string') continue; // rejected by validation
    const component: CompositeComponent = compact({
      datasetType: comp.datasetType,
      subset: bool(comp.subset),
      inputOnly: bool(comp.inputOnly),
      setter: str(comp.setter),
      getter: str(comp.getter),
    });
    setOwn(out, name, component);
  }
  return out;
}

/** Normalises one merged entry (already validated and completed with its section defaults). */
export function normaliseDatasetMapping(name: string, section: PolicySection, entry: PlainMap): DatasetMapping {
  const template = str(entry.template);
  return compact<DatasetMapping>({
    name,
    section,
    template: template === '' || template === 'ignored' ? undefined : template,
    storage: str(entry.storage),
    python: str(entry.python),
    persistable: str(entry.persistable),
    level: str(entry.level),
    tables: asArray(entry.tables) ?? [],
    columns: asArray(entry.columns),
    reference: asArray(entry.reference),
    refCols: asArray(entry.refCols),
    validRange: entry.validRange === true,
    obsTimeName: str(entry.obsTimeName),
    validStartName: str(entry.validStartName) ?? 'validStart',
    validEndName: str(entry.validEndName) ?? 'validEnd',
    setFilter: bool(entry.filter),
    composite: 'composite' in entry ? normaliseComposite(entry.composite) : undefined,
    assembler: str(entry.assembler),
    disassembler: str(entry.disassembler),
    inputOnly: bool(entry.inputOnly),
    recipe: str(entry.recipe),
    description: str(entry.description),
    raw: entry,
  });
}

function readSectionFile(file: string, warnings: string[]): PlainMap {
  const { data, warnings: w } = readPolicyYaml(file);
  warnings.push(...w);
  if (!isPlainMap(data)) {
    throw new PolicyError(file, `top level: expected a mapping of dataset types, found ${data === undefined ? 'an empty document' : typeof data}`);
  }
  const issues: string[] = [];
  checkSection(data, '', issues);
  raiseIssues(file, issues);
  return data;
}

/**
 * Loads, merges, validates and normalises the policy of a mapper.
 *
 * @example
 * ```ts
 * const policy = loadMapperPolicy({ mapper: lookupMapper('lsst.obs.hsc.HscMapper')!, searchPath: resolvePolicySearchPath(['/opt/lsst/stack']) });
 * policy.datasets.get('calexp')?.template; // '%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits'
 * ```
 * @returns the merged policy; `datasets` in CameraMapper's order.
 * @throws PolicyError when a policy file is not on the search path, is not valid YAML, or has a value of the
 *   wrong type (the message names the file and the key path, e.g. `datasets.calexp.template: expected a
 *   string`), or when a dataset type is defined in two sections.
 */
export function loadMapperPolicy(options: LoadMapperPolicyOptions): MapperPolicy {
  const { mapper, searchPath } = options;
  const files: string[] = [];
  const warnings: string[] = [];

  let merged: PlainMap | undefined;
  for (const rel of mapper.policyFiles) {
    const file = locatePolicyFile(mapper.packageName, rel, searchPath);
    const { data, warnings: w } = readPolicyYaml(file);
    warnings.push(...w);
    const doc = validatePolicyDocument(data, file);
    files.push(file);
    merged = merged === undefined ? deepCopy(doc) : policyMerge(merged, doc);
  }
  if (merged === undefined) throw new InternalError(`mapper ${mapper.className} lists no policy file`);
  const primary = files[0]!;

  if (options.repoPolicy !== undefined && options.repoPolicy !== null) {
    const source = options.source ?? 'repository _policy';
    const repo = validatePolicyDocument(options.repoPolicy, source, '_policy.data');
    merged = policyUpdate(merged, repo);
    if (options.source !== undefined) files.push(options.source);
  }

  const obsBase = new Map<PolicySection, PlainMap>();
  if (mapper.obsBaseDefaults) {
    for (const section of OBS_BASE_SECTIONS) {
      if (!(section in merged)) continue; // CameraMapper only merges sections the camera policy has
      const file = locatePolicyFile('obs_base', `${section}.yaml`, searchPath);
      obsBase.set(section, readSectionFile(file, warnings));
      files.push(file);
    }
  }

  const datasets = new Map<string, DatasetMapping>();
  for (const section of POLICY_SECTIONS) {
    if (!(section in merged)) continue;
    const own = merged[section];
    const under = obsBase.get(section);
    const entries = isPlainMap(own) ? (under ? policyMerge(own, under) : own) : deepCopy(under ?? {});
    const completed: PlainMap = {};
    for (const [name, value] of Object.entries(entries)) {
      if (!isPlainMap(value)) continue; // rejected by validation
      const entry = policyMerge(value, SECTION_DEFAULTS[section]);
      setOwn(completed, name, entry);
      const mapping = normaliseDatasetMapping(name, section, entry);
      const previous = datasets.get(name);
      if (previous !== undefined) {
        throw new PolicyError(primary, `${section}.${name}: dataset type ${JSON.stringify(name)} is also defined in ${previous.section} (Gen2: "Duplicate mapping policy")`);
      }
      datasets.set(name, mapping);
    }
    setOwn(merged, section, completed);
  }

  const levels: Record<string, readonly string[]> = {};
  if (isPlainMap(merged.levels)) {
    for (const [level, keys] of Object.entries(merged.levels)) setOwn(levels, level, asArray(keys) ?? []);
  }
  const defaultSubLevels: Record<string, string> = {};
  if (isPlainMap(merged.defaultSubLevels)) {
    for (const [level, sub] of Object.entries(merged.defaultSubLevels)) if (typeof sub === 'string') setOwn(defaultSubLevels, level, sub);
  }

  return compact<MapperPolicy>({
    mapperClass: mapper.className,
    mapper,
    files,
    needCalibRegistry: merged.needCalibRegistry === true,
    calibRoot: str(merged.calibRoot),
    registryPath: str(merged.registryPath),
    calibRegistryPath: str(merged.calibRegistryPath),
    camera: str(merged.camera),
    levels,
    defaultLevel: str(merged.defaultLevel),
    defaultSubLevels,
    datasets,
    warnings,
    raw: merged,
  });
}
