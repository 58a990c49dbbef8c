import { existsSync } from 'node:fs';
import path from 'node:path';
import { silentLogger, type Logger } from '../../log/logger.js';
import { resolveCalibRoot, type CalibRoot } from '../calib-root.js';
import { formatDataId, type Gen2DataId } from '../data-id.js';
import { Gen2LookupError, UnknownMapperError } from '../errors.js';
import { lookupMapper, type MapperEntry } from '../mapper-catalog.js';
import { loadMapperPolicy, type DatasetMapping, type MapperPolicy } from '../policy/index.js';
import { Gen2Registry } from '../registry/index.js';
import type { Gen2Row } from '../registry/registry-types.js';
import { Gen2Repository } from '../repository.js';
import { Gen2Template } from '../templates/index.js';
import { BoundedMap } from '../../cache/bounded-map.js';

/** Options of {@link Gen2Butler.open}. */
export interface Gen2ButlerOptions {
  /** Policy search path (`--policy-path` / `GEN2TO3_POLICY_PATH`). */
  policyPath: readonly string[];
  /** `--calibs DIR`: overrides the calibration root the repository records. */
  calibRoot?: string;
  logger?: Logger;
}

/** Where a dataset is, as the Gen2 Butler would find it. */
export interface Gen2Location {
  datasetType: string;
  /** The data ID completed with the keys looked up in the registries. */
  dataId: Gen2DataId;
  /** Absolute path of the file found (after `.gz` / `.fz` fallbacks). */
  path: string;
  /** Path relative to the repository (or calibration root) it was found in. */
  relPath: string;
  /** The repository (or calibration root) it was found in. */
  foundIn: string;
  /** HDU selected by a `[hdu]` template suffix. */
  hdu: number | undefined;
}

const NEVER_QUERIED = new Set(['tract', 'patch']);

/** A dataset type and data ID as a cache key (keys in insertion order: the same keys given in another order only miss the cache). */
function completionKey(datasetType: string, dataId: Gen2DataId): string {
  let key = JSON.stringify(datasetType);
  for (const k in dataId) {
    const v: unknown = dataId[k];
    key += `,${JSON.stringify(k)}:${typeof v === 'string' ? JSON.stringify(v) : `${typeof v}:${String(v)}`}`;
  }
  return key;
}
const RAW_VISIT_FAST_PATH = new Set(['filter', 'expTime', 'taiObs']);
/** Most completed data IDs kept (emptied when full): a conversion of millions of files stays bounded. */
const COMPLETED_LIMIT = 100_000;

/**
 * The Gen2 Butler's read side, reimplemented: resolves data IDs against the registries and finds files through
 * the mapper templates exactly as daf_persistence + CameraMapper did (gen2-format §1.7, §2.4).
 */
export class Gen2Butler {
  readonly #registries = new Map<string, Gen2Registry>();
  readonly #templates = new Map<string, Gen2Template>();
  /** Completed data IDs by dataset type and data ID: the registries do not change while the butler is open. */
  readonly #completed = new BoundedMap<string, Readonly<Gen2DataId>>(COMPLETED_LIMIT);
  /** Roots searched for non-calibration files, in Gen2 read order (the parent chain is fixed once opened). */
  #searchRoots: readonly string[] | undefined;

  private constructor(
    readonly repository: Gen2Repository,
    readonly mapper: MapperEntry,
    readonly policy: MapperPolicy,
    readonly calib: CalibRoot,
    readonly logger: Logger,
  ) {}

  /**
   * Opens the repository at `root` with its mapper policy and calibration root.
   * @throws Gen2RepositoryError for a malformed repository; UnknownMapperError when the mapper is not one
   * gen2to3 knows; PolicyError when its policy cannot be found or read.
   */
  static async open(root: string, options: Gen2ButlerOptions): Promise<Gen2Butler> {
    const logger = options.logger ?? silentLogger;
    const repository = await Gen2Repository.open(root, { logger });
    const source = repository.mapper;
    const mapper = lookupMapper(source.dotted);
    if (!mapper) throw new UnknownMapperError(source.file, source.dotted, 'no mapper policy is known for this class');
    const policySource = repository.searchOrder().find((r) => r.cfg?.policy)?.cfg?.file;
    const policy = loadMapperPolicy({ mapper, searchPath: options.policyPath, repoPolicy: repository.policyOverride, ...(policySource ? { source: policySource } : {}) });
    const calib = resolveCalibRoot(repository, {
      ...(options.calibRoot ? { explicit: options.calibRoot } : {}),
      ...(policy.calibRoot ? { policyCalibRoot: policy.calibRoot } : {}),
      ...(policy.calibRegistryPath ? { calibRegistryPath: policy.calibRegistryPath } : {}),
      searchesCalibDir: mapper.searchesCalibDir,
    });
    return new Gen2Butler(repository, mapper, policy, calib, logger);
  }

