import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DatasetIdGenMode } from '../ids/index.js';
import { toDashedUuid } from '../ids/index.js';
import { DATASET } from '../schema/index.js';
import { nowTaiNs } from '../time/index.js';
import type { CollectionRecord } from './collections.js';
import type { DataId } from './data-id.js';
import { dataIdStandardizer, dataIdText, requireDimensionRecords } from './data-id.js';
import { datasetIdMaker } from './dataset-ids.js';
import type { DatasetRef } from './dataset-ref.js';
import { dataIdKey, datasetRows, ensureSummaries, tagIdsByDataId } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { DatasetConflictError, RegistryValidationError } from './errors.js';
import { cachedCollection, cachedDatasetType } from './registry-metadata.js';

/** Options of {@link insertDatasets}. */
export interface InsertDatasetsOptions {
  /** How new ids are made (default `UNIQUE`: UUIDv7). */
  readonly idMode?: DatasetIdGenMode;
  /** Explicit ids (dashed or hex), one per data ID; overrides `idMode`. */
  readonly ids?: readonly string[];
  /** `ingest_date` in TAI ns (default now). */
  readonly ingestDate?: bigint;
}

/** What {@link addDatasets} wrote (or found). */
export interface AddedDatasets {
  readonly type: DatasetTypeRecord;
  readonly run: CollectionRecord;
  /** One per input, in input order. */
  readonly refs: DatasetRef[];
  /** `fresh[i]`: refs[i] was written now (false: it was already there, identical, or repeated in the input). */
  readonly fresh: boolean[];
}

/**
 * The core of {@link insertDatasets}, in the caller's transaction: validates everything, then
 * writes summary rows, `dataset` rows and the RUN's tags rows for the new datasets in bulk.
 * `ids[i]`, when given, is dataset i's id; the others are made with `idMode`.
 * @throws RegistryValidationError, MissingDatasetTypeError, MissingCollectionError, CollectionTypeError, DatasetConflictError
 */
export async function addDatasets(
  trx: Database,
  universe: DimensionUniverse,
  datasetType: string,
  run: string,
  dataIds: readonly Readonly<Record<string, unknown>>[],
  options: { readonly ids?: readonly (string | undefined)[]; readonly idMode?: DatasetIdGenMode; readonly ingestDate?: bigint } = {},
): Promise<AddedDatasets> {
  const type = await cachedDatasetType(trx, universe, datasetType);
  const runRecord = await cachedCollection(trx, run, 'RUN');
  const standardize = dataIdStandardizer(universe, type.dimensions);
  const makeId = datasetIdMaker(type.name, run, options.idMode ?? 'UNIQUE');
  const refs: DatasetRef[] = new Array<DatasetRef>(dataIds.length);
  const keys: string[] = new Array<string>(dataIds.length);
  for (let i = 0; i < dataIds.length; i++) {
    const dataId = standardize(dataIds[i]!);
    const given = options.ids?.[i];
    refs[i] = { id: given !== undefined ? toDashedUuid(given) : makeId(dataId), datasetType: type.name, run, dataId };
    keys[i] = dataIdKey(type, dataId);
  }
  // within the input: one id per data ID, one data ID per id
  const batch = new Map<string, string>();
  const byId = new Map<string, string>();
  const unique: DatasetRef[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const key = keys[i]!;
    const inBatch = batch.get(key);
    if (inBatch !== undefined) {
      if (inBatch === ref.id) continue;
      throw new DatasetConflictError(`${type.name} ${dataIdText(ref.dataId)} appears twice with different ids in one insert into ${run}`);
    }
    const otherKey = byId.get(ref.id);
    if (otherKey !== undefined) throw new DatasetConflictError(`dataset id ${ref.id} is given for two data IDs (${otherKey}; ${key}) in one insert into ${run}`);
    batch.set(key, ref.id);
    byId.set(ref.id, key);
    unique.push(ref);
  }
  // the common case (a fresh ingest): everything is new. Write it in a savepoint without looking
  // first; any failure (a unique key already there, a missing dimension record, ...) undoes just that
  // and the careful path below compares with what is stored and reports what is wrong.
  if (unique.length > 0) {
    // id order is the key order of `dataset` and of the tags rows (one collection): sorted once here
    unique.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const wrote = await trx
      .savepoint(async (sp) => {
        await writeNew(sp, universe, type, runRecord, unique, options.ingestDate);
        return true;
      })
      .catch(() => false);
    if (wrote) return { type, run: runRecord, refs, fresh: firstOccurrences(refs, new Set(unique.map((r) => r.id))) };
  }
  // against the database: the RUN's tags rows for these data IDs, and dataset rows with these ids
  const inRun = await tagIdsByDataId(trx, type, runRecord.id, unique.map((r) => r.dataId));
  const stored = await datasetRows(trx, unique.map((r) => r.id));
  const freshIds = new Set<string>();
  const freshRefs: DatasetRef[] = [];
  for (const ref of unique) {
    const there = inRun.get(dataIdKey(type, ref.dataId));
    if (there !== undefined) {
      if (there === ref.id) continue;
      throw new DatasetConflictError(`${type.name} ${dataIdText(ref.dataId)} is already in RUN ${run} as ${there}, not ${ref.id}`);
    }
    const row = stored.get(ref.id);
    if (row) throw new DatasetConflictError(`dataset id ${ref.id} already exists (dataset type id ${row.datasetTypeId}, run id ${row.runId}) with another data ID or run`);
    freshIds.add(ref.id);
    freshRefs.push(ref);
  }
  const fresh = firstOccurrences(refs, freshIds);
  if (freshRefs.length > 0) await writeNew(trx, universe, type, runRecord, freshRefs, options.ingestDate);
  return { type, run: runRecord, refs, fresh };
}

