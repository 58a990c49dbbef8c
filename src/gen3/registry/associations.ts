import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { uuidForEngine } from '../ids/index.js';
import { getCollection } from './collections.js';
import { dataIdText, standardizeDataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { associationRow, dataIdKey, datasetRows, ensureSummaries, tagRows } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { getDatasetType } from './dataset-types.js';
import { DatasetConflictError, RegistryValidationError } from './errors.js';

/** Groups refs by dataset type, checking that each exists in `dataset` with that type. */
export async function refsByType(db: Database, universe: DimensionUniverse, refs: readonly DatasetRef[]): Promise<Map<DatasetTypeRecord, DatasetRef[]>> {
  return (await refGrouper(db, universe, refs))(refs);
}

/**
 * {@link refsByType} for many subsets of `refs` (e.g. one per certification group): the dataset rows
 * of all of `refs` are read once and each dataset type looked up once, whatever the number of calls.
 * A subset may hold only refs of `refs`.
 */
export async function refGrouper(db: Database, universe: DimensionUniverse, refs: readonly DatasetRef[]): Promise<(subset: readonly DatasetRef[]) => Promise<Map<DatasetTypeRecord, DatasetRef[]>>> {
  const types = new Map<string, DatasetTypeRecord>();
  const stored = await datasetRows(db, refs.map((r) => r.id));
  return async (subset) => {
    const out = new Map<DatasetTypeRecord, DatasetRef[]>();
    for (const ref of subset) {
      let type = types.get(ref.datasetType);
      if (!type) {
        type = await getDatasetType(db, universe, ref.datasetType);
        types.set(ref.datasetType, type);
      }
      const row = stored.get(ref.id);
      if (row?.datasetTypeId !== type.id) throw new RegistryValidationError(`dataset ${ref.id} (${ref.datasetType}) is not in the registry`);
      const standardized = { ...ref, dataId: standardizeDataId(universe, type.dimensions, ref.dataId) };
      const list = out.get(type);
      if (list) list.push(standardized);
      else out.set(type, [standardized]);
    }
    return out;
  };
}

/**
 * Adds existing datasets to a TAGGED collection (summary rows first). A dataset already tagged is
 * left alone; another dataset with the same type and data ID in the collection is a conflict.
 * @throws DatasetConflictError, CollectionTypeError, MissingCollectionError
 */
export async function associate(db: Database, universe: DimensionUniverse, collection: string, refs: readonly DatasetRef[]): Promise<void> {
  await db.transaction(async (trx) => {
    const tagged = await getCollection(trx, collection, 'TAGGED');
    for (const [type, list] of await refsByType(trx, universe, refs)) {
      const existing = new Map((await tagRows(trx, type, tagged.id)).map((r) => [dataIdKey(type, r.dataId), r.datasetId]));
      const fresh: DatasetRef[] = [];
      for (const ref of list) {
        const key = dataIdKey(type, ref.dataId);
        const there = existing.get(key);
        if (there === ref.id) continue;
        if (there !== undefined) throw new DatasetConflictError(`${type.name} ${dataIdText(ref.dataId)} is already in ${collection} as ${there}, not ${ref.id}`);
        existing.set(key, ref.id);
        fresh.push(ref);
      }
      await ensureSummaries(trx, universe, type, tagged.id, fresh.map((r) => r.dataId));
      if (fresh.length > 0) await trx.insert(type.tags, fresh.map((r) => associationRow(type, r.id, tagged.id, r.dataId)));
    }
  });
}

/** Removes datasets from a TAGGED collection (absent ones are ignored). Summary rows stay, as in daf_butler. */
export async function disassociate(db: Database, universe: DimensionUniverse, collection: string, refs: readonly DatasetRef[]): Promise<void> {
  await db.transaction(async (trx) => {
    const tagged = await getCollection(trx, collection, 'TAGGED');
    for (const [type, list] of await refsByType(trx, universe, refs)) {
      const ids = list.map((r) => uuidForEngine(r.id, trx.dialect));
      await trx.knex(type.tags.name).where({ collection_id: tagged.id, dataset_type_id: type.id }).whereIn('dataset_id', ids).delete();
    }
  });
}
