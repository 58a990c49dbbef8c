import { conformerFromUniverse, DEFAULT_FILE_TEMPLATES, FileTemplates, ingestFiles, planTransfers, type TransferMode, type TransferRequest } from '../../gen3/datastore/index.js';
import { makeDatasetId } from '../../gen3/ids/index.js';
import { datasetRows, Registry, standardizeDataId, type DatasetRef, type DatasetTypeRecord } from '../../gen3/registry/index.js';
import { calibRows, getCollection } from '../../gen3/registry/index.js';
import type { Repository } from '../../gen3/repo/index.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { noProgress, type Progress } from '../../log/progress.js';
import type { ConversionPlan, PlannedDataset, PlannedFileOutcome } from '../plan/index.js';
import { ConvertedList } from './converted-list.js';
import { checkPlan } from './check-plan.js';
import { CONVERSION_REPORT_FORMAT_VERSION, type ConversionReport } from './conversion-report.js';
import { datasetTemplateRef, templateLookup } from './dataset-template-ref.js';
import { defineVisits } from './define-visits.js';
import { planDimensionData } from './dimension-data.js';
import { beginConversion, endConversion } from './resume-marker.js';

/** Default number of datasets written per transaction. */
export const DEFAULT_BATCH_SIZE = 10_000;

/** A point of a batch where {@link ApplyPlanOptions.onBatch} is called. */
export type BatchStage = 'files-transferred' | 'committed';

/** Options of {@link applyPlan}. */
export interface ApplyPlanOptions {
  /** How Gen2 files get into the datastore (daf_butler transfer modes). Default `auto` (`butler convert`'s default): files outside the repository are linked (hard link, else symlink). */
  readonly transfer?: TransferMode;
  /** Datasets per transaction. Default {@link DEFAULT_BATCH_SIZE}. */
  readonly batchSize?: number;
  /** Record BLAKE2b checksums in the datastore records. Default `false` (daf_butler's default). */
  readonly checksum?: boolean;
  /**
   * Run the one-to-one define-visits step ({@link defineVisits}) once the exposure records are in and
   * before any dataset is written (as the reference does right after the raws: datasets with a
   * `visit` dimension need the visits). Default `true`.
   */
  readonly defineVisits?: boolean;
  /** Called at each stage of each written batch (tests use it to interrupt a conversion). */
  readonly onBatch?: (stage: BatchStage, index: number) => void | Promise<void>;
  readonly logger?: Logger;
  readonly progress?: Progress;
}

interface Resolved {
  /** Index in `plan.datasets`. */
  readonly index: number;
  readonly dataset: PlannedDataset;
  readonly type: DatasetTypeRecord;
  readonly id: string;
  readonly dataId: Readonly<Record<string, string | number | bigint>>;
}

function count(map: Map<string, Map<string, number>>, run: string, type: string): void {
  const byType = map.get(run) ?? new Map<string, number>();
  byType.set(type, (byType.get(type) ?? 0) + 1);
  map.set(run, byType);
}

/**
 * Writes a conversion plan into an open Gen3 repository: dimension records (instrument registration
 * and the raws' day_obs/group/exposure records, insert-or-verify-identical), dataset types,
 * collections and chains (one transaction), then the datasets in batches — each batch's files
 * transferred, then its dataset and datastore rows in ONE transaction (`Registry.ingestDatasets`) (files undone when it fails)
 * — then the certifications (one transaction). One-to-one visits are defined after the records and
 * before the datasets unless `defineVisits: false`. Dataset ids are `DATAID_TYPE_RUN`, so a re-run
 * computes the same ids: datasets already present are left alone (a finished conversion re-run
 * changes nothing; new Gen2 files are added incrementally; a killed conversion resumes).
 *
 * @throws ConflictingDatasetsError, UnrepairableValidityError before anything is written.
 * @throws RegistryConflictError when the repository holds different records (e.g. another instrument definition).
 * @throws TransferError when a file cannot be transferred (that batch is undone; earlier ones stay).
 */
