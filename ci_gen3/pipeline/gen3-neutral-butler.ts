/**
 * The Gen3 implementation of {@link NeutralButler}: find-first lookups over the input collections
 * (raws in `<INSTR>/raw/all`, calibrations in `<INSTR>/calib` valid over the exposure's timespan),
 * outputs put into one RUN at the paths daf_butler's default file templates give, with datastore
 * file records, and a CHAINED output collection `[run, ...inputs]` as `pipetask run -o` makes.
 * Dataset types are registered on first put with the dimensions and storage classes the demo
 * converter declares. Data IDs use Gen3 dimensions (`instrument`, `exposure`/`visit`, `detector`);
 * `exposure` and `visit` are related through `visit_definition` (or, without it, equal ids).
 */
import path from 'node:path';
import { FitsHeader } from '../../src/fits/header.js';
import { conformerFromUniverse, DEFAULT_FILE_TEMPLATES, FileTemplates, fileUriToPath, NULL_COMPONENT, type TemplateRecord } from '../../src/gen3/datastore/index.js';
import { makeDatasetId } from '../../src/gen3/ids/dataset-id-factory.js';
import type { DatasetTypeRecord } from '../../src/gen3/registry/dataset-types.js';
import type { DatasetRef } from '../../src/gen3/registry/dataset-ref.js';
import { Registry } from '../../src/gen3/registry/registry.js';
import { openRepository, type Repository } from '../../src/gen3/repo/index.js';
import type { Timespan } from '../../src/gen3/time/index.js';
import { DEFAULT_FORMATTERS } from '../../src/convert/formatters.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { writeDatasetFile } from './atomic-write.js';
import { readDatasetFile } from './read-dataset-file.js';
import { timeTask } from './task-clock.js';
import { PipelineDatasetNotFoundError, PipelineError } from './errors.js';
import { neutralDataIdKey, type DatasetContent, type LookupOptions, type NeutralButler, type NeutralDataId, type ObservationInfo, type StoredDataset } from './neutral-butler.js';
import { pipelineDatasetType, type PipelineDatasetType } from './pipeline-datasets.js';
import { withProvenance } from './provenance.js';

/** Options of {@link Gen3NeutralButler.open}. */
export interface Gen3NeutralButlerOptions {
  /** Gen3 repository root (with `butler.yaml`). */
  readonly repo: string;
  readonly instrument: string;
  /** Input collections in search order, e.g. `['DemoCam/raw/all', 'DemoCam/calib']` or `['DemoCam/defaults']`. */
  readonly inputs: readonly string[];
  /** Output RUN collection. */
  readonly outputRun: string;
  /** Output CHAINED collection (`[outputRun, ...inputs]`); none when omitted. */
  readonly outputChain?: string;
  /**
   * SQLite: commit the registry transactions of this session without waiting for fsync
   * (`PRAGMA synchronous = OFF` on this connection). Durable across a killed process, not across a
   * machine crash; right for the harness's scratch repository. Default `true`; ignored for PostgreSQL.
   */
  readonly fastCommits?: boolean;
  readonly logger?: Logger;
}

/** A data ID with every value the pipeline needs, and the records behind it. */
interface Expanded {
  readonly values: Record<string, string | number>;
  readonly records: Record<string, TemplateRecord>;
  readonly timespan?: Timespan;
}

const EXTENSIONS: Readonly<Record<string, string>> = { fits: '.fits', config: '.py' };

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** {@link templateRecord} results by record (records are memoised per butler and never modified). */
const templateRecords = new WeakMap<Record<string, unknown>, TemplateRecord>();

function templateRecord(row: Record<string, unknown>): TemplateRecord {
  const known = templateRecords.get(row);
  if (known) return known;
  const out: Record<string, string | number | bigint | null> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  templateRecords.set(row, out);
  return out;
}

/** An output whose file is written and whose registry entries wait for the end of its unit of work. */
interface PendingPut {
  readonly type: PipelineDatasetType;
  readonly required: Record<string, string | number>;
  readonly id: string;
  readonly rel: string;
  readonly size: number;
}

/** Cache key of a dataset: its type and required data ID values (numbers and numeric strings alike). */
function refKey(datasetType: string, required: Readonly<Record<string, unknown>>): string {
  const parts = Object.keys(required)
    .sort()
    .map((k) => {
      const v = required[k];
      return `${k}=${String(toNumber(v) ?? v)}`;
    });
  return `${datasetType}|${parts.join(',')}`;
}

