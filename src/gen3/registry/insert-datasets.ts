import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DatasetIdGenMode } from '../ids/index.js';
import { makeDatasetId, toDashedUuid } from '../ids/index.js';
import { DATASET } from '../schema/index.js';
import { nowTaiNs } from '../time/index.js';
import { getCollection } from './collections.js';
import { dataIdText, requireDimensionRecords, standardizeDataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { associationRow, dataIdKey, datasetRows, ensureSummaries, tagRows } from './dataset-rows.js';
import { getDatasetType } from './dataset-types.js';
import { DatasetConflictError, RegistryValidationError } from './errors.js';

/** Options of {@link insertDatasets}. */
export interface InsertDatasetsOptions {
  /** How new ids are made (default `UNIQUE`: UUIDv7). */
  readonly idMode?: DatasetIdGenMode;
  /** Explicit ids (dashed or hex), one per data ID; overrides `idMode`. */
  readonly ids?: readonly string[];
  /** `ingest_date` in TAI ns (default now). */
  readonly ingestDate?: bigint;
}

/**
 * Adds datasets of one type to a RUN, in one transaction: summary rows, then `dataset` rows, then
 * the RUN's tags rows. A dataset already present with the same id and data ID is left alone; the
 * same data ID with another id in the RUN, or an id already used elsewhere, is a conflict and
 * nothing is written.
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
  return db.transaction(async (trx) => {
    const type = await getDatasetType(trx, universe, datasetType);
    const runRecord = await getCollection(trx, run, 'RUN');
    const standardized = dataIds.map((d) => standardizeDataId(universe, type.dimensions, d));
    const refs: DatasetRef[] = standardized.map((dataId, i) => ({
      id: options.ids?.[i] !== undefined ? toDashedUuid(options.ids[i]) : makeDatasetId({ datasetType: type.name, run, requiredDataId: dataId }, options.idMode ?? 'UNIQUE'),
      datasetType: type.name,
      run,
      dataId,
    }));
    const existingTags = new Map((await tagRows(trx, type, runRecord.id)).map((r) => [dataIdKey(type, r.dataId), r.datasetId]));
    const existingDatasets = await datasetRows(trx, refs.map((r) => r.id));
    const batch = new Map<string, string>();
    const fresh: DatasetRef[] = [];
    for (const ref of refs) {
      const key = dataIdKey(type, ref.dataId);
      const inRun = existingTags.get(key);
      const inBatch = batch.get(key);
      const stored = existingDatasets.get(ref.id);
      if (inBatch !== undefined) {
        if (inBatch === ref.id) continue;
        throw new DatasetConflictError(`${type.name} ${dataIdText(ref.dataId)} appears twice with different ids in one insert into ${run}`);
      }
      batch.set(key, ref.id);
      if (inRun !== undefined) {
        if (inRun === ref.id) continue;
        throw new DatasetConflictError(`${type.name} ${dataIdText(ref.dataId)} is already in RUN ${run} as ${inRun}, not ${ref.id}`);
      }
      if (stored) throw new DatasetConflictError(`dataset id ${ref.id} already exists (dataset type id ${stored.datasetTypeId}, run id ${stored.runId}) with another data ID or run`);
      fresh.push(ref);
    }
    await requireDimensionRecords(trx, type.tags, fresh.map((r) => r.dataId));
    if (fresh.length > 0) {
      const ingestDate = options.ingestDate ?? nowTaiNs();
      await ensureSummaries(trx, universe, type, runRecord.id, fresh.map((r) => r.dataId));
      await trx.insert(DATASET, fresh.map((r) => ({ id: r.id, dataset_type_id: type.id, ingest_date: ingestDate, run_id: runRecord.id })));
      await trx.insert(type.tags, fresh.map((r) => associationRow(type, r.id, runRecord.id, r.dataId)));
    }
    return refs;
  });
}