export async function applyPlan(plan: ConversionPlan, repo: Repository, options: ApplyPlanOptions = {}): Promise<ConversionReport> {
  const started = Date.now();
  const logger = (options.logger ?? silentLogger).child('convert:apply');
  const progress = options.progress ?? noProgress;
  const transfer = options.transfer ?? 'auto';
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  checkPlan(plan);
  const registry = Registry.of(repo);
  const universe = repo.universe;
  const removed = await beginConversion(repo.root);
  if (removed.length > 0) logger.info('resumed-after-interruption', { uncommittedFilesRemoved: removed.length });

  // 1. Records, dataset types, collections: one transaction.
  const dims = planDimensionData(plan);
  const dimensionRecords: Record<string, { planned: number; inserted: number }> = {};
  const chains = new Map<string, string[]>();
  await registry.transaction(async (r) => {
    // A skymap already registered with the same hash keeps its tracts and patches unchecked (the reference
    // registered a skymap only when `expandDataId(skymap=name)` failed); a different hash still conflicts.
    const registered = new Set<string>();
    if ((dims.skymap?.length ?? 0) > 0) {
      const existing = new Map((await r.queryDimensionRecords('skymap')).map((x) => [String(x.name), String(x.hash)]));
      for (const m of dims.skymap ?? []) if (existing.get(String(m.name)) === String(m.hash)) registered.add(String(m.name));
    }
    for (const [element, all] of Object.entries(dims)) {
      const rows = (element === 'tract' || element === 'patch') && registered.size > 0 ? all.filter((x) => !registered.has(String(x.skymap))) : all;
      dimensionRecords[element] = { planned: all.length, inserted: rows.length > 0 ? await r.syncDimensionRecords(element, rows) : 0 };
    }
    for (const t of plan.datasetTypes) await r.registerDatasetType({ name: t.name, dimensions: t.dimensions, storageClass: t.storageClass, isCalibration: t.isCalibration });
    for (const c of plan.collections) await r.registerCollection(c.name, c.type);
    for (const c of plan.collections) {
      if (c.type !== 'CHAINED') continue;
      const existing = await r.getCollectionChain(c.name);
      const wanted: string[] = [];
      for (const x of c.children ?? []) {
        if (existing.includes(x)) continue;
        // A configured child nothing created (e.g. HSC's extra umbrella child HSC/masks without masks) is left out.
        if (!plan.collections.some((p) => p.name === x) && !(await r.findCollection(x))) {
          logger.warn('chain-child-missing', { chain: c.name, child: x });
          continue;
        }
        wanted.push(x);
      }
      const children = [...existing, ...wanted];
      chains.set(c.name, children);
      if (children.length !== existing.length) await r.setCollectionChain(c.name, children);
    }
  });
  logger.info('registered', { datasetTypes: plan.datasetTypes.length, collections: plan.collections.length, exposures: dimensionRecords.exposure?.inserted ?? 0 });

  const visits = (options.defineVisits ?? true) ? await defineVisits(repo, plan.instrument, { logger: options.logger ?? silentLogger }) : undefined;

  // 2. Datasets in batches.
  const types = new Map<string, DatasetTypeRecord>();
  for (const t of plan.datasetTypes) types.set(t.name, (await registry.findDatasetType(t.name))!);
  const notConverted: PlannedFileOutcome[] = [];
  // Only the indexes of the convertible datasets are kept; ids and standardized data IDs are made per batch.
  const convertible = new Int32Array(plan.datasets.length);
  let convertibleCount = 0;
  plan.datasets.forEach((d, i) => {
    if (d.formatter !== undefined) convertible[convertibleCount++] = i;
    else notConverted.push({ path: d.relPath, source: d.source, reason: `no formatter for storage class ${types.get(d.datasetType)!.storageClass} (set config.formatterClasses)`, count: 1 });
  });
  const resolve = (i: number): Resolved => {
    const d = plan.datasets[i]!;
    const type = types.get(d.datasetType)!;
    const dataId = standardizeDataId(universe, type.dimensions, d.dataId);
    return { index: i, dataset: d, type, dataId, id: makeDatasetId({ datasetType: type.name, run: d.run, requiredDataId: dataId }, 'DATAID_TYPE_RUN') };
  };
  const templates = new FileTemplates(DEFAULT_FILE_TEMPLATES, conformerFromUniverse(universe));
  const lookup = templateLookup(plan);
  const converted = new ConvertedList(plan.datasets);
  const runs = new Map<string, Map<string, number>>();
  let inserted = 0;
  let present = 0;
  let written = 0;
  const total = Math.ceil(convertibleCount / batchSize);
  const bar = progress.start('converting datasets', convertibleCount);
  try {
    for (let b = 0; b < total; b++) {
      const batch = Array.from(convertible.subarray(b * batchSize, Math.min((b + 1) * batchSize, convertibleCount)), resolve);
      const stored = await datasetRows(repo.db, batch.map((x) => x.id));
      const fresh = batch.filter((x) => !stored.has(x.id));
      for (const x of batch) {
        converted.add(x.index, x.id, stored.has(x.id) ? 'present' : 'inserted');
        count(runs, x.dataset.run, x.dataset.datasetType);
      }
      present += batch.length - fresh.length;
      if (fresh.length > 0) {
        await writeBatch(registry, repo.root, fresh, { transfer, templates, lookup, universe, checksum: options.checksum ?? false, onStage: (stage) => options.onBatch?.(stage, b) });
        inserted += fresh.length;
        written += 1;
        await options.onBatch?.('committed', b);
      }
      bar.tick(batch.length);
    }
  } finally {
    bar.done();
  }
  logger.info('datasets-written', { inserted, present, batches: written });

  // 3. Certifications: one transaction.
  const certs = await certifyPlan(registry, repo, plan, types);
  logger.info('certified', certs);
  await endConversion(repo.root);

  return {
    formatVersion: CONVERSION_REPORT_FORMAT_VERSION,
    instrument: plan.instrument,
    gen2Root: plan.gen2Root,
    repo: repo.root,
    transfer,
    collections: plan.collections.map((c) => (c.type === 'CHAINED' ? { ...c, children: chains.get(c.name) ?? c.children ?? [] } : c)),
    datasetTypes: plan.datasetTypes.map((t) => t.name),
    datasets: { planned: plan.datasets.length, inserted, present, notConverted: notConverted.length },
    runs: Object.fromEntries([...runs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([run, m]) => [run, Object.fromEntries(m)])),
    certifications: { planned: plan.certifications.length, ...certs },
    dimensionRecords,
    ...(visits ? { visits } : {}),
    batches: { total, written, size: batchSize },
    validityIssues: plan.validityIssues,
    converted: converted.list(),
    notConverted,
    ignored: plan.ignored,
    skipped: plan.skipped,
    unrecognized: plan.unrecognized,
    totals: plan.totals,
    seconds: (Date.now() - started) / 1000,
  };
}