/** Reads Gen3 inputs through the registry and datastore records; writes outputs into a RUN. */
export class Gen3NeutralButler implements NeutralButler {
  readonly side = 'gen3' as const;
  readonly #cache = new Map<string, Promise<unknown>>();
  readonly #templates: FileTemplates;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #datasetTypes = new Map<string, DatasetTypeRecord>();
  readonly #registered = new Set<string>();
  readonly #closures = new Map<string, { readonly required: readonly string[]; readonly implied: readonly string[] }>();
  /** `queryVisit` listings by dataset type, dropped when this butler puts a dataset of that type. */
  readonly #listings = new Map<string, Promise<DatasetRef[]>>();
  /**
   * Outputs this butler put, by {@link refKey}: a find-first over `[outputRun, ...inputs]` finds them in
   * the output RUN first, so the lookup needs no query.
   */
  readonly #put = new Map<string, { id: string; run: string }>();
  /** Find-first listings of non-calibration input types over the input collections, by {@link refKey} (the inputs do not change while the butler is open). */
  readonly #inputIndex = new Map<string, Promise<Map<string, { id: string; run: string }>>>();
  /** Datastore file of a dataset ID (records are written once per dataset and never moved by the pipeline). */
  readonly #files = new Map<string, string>();
  /** {@link Gen3NeutralButler.deferCommits}: finished units' puts, recorded by {@link Gen3NeutralButler.flush}. */
  #deferred: PendingPut[] | undefined;

  private constructor(
    readonly repo: Repository,
    readonly registry: Registry,
    readonly options: Gen3NeutralButlerOptions,
    readonly logger: Logger,
  ) {
    this.#templates = new FileTemplates(DEFAULT_FILE_TEMPLATES, conformerFromUniverse(repo.universe));
  }

  get outputName(): string {
    return this.options.outputRun;
  }

  /**
   * Opens the repository, checks the input collections exist, and registers the output RUN and chain.
   * @throws PipelineError for a missing input collection; repository errors from src/gen3.
   */
  static async open(options: Gen3NeutralButlerOptions): Promise<Gen3NeutralButler> {
    const logger = options.logger ?? silentLogger;
    const repo = await openRepository(options.repo, { logger });
    try {
      const registry = Registry.of(repo);
      for (const c of options.inputs) if (!(await registry.findCollection(c))) throw new PipelineError(`${repo.root}: input collection ${c} does not exist`);
      await registry.registerRun(options.outputRun);
      if (options.outputChain) {
        await registry.registerCollection(options.outputChain, 'CHAINED');
        const want = [options.outputRun, ...options.inputs.filter((c) => c !== options.outputRun)];
        const have = await registry.getCollectionChain(options.outputChain);
        if (have.join('\n') !== want.join('\n')) await registry.setCollectionChain(options.outputChain, want);
      }
      if (repo.db.dialect === 'sqlite' && options.fastCommits !== false) {
        // Each put is one registry transaction; with the default synchronous=FULL every commit waits for
        // fsync (~10–16 ms, most of the Gen3 steps' time). OFF for this connection only (not stored in
        // the file): a committed put survives the harness process being killed (the OS has the pages,
        // so resumed units find their outputs); only a machine crash may lose or damage this scratch repository.
        await repo.db.knex.raw('PRAGMA synchronous = OFF');
      }
      return new Gen3NeutralButler(repo, registry, options, logger);
    } catch (err) {
      await repo.close();
      throw err;
    }
  }

