/**
 * `butler import` / `Butler.import_`: an export document (format 1.0.2, older ones normalised by
 * `parseExport`) into a repository, in ONE registry transaction with the file transfers undone if
 * anything fails — a failed import leaves neither rows nor files. Dataset ids are reused; dimension
 * records are synced (inserted, or verified identical when present).
 */
import path from 'node:path';
import type { Database } from '../db/index.js';
import {
  TransferBatch,
  fileUriToPath,
  planTransfers,
  type FileDatastoreRecord,
  type FileTemplates,
  type TransferMode,
  type TransferRequest,
} from '../datastore/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { toDashedUuid } from '../ids/index.js';
import type { CollectionType, DatasetRef, DatasetTypeDefinition, DimensionRecord, Registry } from '../registry/index.js';
import { calibRows } from '../registry/index.js';
import { makeTimespan, type Timespan } from '../time/index.js';
import type { Logger } from '../../log/logger.js';
import { DimensionRecordCache } from './dimension-record-cache.js';
import type { ExportDocument, ExportFileDataset, ExportTimespan } from './export-model.js';
import { exportTimeToTaiNs } from './export-time.js';
import { dataIdFromExport, recordFromExport } from './record-values.js';
import { ImportRepositoryError } from './repository-transfer-errors.js';
import { templateRefFor } from './template-refs.js';
import { migrateDimensionRecords, type UniverseMigrationOptions } from './universe-migrations.js';

/** Options of {@link importRepository}. */
export interface ImportRepositoryOptions {
  /** Directory that relative dataset paths are taken from (`butler import REPO DIRECTORY`); default the datastore root. */
  readonly directory?: string;
  /** Transfer mode of the files (daf_butler CLI default `auto`). */
  readonly transfer?: TransferMode;
  /** Dimension elements whose records are not imported (`--skip-dimensions`). */
  readonly skipDimensions?: readonly string[];
  /** Registry only, no datastore records or files (`Butler.import_(without_datastore=True)`). */
  readonly withoutDatastore?: boolean;
  /** Record file sizes (`--track-file-attrs`, default true). */
  readonly recordValidationInfo?: boolean;
  /** File templates of the target datastore (default: the pinned daf_butler defaults). */
  readonly templates?: FileTemplates;
  /** Universe migrations of old documents (day_obs offsets). */
  readonly migration?: UniverseMigrationOptions;
  readonly logger?: Logger;
}

/** What an import wrote. */
export interface ImportSummary {
  readonly datasetTypes: number;
  readonly collections: number;
  readonly dimensionRecords: number;
  readonly datasets: number;
  readonly files: number;
  readonly tagged: number;
  readonly certified: number;
}

interface PlannedDatasets {
  readonly datasetType: string;
  readonly run: string;
  readonly files: readonly ExportFileDataset[];
}

/** Everything an import will do, decided before anything is written. */
export interface ImportPlan {
  readonly datasetTypes: DatasetTypeDefinition[];
  readonly collections: { name: string; type: Exclude<CollectionType, 'CHAINED'>; doc?: string }[];
  readonly chains: { name: string; children: string[]; doc?: string }[];
  readonly dimensions: Record<string, DimensionRecord[]>;
  readonly datasets: PlannedDatasets[];
  readonly tagged: { collection: string; ids: string[] }[];
  readonly certified: { collection: string; timespan: Timespan; ids: string[] }[];
  /** Universe migrations applied to the document's records. */
  readonly migrations: string[];
}

function timespanOf(t: ExportTimespan): Timespan {
  if (t.kind === 'empty') return makeTimespan('empty', 'empty');
  return makeTimespan(t.begin === null ? null : exportTimeToTaiNs(t.begin), t.end === null ? null : exportTimeToTaiNs(t.end));
}

/**
 * Plans an import (pure): migrates old universes, converts records, checks that every element is
 * known and that associations name datasets of the document.
 * @throws ImportRepositoryError listing the problems.
 */