  /** Closes the registries this butler opened. */
  close(): void {
    for (const r of this.#registries.values()) r.close();
    this.#registries.clear();
    this.#completed.clear();
  }

  /** The policy mapping that serves `datasetType` (`raw` is served by `_raw` in obs_lsst). */
  mapping(datasetType: string): DatasetMapping {
    const name = datasetType === 'raw' ? this.mapper.rawMapping : datasetType;
    const mapping = this.policy.datasets.get(name) ?? this.policy.datasets.get(datasetType);
    if (!mapping) throw new Gen2LookupError(`unknown dataset type ${datasetType} for ${this.mapper.className}`);
    return mapping;
  }

  /** The parsed template of a dataset type. @throws Gen2LookupError when it has no file template. */
  template(datasetType: string): Gen2Template {
    const mapping = this.mapping(datasetType);
    if (!mapping.template) throw new Gen2LookupError(`${datasetType} has no file template in the ${this.mapper.className} policy`);
    let t = this.#templates.get(mapping.template);
    if (!t) this.#templates.set(mapping.template, (t = Gen2Template.parse(mapping.template)));
    return t;
  }

  /** The raw registry (`registry.sqlite3` of the repository or its first parent that has one). */
  rawRegistry(): Gen2Registry {
    const file = this.repository.registry;
    if (!file) throw new Gen2LookupError(`${this.repository.root}: no registry.sqlite3 in the repository or its parents`);
    return this.#registry(file);
  }

  /** The calibration registry (`calibRegistry.sqlite3` of the calibration root). */
  calibRegistry(): Gen2Registry {
    if (!this.calib.registry) throw new Gen2LookupError(`${this.calib.root}: no calibRegistry.sqlite3 in the calibration root`);
    return this.#registry(this.calib.registry);
  }

  #registry(file: string): Gen2Registry {
    let r = this.#registries.get(file);
    if (!r) this.#registries.set(file, (r = Gen2Registry.open(file, { logger: this.logger, cacheResults: true })));
    return r;
  }

  /**
   * Completes `dataId` with the keys `datasetType`'s template needs, from the registries (`Mapping.need`).
   * @throws Gen2LookupError when a lookup finds no row or more than one.
   */
  completeDataId(datasetType: string, dataId: Gen2DataId): Gen2DataId {
    const key = completionKey(datasetType, dataId);
    const known = this.#completed.get(key);
    if (known) return { ...known };
    const mapping = this.mapping(datasetType);
    const id: Gen2DataId = { ...dataId };
    const missing = [...this.template(datasetType).keys.keys()].filter((k) => !(k in id));
    if (missing.length === 0) return id;
    if (mapping.section === 'calibrations') this.#calibLookup(datasetType, mapping, id, missing);
    else this.#lookup(datasetType, mapping, id, missing);
    this.#completed.set(key, { ...id });
    return id;
  }