  /** Serialises registry writes of concurrent units. */
  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.#cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.#cache.set(key, p);
      p.catch(() => this.#cache.delete(key));
    }
    return p;
  }

  #type(name: string): PipelineDatasetType {
    const t = pipelineDatasetType(name);
    if (!t) throw new PipelineError(`unknown pipeline dataset type ${name}`);
    return t;
  }

  async #record(element: string, where: Record<string, string | number>): Promise<Record<string, unknown> | undefined> {
    return this.#memo(`rec:${element}:${JSON.stringify(where)}`, async () => {
      const instrument = where.instrument;
      if (instrument === undefined) return (await this.registry.queryDimensionRecords(element, where))[0];
      // One listing of the element's records per instrument instead of one query per data ID, indexed
      // by the keys asked for (the first record wins, as a scan of the listing would find).
      const keys = Object.keys(where).sort();
      const index = await this.#memo(`records-by:${element}:${instrument}:${keys.join(',')}`, async () => {
        const rows = await this.registry.queryDimensionRecords(element, { instrument });
        // The element's own dimension is its key column (`id`, `name`), as the registry query maps it.
        const columns = keys.map((d) => (d === element ? (this.repo.universe.element(element).keys[0]?.name ?? d) : d));
        const byKey = new Map<string, Record<string, unknown>>();
        for (const r of rows) {
          const key = columns.map((c) => String(toNumber(r[c]) ?? r[c])).join('\0');
          if (!byKey.has(key)) byKey.set(key, r);
        }
        return byKey;
      });
      return index.get(keys.map((k) => String(where[k])).join('\0'));
    });
  }

  /** Every `visit_definition` row of an instrument, listed once (dimension records do not change while the pipeline runs). */
  #visitDefinitions(instrument: string): Promise<Record<string, unknown>[]> {
    return this.#memo(`visit_definition:${instrument}`, () => this.registry.queryDimensionRecords('visit_definition', { instrument }));
  }

  /** The visits of each exposure in the `visit_definition` rows of an instrument (built once). */
  #visitsByExposure(instrument: string): Promise<Map<number | undefined, number[]>> {
    return this.#memo(`visits-by-exposure:${instrument}`, async () => {
      const index = new Map<number | undefined, number[]>();
      for (const d of await this.#visitDefinitions(instrument)) {
        const visit = toNumber(d.visit);
        if (visit === undefined) continue;
        const exposure = toNumber(d.exposure);
        const list = index.get(exposure);
        if (!list) index.set(exposure, [visit]);
        else if (!list.includes(visit)) list.push(visit);
      }
      return index;
    });
  }

  async #visitOfExposure(instrument: string, exposure: number): Promise<number> {
    const visits = (await this.#visitsByExposure(instrument)).get(exposure) ?? [];
    if (visits.length === 1) return visits[0]!;
    if (visits.length > 1) throw new PipelineError(`exposure ${exposure} belongs to ${visits.length} visits (${visits.join(', ')})`);
    if (await this.#record('visit', { instrument, visit: exposure })) return exposure;
    throw new PipelineError(`exposure ${exposure} of ${instrument} has no visit (no visit_definition row, no visit with its id)`);
  }

  async #exposureOfVisit(instrument: string, visit: number): Promise<number> {
    const defs = (await this.#visitDefinitions(instrument)).filter((d) => toNumber(d.visit) === visit);
    const exposures = [...new Set(defs.map((d) => toNumber(d.exposure)))].filter((v): v is number => v !== undefined);
    if (exposures.length === 1) return exposures[0]!;
    if (exposures.length > 1) throw new PipelineError(`visit ${visit} has ${exposures.length} exposures; the reference pipeline handles one-exposure visits`);
    if (await this.#record('exposure', { instrument, exposure: visit })) return visit;
    throw new PipelineError(`visit ${visit} of ${instrument} has no exposure`);
  }

  /** Completes a data ID with exposure/visit, filter, band, day_obs and the exposure timespan. */
  async #expand(dataId: NeutralDataId): Promise<Expanded> {
    return this.#memo(`exp:${neutralDataIdKey(dataId)}`, async () => {
      const instrument = String(dataId.instrument ?? this.options.instrument);
      const values: Record<string, string | number> = { ...dataId, instrument };
      const records: Record<string, TemplateRecord> = {};
      let exposure = toNumber(dataId.exposure);
      let visit = toNumber(dataId.visit);
      if (exposure === undefined && visit !== undefined) exposure = await this.#exposureOfVisit(instrument, visit);
      if (visit === undefined && exposure !== undefined) visit = await this.#visitOfExposure(instrument, exposure);
      let timespan: Timespan | undefined;
      let filter = typeof dataId.physical_filter === 'string' ? dataId.physical_filter : undefined;
      let dayObs: number | undefined;
      if (exposure !== undefined) {
        values.exposure = exposure;
        const rec = await this.#record('exposure', { instrument, exposure });
        if (!rec) throw new PipelineError(`no exposure record ${exposure} of ${instrument}`);
        records.exposure = templateRecord(rec);
        timespan = rec.timespan as Timespan | undefined;
        filter ??= typeof rec.physical_filter === 'string' ? rec.physical_filter : undefined;
        dayObs = toNumber(rec.day_obs);
        if (typeof rec.group === 'string') values.group = rec.group;
      }
      if (visit !== undefined) {
        values.visit = visit;
        const rec = await this.#record('visit', { instrument, visit });
        if (rec) {
          records.visit = templateRecord(rec);
          filter ??= typeof rec.physical_filter === 'string' ? rec.physical_filter : undefined;
          dayObs ??= toNumber(rec.day_obs);
          timespan ??= rec.timespan as Timespan | undefined;
        }
      }
      if (filter !== undefined) {
        values.physical_filter = filter;
        const rec = await this.#record('physical_filter', { instrument, physical_filter: filter });
        if (rec && typeof rec.band === 'string') values.band = rec.band;
      }
      if (dayObs !== undefined) values.day_obs = dayObs;
      const detector = toNumber(dataId.detector);
      if (detector !== undefined) {
        values.detector = detector;
        const rec = await this.#record('detector', { instrument, detector });
        if (rec) records.detector = templateRecord(rec);
      }
      return { values, records, ...(timespan && typeof timespan === 'object' ? { timespan } : {}) };
    });
  }

  /** The universe's closure of `dimensions` (memoised: dataset types repeat). */
  #closure(dimensions: readonly string[]): { readonly required: readonly string[]; readonly implied: readonly string[] } {
    const key = dimensions.join(',');
    let closure = this.#closures.get(key);
    if (!closure) {
      closure = this.repo.universe.closure(dimensions);
      this.#closures.set(key, closure);
    }
    return closure;
  }

  /** The data ID of `t` (required dimensions) and the full one (required + implied) from an expanded ID. */
  #dataIdFor(t: PipelineDatasetType, dimensions: readonly string[], e: Expanded, given: NeutralDataId): { required: Record<string, string | number>; full: Record<string, string | number>; names: string[] } {
    const closure = this.#closure(dimensions);
    const required: Record<string, string | number> = {};
    for (const d of closure.required) {
      const v = e.values[d];
      if (v === undefined) throw new PipelineDatasetNotFoundError(t.name, given, `the data ID gives no ${d}`);
      required[d] = v;
    }
    const full: Record<string, string | number> = { ...required };
    for (const d of closure.implied) if (e.values[d] !== undefined) full[d] = e.values[d]!;
    return { required, full, names: [...closure.required, ...closure.implied] };
  }

  async describe(dataId: NeutralDataId): Promise<ObservationInfo> {
    const e = await this.#expand(dataId);
    const visit = toNumber(e.values.visit);
    const exposure = toNumber(e.values.exposure);
    const detector = toNumber(e.values.detector);
    const filter = e.values.physical_filter;
    if (visit === undefined || exposure === undefined || detector === undefined || typeof filter !== 'string') {
      throw new PipelineError(`data ID ${JSON.stringify(dataId)} does not name an exposure, visit, detector and filter`);
    }
    const band = e.values.band;
    return { visit, exposure, detector, physicalFilter: filter, ...(typeof band === 'string' ? { band } : {}) };
  }

  async #find(datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<{ id: string; run: string } | undefined> {
    const t = this.#type(datasetType);
    const record = await this.#datasetType(t.name);
    if (!record) return undefined;
    const e = await this.#expand(dataId);
    const { required } = this.#dataIdFor(t, record.dimensions, e, dataId);
    if (record.isCalibration && options.physicalFilter !== undefined && 'physical_filter' in required) required.physical_filter = options.physicalFilter;
    if (t.output) {
      const mine = this.#put.get(refKey(t.name, required));
      if (mine) return mine;
    } else if (!record.isCalibration && record.dimensions.length > 0) {
      return (await this.#inputListing(t.name, record.dimensions)).get(refKey(t.name, required));
    }
    const collections = t.output ? [this.options.outputRun, ...this.options.inputs] : this.options.inputs;
    if (record.isCalibration && !e.timespan) throw new PipelineDatasetNotFoundError(t.name, dataId, 'no exposure timespan to look the calibration up with');
    if (record.dimensions.length === 0) {
      // Dimensionless (config) datasets: a find-first query, which src/gen3 findDataset does not handle for an empty data ID yet.
      const [ref] = await this.registry.queryDatasets(t.name, collections, { findFirst: true });
      return ref ? { id: ref.id, run: ref.run } : undefined;
    }
    const shift = BigInt(Math.round((options.calibrationShiftDays ?? 0) * 86_400)) * 1_000_000_000n;
    const timespan = e.timespan && record.isCalibration && shift !== 0n ? { begin: e.timespan.begin + shift, end: e.timespan.end + shift } : e.timespan;
    const ref = await this.registry.findDataset(t.name, required, collections, timespan ? { timespan } : {});
    return ref ? { id: ref.id, run: ref.run } : undefined;
  }

  /**
   * Every dataset of a non-calibration input type the input collections hold, find-first, as one
   * query (what `findDataset` would answer per data ID, over the same collections).
   */
  #inputListing(name: string, dimensions: readonly string[]): Promise<Map<string, { id: string; run: string }>> {
    let listing = this.#inputIndex.get(name);
    if (!listing) {
      const required = this.#closure(dimensions).required;
      listing = this.registry.queryDatasets(name, this.options.inputs, { findFirst: true }).then(async (refs) => {
        const index = new Map<string, { id: string; run: string }>();
        for (const ref of refs) {
          const values: Record<string, unknown> = {};
          for (const d of required) values[d] = ref.dataId[d];
          index.set(refKey(name, values), { id: ref.id, run: ref.run });
        }
        // Their datastore files too, in one read (each will be located).
        await this.#loadFiles(refs.map((r) => r.id));
        return index;
      });
      this.#inputIndex.set(name, listing);
      listing.catch(() => this.#inputIndex.delete(name));
    }
    return listing;
  }

  /** The registered dataset type (cached once found: a registration never changes). */
  async #datasetType(name: string): Promise<DatasetTypeRecord | undefined> {
    const known = this.#datasetTypes.get(name);
    if (known) return known;
    const record = await this.registry.findDatasetType(name);
    if (record) this.#datasetTypes.set(name, record);
    return record;
  }

  /** Remembers the datastore files of these datasets (one registry read for all); returns them by dataset ID. */
  async #loadFiles(datasetIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [id, rows] of await this.registry.findFileRecords(datasetIds)) {
      const row = rows.find((r) => r.component === NULL_COMPONENT) ?? rows[0];
      if (!row) continue;
      const p = row.path;
      const file = fileUriToPath(p) ?? (path.isAbsolute(p) ? p : path.join(this.repo.root, ...p.split('/')));
      this.#files.set(id, file);
      out.set(id, file);
    }
    return out;
  }

  async #fileOf(datasetId: string): Promise<string | undefined> {
    return this.#files.get(datasetId) ?? (await this.#loadFiles([datasetId])).get(datasetId);
  }

  async locate(datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<string> {
    const ref = await this.#find(datasetType, dataId, options);
    if (!ref) throw new PipelineDatasetNotFoundError(datasetType, dataId, `not found in ${[...(this.#type(datasetType).output ? [this.options.outputRun] : []), ...this.options.inputs].join(', ')}`);
    const file = await this.#fileOf(ref.id);
    if (!file) throw new PipelineDatasetNotFoundError(datasetType, dataId, `dataset ${ref.id} in ${ref.run} has no datastore record`);
    return file;
  }

  async exists(datasetType: string, dataId: NeutralDataId): Promise<boolean> {
    try {
      return (await this.#find(datasetType, dataId)) !== undefined;
    } catch (err) {
      if (err instanceof PipelineDatasetNotFoundError) return false;
      throw err;
    }
  }

  async get(datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<StoredDataset> {
    const t = this.#type(datasetType);
    return readDatasetFile(t.format, await this.locate(datasetType, dataId, options));
  }

  put(datasetType: string, dataId: NeutralDataId, content: DatasetContent): Promise<void> {
    return this.#putInto(undefined, datasetType, dataId, content);
  }

  /** Writes an output; its registry entries go to `unit` (a unit of work's puts) when given, else are written at once. */
  async #putInto(unit: PendingPut[] | undefined, datasetType: string, dataId: NeutralDataId, content: DatasetContent): Promise<void> {
    const t = this.#type(datasetType);
    if (!t.output) throw new PipelineError(`${datasetType} is an input; the pipeline does not write it`);
    if (content.format !== t.format) throw new PipelineError(`${datasetType} is stored as ${t.format}, not ${content.format}`);
    const e = await this.#expand(dataId);
    const { required, full, names } = this.#dataIdFor(t, t.dimensions, e, dataId);
    const run = this.options.outputRun;
    // DATAID_TYPE_RUN: a resumed unit rewrites the same dataset instead of adding a second one.
    const id = makeDatasetId({ datasetType: t.name, run, requiredDataId: required }, 'DATAID_TYPE_RUN');
    const records: Record<string, TemplateRecord> = {};
    for (const [k, v] of Object.entries(e.records)) if (names.includes(k)) records[k] = v;
    const rel = `${this.#templates.format({ datasetType: { name: t.name, dimensions: { required: Object.keys(required), names }, storageClass: t.storageClass }, dataId: full, records, run, id })}${EXTENSIONS[t.format]}`;
    const file = path.join(this.repo.root, ...rel.split('/'));
    const cards = new FitsHeader()
      .set('RUN', run, 'Gen3 output RUN collection')
      .set('LSST BUTLER ID', id, 'Dataset ID')
      .set('LSST BUTLER RUN', run, 'Run collection')
      .set('LSST BUTLER DATASETTYPE', t.name, 'Dataset type');
    const size = await timeTask(() => writeDatasetFile(file, withProvenance(content, cards)));
    const pending: PendingPut = { type: t, required, id, rel, size };
    if (unit) {
      // Recorded with the unit's other outputs when it ends; its own lookups find it meanwhile.
      unit.push(pending);
      this.#put.set(refKey(t.name, required), { id, run });
      this.#files.set(id, file);
    } else await this.#commit([pending]);
    this.logger.debug('gen3-put', { datasetType: t.name, run, path: rel });
  }

  /**
   * Runs one unit of work with its outputs' registry entries (datasets and datastore file records)
   * written in one transaction when it ends — before this resolves, also when `fn` fails (as if each
   * put had been recorded at once). A killed process therefore never leaves a unit logged complete
   * without its datasets. `fn` writes through the butler it is given (this one's view for the unit:
   * concurrent units each have their own); puts through this butler itself are recorded at once.
   */
  async unitOfWork<T>(fn: (butler: NeutralButler) => Promise<T>): Promise<T> {
    const pending: PendingPut[] = [];
    const view: NeutralButler = {
      side: this.side,
      outputName: this.outputName,
      describe: (dataId) => this.describe(dataId),
      exists: (datasetType, dataId) => this.exists(datasetType, dataId),
      locate: (datasetType, dataId, options) => this.locate(datasetType, dataId, options),
      get: (datasetType, dataId, options) => this.get(datasetType, dataId, options),
      put: (datasetType, dataId, content) => this.#putInto(pending, datasetType, dataId, content),
      unitOfWork: (inner) => inner(view),
      queryVisit: (datasetType, visit) => this.queryVisit(datasetType, visit),
      unitDataIds: (kind) => this.unitDataIds(kind),
      close: () => this.close(),
    };
    const deferred = this.#deferred;
    if (deferred) {
      try {
        return await fn(view);
      } finally {
        deferred.push(...pending);
      }
    }
    let result: T;
    try {
      result = await fn(view);
    } catch (err) {
      await this.#commit(pending).catch((commitErr: unknown) => this.logger.warn('gen3-unit-commit-failed', { error: commitErr instanceof Error ? commitErr.message : String(commitErr) }));
      throw err;
    }
    await this.#commit(pending);
    return result;
  }

  /**
   * From now on, units of work leave their outputs' registry entries pending until {@link flush}
   * (one transaction for many units). The caller must flush before it checkpoints those units as
   * complete (`runUnits`' `checkpoint`); lookups through this butler see pending outputs meanwhile.
   */
  deferCommits(): void {
    this.#deferred ??= [];
  }

  /** Records every pending output (datasets and file records) in one registry transaction. */
  async flush(): Promise<void> {
    // On failure nothing is recorded and #commit drops them from the lookup caches.
    await this.#commit(this.#deferred?.splice(0) ?? []);
  }

  /** Writes the registry entries of written outputs: one transaction, one insert per dataset type, one for the file records. */
  async #commit(puts: readonly PendingPut[]): Promise<void> {
    if (puts.length === 0) return;
    const run = this.options.outputRun;
    const types = [...new Map(puts.map((p) => [p.type.name, p.type])).values()];
    try {
      await this.#locked(() =>
        this.registry.transaction(async (r) => {
          for (const t of types) {
            if (!this.#registered.has(t.name)) await r.registerDatasetType({ name: t.name, dimensions: t.dimensions, storageClass: t.storageClass, isCalibration: false });
            const mine = puts.filter((p) => p.type.name === t.name);
            const formatter = DEFAULT_FORMATTERS[t.storageClass];
            if (!formatter) throw new PipelineError(`${t.name}: no formatter for ${t.storageClass}`);
            // Datasets and their datastore records together: records of datasets new in this
            // transaction are written without looking them up first (a resumed unit's rewrite is compared).
            const refs = await r.ingestDatasets(
              t.name,
              run,
              mine.map((p) => ({ dataId: p.required, id: p.id, path: p.rel, formatter, storageClass: t.storageClass, component: NULL_COMPONENT, checksum: null, fileSize: p.size })),
            );
            if (refs.length !== mine.length) throw new PipelineError(`${t.name}: ${refs.length} datasets recorded for ${mine.length} outputs`);
          }
        }),
      );
    } catch (err) {
      for (const p of puts) {
        this.#put.delete(refKey(p.type.name, p.required));
        this.#files.delete(p.id);
      }
      throw err;
    }
    for (const t of types) {
      this.#registered.add(t.name);
      this.#listings.delete(t.name);
    }
    for (const p of puts) {
      this.#put.set(refKey(p.type.name, p.required), { id: p.id, run });
      this.#files.set(p.id, path.join(this.repo.root, ...p.rel.split('/')));
    }
  }

  /** Raws of the input collections (find-first), as `{instrument, exposure, detector}` (listed once: the inputs do not change while the butler is open). */
  async #raws(): Promise<{ instrument: string; exposure: number; detector: number }[]> {
    const listed = await this.#memo('raws', () => this.#listRaws());
    return listed.map((r) => ({ ...r }));
  }

  async #listRaws(): Promise<{ instrument: string; exposure: number; detector: number }[]> {
    if (!(await this.#datasetType('raw'))) return [];
    const refs = await this.registry.queryDatasets('raw', this.options.inputs, { findFirst: true });
    return refs
      .map((r) => ({ instrument: String(r.dataId.instrument), exposure: toNumber(r.dataId.exposure)!, detector: toNumber(r.dataId.detector)! }))
      .filter((r) => r.instrument === this.options.instrument)
      .sort((a, b) => a.exposure - b.exposure || a.detector - b.detector);
  }

  async queryVisit(datasetType: string, visit: number): Promise<NeutralDataId[]> {
    const t = this.#type(datasetType);
    // The listing comes from the registry: record pending outputs first.
    if (this.#deferred?.some((p) => p.type.name === t.name)) await this.flush();
    if (!(await this.#datasetType(t.name))) return [];
    // One listing per dataset type for all visits (a gather step asks once per visit), dropped when this butler puts one.
    let listing = this.#listings.get(t.name);
    if (!listing) {
      listing = this.registry.queryDatasets(t.name, [this.options.outputRun, ...this.options.inputs], { findFirst: true });
      this.#listings.set(t.name, listing);
      listing.catch(() => this.#listings.delete(t.name));
    }
    const refs = await listing;
    return refs.filter((r) => toNumber(r.dataId.visit) === visit && r.dataId.instrument === this.options.instrument).map((r) => ({ ...(r.dataId as Record<string, string | number>) }));
  }

  async unitDataIds(kind: 'raw' | 'visit-detector' | 'visit'): Promise<NeutralDataId[]> {
    const raws = await this.#raws();
    if (kind === 'raw') return raws;
    const seen = new Map<string, NeutralDataId>();
    for (const r of raws) {
      const visit = await this.#visitOfExposure(r.instrument, r.exposure);
      const id: NeutralDataId = kind === 'visit' ? { instrument: r.instrument, visit } : { instrument: r.instrument, visit, detector: r.detector };
      seen.set(JSON.stringify(id), id);
    }
    return [...seen.values()].sort((a, b) => Number(a.visit) - Number(b.visit) || Number(a.detector ?? 0) - Number(b.detector ?? 0));
  }

  async close(): Promise<void> {
    try {
      if (this.#deferred?.length) await this.flush();
    } finally {
      await this.#queue.catch(() => undefined);
      await this.repo.close();
    }
  }
}