export function planImport(document: ExportDocument, universe: DimensionUniverse, options: Pick<ImportRepositoryOptions, 'skipDimensions' | 'migration'> = {}): ImportPlan {
  const migrated = migrateDimensionRecords(document, document.universeVersion, options.migration ?? {});
  const doc = migrated.document;
  if (doc.universeNamespace !== universe.namespace) throw new ImportRepositoryError(`export universe namespace ${doc.universeNamespace} is not the repository's (${universe.namespace})`);
  const problems: string[] = [];
  const skip = new Set(options.skipDimensions ?? []);
  const plan: ImportPlan = { datasetTypes: [], collections: [], chains: [], dimensions: {}, datasets: [], tagged: [], certified: [], migrations: migrated.applied };
  const ids = new Set<string>();
  doc.data.forEach((item, i) => {
    switch (item.type) {
      case 'dimension': {
        if (!universe.has(item.element) || !universe.element(item.element).hasTable) {
          problems.push(`data[${i}]: unknown dimension element ${JSON.stringify(item.element)}`);
          return;
        }
        if (skip.has(item.element)) return;
        plan.dimensions[item.element] = [...(plan.dimensions[item.element] ?? []), ...item.records.map((r) => recordFromExport(item.element, r))];
        return;
      }
      case 'collection':
        if (item.collectionType === 'CHAINED') plan.chains.push({ name: item.name, children: item.children, ...(item.doc !== undefined ? { doc: item.doc } : {}) });
        else plan.collections.push({ name: item.name, type: item.collectionType, ...(item.doc !== undefined ? { doc: item.doc } : {}) });
        return;
      case 'dataset_type': {
        const unknown = item.dimensions.filter((d) => !universe.has(d));
        if (unknown.length > 0) problems.push(`data[${i}]: dataset type ${item.name} has unknown dimensions ${unknown.join(', ')}`);
        else plan.datasetTypes.push({ name: item.name, dimensions: item.dimensions, storageClass: item.storageClass, isCalibration: item.isCalibration });
        return;
      }
      case 'dataset':
        for (const f of item.records) for (const id of f.datasetIds) ids.add(toDashedUuid(id));
        plan.datasets.push({ datasetType: item.datasetType, run: item.run, files: item.records });
        return;
      case 'associations':
        if (item.collectionType === 'TAGGED') plan.tagged.push({ collection: item.collection, ids: item.datasetIds.map(toDashedUuid) });
        else for (const r of item.validityRanges) plan.certified.push({ collection: item.collection, timespan: timespanOf(r.timespan), ids: r.datasetIds.map(toDashedUuid) });
        return;
    }
  });
  for (const a of [...plan.tagged, ...plan.certified]) {
    const missing = a.ids.filter((id) => !ids.has(id));
    if (missing.length > 0) problems.push(`associations of ${a.collection}: ${missing.length} dataset id(s) not exported in this document (e.g. ${missing[0]})`);
  }
  if (problems.length > 0) throw new ImportRepositoryError(`cannot import: ${problems.join('; ')}`);
  return plan;
}

function sourcePath(file: ExportFileDataset, base: string): string {
  const local = fileUriToPath(file.path);
  if (local !== undefined) return local;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file.path)) throw new ImportRepositoryError(`${file.path}: only local files and file:// URIs can be imported`);
  return path.resolve(base, file.path);
}