/** `out[i]`: refs[i]'s id is in `freshIds` and appears first at i (a repeated input is not fresh twice). */
function firstOccurrences(refs: readonly DatasetRef[], freshIds: ReadonlySet<string>): boolean[] {
  const written = new Set<string>();
  return refs.map((r) => {
    if (!freshIds.has(r.id) || written.has(r.id)) return false;
    written.add(r.id);
    return true;
  });
}

/** Summary, `dataset` and RUN tags rows of `refs` (distinct, not stored yet). */
async function writeNew(trx: Database, universe: DimensionUniverse, type: DatasetTypeRecord, run: CollectionRecord, refs: readonly DatasetRef[], ingestDate: bigint | undefined): Promise<void> {
  const dataIds: DataId[] = refs.map((r) => r.dataId);
  await requireDimensionRecords(trx, type.tags, dataIds);
  const date = ingestDate ?? nowTaiNs();
  await ensureSummaries(trx, universe, type, run.id, dataIds);
  await trx.bulkInsert(DATASET, ['id', 'dataset_type_id', 'ingest_date', 'run_id'], refs.map((r) => [r.id, type.id, date, run.id]));
  await trx.bulkInsert(
    type.tags,
    ['dataset_type_id', 'dataset_id', 'collection_id', ...type.dimensions],
    refs.map((r) => [type.id, r.id, run.id, ...type.dimensions.map((d) => r.dataId[d])]),
  );
}

/**
 * Adds datasets of one type to a RUN, in one transaction: summary rows, then `dataset` rows, then
 * the RUN's tags rows. A dataset already present with the same id and data ID is left alone; the
 * same data ID with another id in the RUN, or an id already used elsewhere, is a conflict and
 * nothing is written. Lookups and writes are bulk statements, so the cost grows with the batch,
 * not with the RUN.
 * @returns the refs in input order.
 * @throws RegistryValidationError, MissingDatasetTypeError, MissingCollectionError, CollectionTypeError, DatasetConflictError
 */
export async function insertDatasets(
  db: Database,
  universe: DimensionUniverse,
  datasetType: string,
  run: string,
  dataIds: readonly Readonly<Record<string, unknown>>[],
  options: InsertDatasetsOptions = {},
): Promise<DatasetRef[]> {
  if (options.ids && options.ids.length !== dataIds.length) throw new RegistryValidationError(`${options.ids.length} ids given for ${dataIds.length} data IDs`);
  return db.transaction(async (trx) => (await addDatasets(trx, universe, datasetType, run, dataIds, options)).refs);
}