  /**
   * Finds the file of a dataset: completes the data ID, formats the template, and searches the repositories in
   * Gen2 read order (calibrations: the calibration root) for the path, then `path.gz`, then `path.fz`.
   * @throws Gen2LookupError when the data ID cannot be completed or no file exists.
   */
  locate(datasetType: string, dataId: Gen2DataId): Gen2Location {
    const mapping = this.mapping(datasetType);
    const id = this.completeDataId(datasetType, dataId);
    const { path: rel, hdu } = this.template(datasetType).formatWithHdu(id);
    const bases = mapping.section === 'calibrations' ? [this.calib.root] : (this.#searchRoots ??= this.repository.searchOrder().map((r) => r.root));
    const candidates = rel.endsWith('.gz') || rel.endsWith('.fz') ? [rel] : [rel, `${rel}.gz`, `${rel}.fz`];
    for (const base of bases) {
      for (const candidate of candidates) {
        const file = path.join(base, candidate);
        if (existsSync(file)) return { datasetType, dataId: id, path: file, relPath: candidate, foundIn: base, hdu };
      }
    }
    throw new Gen2LookupError(`no file for ${datasetType} {${formatDataId(id)}}: looked for ${rel} in ${bases.join(', ')}`);
  }

  #one(datasetType: string, rows: Gen2Row[], id: Gen2DataId, what: string): Gen2Row {
    if (rows.length === 1) return rows[0]!;
    const reason = rows.length === 0 ? 'no registry row matches' : `${rows.length} registry rows match (${rows.map((r) => JSON.stringify(r)).join(', ')})`;
    throw new Gen2LookupError(`cannot look up ${what} for ${datasetType} {${formatDataId(id)}}: ${reason}`);
  }

  #assign(id: Gen2DataId, row: Gen2Row): void {
    for (const [k, v] of Object.entries(row)) if (v !== null) id[k] = v;
  }

  /** `Mapping.lookup` for non-calibration datasets. */
  #lookup(datasetType: string, mapping: DatasetMapping, id: Gen2DataId, missing: string[]): void {
    if (mapping.tables.length === 0) throw new Gen2LookupError(`cannot look up ${missing.join(', ')} for ${datasetType}: its policy names no registry tables`);
    const registry = this.rawRegistry();
    if ('visit' in id && mapping.tables.includes('raw') && missing.every((k) => RAW_VISIT_FAST_PATH.has(k)) && registry.hasTable('raw_visit')) {
      this.#assign(id, this.#one(datasetType, registry.queryDistinct({ tables: ['raw_visit'], select: missing, where: { visit: id.visit! } }), id, missing.join(', ')));
      return;
    }
    const where: Gen2DataId = {};
    for (const [k, v] of Object.entries(id)) {
      if (NEVER_QUERIED.has(k) || k === mapping.obsTimeName) continue;
      if (mapping.columns && !mapping.columns.includes(k)) continue;
      if (mapping.tables.some((t) => registry.hasColumn(t, k))) where[k] = v;
    }
    this.#assign(id, this.#one(datasetType, registry.queryDistinct({ tables: mapping.tables, select: missing, where }), id, missing.join(', ')));
  }

  /** `CalibrationMapping.lookup`: reference columns from the raw registry, then the calib table with the validity range. */
  #calibLookup(datasetType: string, mapping: DatasetMapping, id: Gen2DataId, missing: string[]): void {
    const obsTime = mapping.obsTimeName ?? this.mapper.obsTimeColumn;
    const columns = mapping.columns ?? [];
    if (mapping.reference?.length && mapping.refCols?.length) {
      const refWhere: Gen2DataId = {};
      for (const k of mapping.refCols) if (k in id) refWhere[k] = id[k]!;
      const want = columns.filter((c) => !(c in id));
      if (want.length > 0 && Object.keys(refWhere).length > 0) {
        const raw = this.rawRegistry();
        this.#assign(id, this.#one(datasetType, raw.queryDistinct({ tables: mapping.reference, select: want, where: refWhere }), id, want.join(', ')));
      }
    }
    const registry = this.calibRegistry();
    const where: Gen2DataId = {};
    for (const k of columns) if (k !== obsTime && k in id && mapping.tables.some((t) => registry.hasColumn(t, k))) where[k] = id[k]!;
    const select = missing.filter((k) => !(k in id));
    if (select.length === 0) return;
    let range;
    if (mapping.validRange) {
      const value = id[obsTime];
      if (value === undefined) throw new Gen2LookupError(`cannot look up ${datasetType} {${formatDataId(id)}}: no ${obsTime} to select a validity range`);
      range = { value, startColumn: mapping.validStartName, endColumn: mapping.validEndName };
    }
    const rows = registry.queryDistinct({ tables: mapping.tables, select, where, ...(range ? { range } : {}) });
    this.#assign(id, this.#one(datasetType, rows, id, select.join(', ')));
  }
}