/** Row counts used by callers and tests to prove that a failed import wrote nothing. */
export async function registryRowCounts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of (await db.listTables()).sort()) {
    const rows = (await db.knex(t).count({ n: '*' })) as { n: number | string | bigint }[];
    out[t] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

/**
 * Applies an {@link ImportPlan} to the repository at `root` through `registry`: dataset types,
 * collections, chains, dimension records (sync), datasets with their exported ids, files +
 * datastore records (unless `withoutDatastore`), TAGGED associations and certifications — all in
 * one transaction; transferred files are removed (moved ones put back) when it fails.
 * @throws ImportRepositoryError, the registry's typed errors (conflicts, validation), TransferError
 */
export async function applyImport(registry: Registry, root: string, plan: ImportPlan, options: ImportRepositoryOptions = {}): Promise<ImportSummary> {
  const batch = new TransferBatch({ recordValidationInfo: options.recordValidationInfo ?? true });
  const log = options.logger;
  let summary: ImportSummary;
  try {
    summary = await registry.transaction(async (r) => {
      let datasetTypes = 0;
      for (const def of plan.datasetTypes) if (await r.registerDatasetType(def)) datasetTypes += 1;
      let collections = 0;
      for (const c of plan.collections) if (await r.registerCollection(c.name, c.type, c.doc)) collections += 1;
      for (const c of plan.chains) if (await r.registerCollection(c.name, 'CHAINED', c.doc)) collections += 1;
      for (const c of plan.chains) await r.setCollectionChain(c.name, c.children);
      let dimensionRecords = 0;
      for (const recs of Object.values(plan.dimensions)) dimensionRecords += recs.length;
      await r.insertDimensionData(plan.dimensions, { sync: true });
      log?.debug('import.dimensions', { records: dimensionRecords });

      const refsById = new Map<string, DatasetRef>();
      const requests: { request: TransferRequest; others: DatasetRef[] }[] = [];
      const cache = new DimensionRecordCache(r);
      let datasets = 0;
      for (const item of plan.datasets) {
        const type = await r.findDatasetType(item.datasetType);
        if (!type) throw new ImportRepositoryError(`dataset type ${item.datasetType} is neither in the export nor registered in the repository`);
        const flat = item.files.flatMap((f) => f.dataIds.map((d, k) => ({ id: toDashedUuid(f.datasetIds[k] ?? ''), dataId: dataIdFromExport(d) })));
        const refs = await r.insertDatasets(type.name, item.run, flat.map((x) => x.dataId), { ids: flat.map((x) => x.id) });
        datasets += refs.length;
        for (const ref of refs) refsById.set(ref.id, ref);
        if (options.withoutDatastore) continue;
        let k = 0;
        for (const f of item.files) {
          const fileRefs = refs.slice(k, k + f.datasetIds.length);
          k += f.datasetIds.length;
          const first = fileRefs[0];
          if (!first) continue;
          if (f.formatter === undefined) throw new ImportRepositoryError(`${f.path}: no formatter in the export (needed for the datastore record)`);
          requests.push({
            request: { ref: await templateRefFor(cache, type, first), source: sourcePath(f, options.directory ?? root), formatter: f.formatter },
            others: fileRefs.slice(1),
          });
        }
      }
      let files = 0;
      if (requests.length > 0) {
        const { plans, split } = planTransfers(
          requests.map((x) => x.request),
          { root, mode: options.transfer ?? 'auto', ...(options.templates ? { templates: options.templates } : {}) },
        );
        if (split) log?.warn('import.transfer-split', { message: 'some files are inside the datastore and some outside: outside ones are ingested direct' });
        const records: FileDatastoreRecord[] = [];
        for (const [i, p] of plans.entries()) {
          const rec = await batch.apply(p);
          records.push(rec);
          for (const o of requests[i]?.others ?? []) records.push({ ...rec, dataset_id: o.id });
        }
        files = plans.length;
        await r.insertFileRecords(records);
      }
      let tagged = 0;
      for (const t of plan.tagged) {
        await r.associate(t.collection, t.ids.map((id) => refsById.get(id) as DatasetRef));
        tagged += t.ids.length;
      }
      let certified = 0;
      for (const c of plan.certified) {
        // An identical certification (same dataset, same range) already there is kept: re-importing is a no-op.
        const calib = await r.getCollection(c.collection, 'CALIBRATION');
        const fresh: DatasetRef[] = [];
        const seen = new Map<string, Set<string>>();
        for (const id of c.ids) {
          const ref = refsById.get(id) as DatasetRef;
          let there = seen.get(ref.datasetType);
          if (!there) {
            const type = await r.findDatasetType(ref.datasetType);
            const rows = type ? await calibRows(r.db, type, calib.id) : [];
            there = new Set(rows.map((row) => `${row.datasetId}|${row.timespan?.begin}|${row.timespan?.end}`));
            seen.set(ref.datasetType, there);
          }
          if (!there.has(`${ref.id}|${c.timespan.begin}|${c.timespan.end}`)) fresh.push(ref);
        }
        if (fresh.length > 0) await r.certify(c.collection, fresh, c.timespan);
        certified += fresh.length;
      }
      return { datasetTypes, collections, dimensionRecords, datasets, files, tagged, certified };
    });
  } catch (e) {
    await batch.rollback();
    throw e;
  }
  await batch.commit();
  return summary;
}

/** {@link planImport} then {@link applyImport}. */
export async function importRepository(registry: Registry, root: string, document: ExportDocument, options: ImportRepositoryOptions = {}): Promise<ImportSummary> {
  const plan = planImport(document, registry.universe, options);
  for (const m of plan.migrations) options.logger?.info('import.universe-migration', { applied: m });
  return applyImport(registry, root, plan, options);
}