interface BatchContext {
  readonly transfer: TransferMode;
  readonly templates: FileTemplates;
  readonly lookup: ReturnType<typeof templateLookup>;
  readonly universe: Repository['universe'];
  readonly checksum: boolean;
  readonly onStage: (stage: BatchStage) => void | Promise<void>;
}

/** One batch: files transferred, then dataset + datastore rows in one transaction; files undone if it fails. */
async function writeBatch(registry: Registry, root: string, batch: readonly Resolved[], ctx: BatchContext): Promise<void> {
  const requests: TransferRequest[] = batch.map((x) => ({
    ref: datasetTemplateRef(ctx.universe, x.type, x.dataset, x.id, ctx.lookup),
    source: x.dataset.path,
    formatter: x.dataset.formatter!,
  }));
  const { plans } = planTransfers(requests, { root, mode: ctx.transfer, templates: ctx.templates });
  await ingestFiles(
    plans,
    async (records) => {
      await ctx.onStage('files-transferred');
      await registry.transaction(async (r) => {
        const groups = new Map<string, Resolved[]>();
        for (const x of batch) {
          const key = `${x.type.name}\t${x.dataset.run}`;
          const group = groups.get(key);
          if (group) group.push(x);
          else groups.set(key, [x]);
        }
        const byId = new Map(records.map((rec) => [rec.dataset_id, rec]));
        for (const list of groups.values()) {
          const entries = list.map((x) => {
            const rec = byId.get(x.id)!;
            return { dataId: x.dataId, id: x.id, path: rec.path, formatter: rec.formatter, storageClass: rec.storage_class, component: rec.component, checksum: rec.checksum, fileSize: rec.file_size };
          });
          await r.ingestDatasets(list[0]!.type.name, list[0]!.dataset.run, entries);
        }
      });
    },
    { checksum: ctx.checksum },
  );
}

/** Certifies the plan's calibrations, skipping ranges already certified identically; one transaction. */
async function certifyPlan(registry: Registry, repo: Repository, plan: ConversionPlan, types: ReadonlyMap<string, DatasetTypeRecord>): Promise<{ inserted: number; present: number }> {
  if (plan.certifications.length === 0) return { inserted: 0, present: 0 };
  let inserted = 0;
  let present = 0;
  await registry.transaction(async (r) => {
    const existing = new Map<string, Set<string>>();
    const groups = new Map<string, { collection: string; begin: bigint; end: bigint; refs: DatasetRef[] }>();
    for (const c of plan.certifications) {
      const type = types.get(c.datasetType)!;
      const key = `${c.collection}\t${type.name}`;
      let have = existing.get(key);
      if (!have) {
        const coll = await getCollection(r.db, c.collection, 'CALIBRATION');
        have = new Set((await calibRows(r.db, type, coll.id)).map((row) => `${row.datasetId}|${row.timespan?.begin}|${row.timespan?.end}`));
        existing.set(key, have);
      }
      const dataId = standardizeDataId(repo.universe, type.dimensions, c.dataId);
      const id = makeDatasetId({ datasetType: type.name, run: c.run, requiredDataId: dataId }, 'DATAID_TYPE_RUN');
      if (have.has(`${id}|${c.begin}|${c.end}`)) {
        present += 1;
        continue;
      }
      const gkey = `${c.collection}\t${c.begin}\t${c.end}`;
      const g = groups.get(gkey) ?? { collection: c.collection, begin: BigInt(c.begin), end: BigInt(c.end), refs: [] };
      g.refs.push({ id, datasetType: type.name, run: c.run, dataId });
      groups.set(gkey, g);
      inserted += 1;
    }
    await r.certifyMany([...groups.values()].map((g) => ({ collection: g.collection, refs: g.refs, timespan: { begin: g.begin, end: g.end } })));
  });
  return { inserted, present };
}

