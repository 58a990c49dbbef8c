import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { COLLECTION, COLLECTION_CHAIN, DATASET, DATASET_LOCATION, FILE_DATASTORE_RECORDS_TABLE, RUN } from '../schema/index.js';
import { getCollection } from './collections.js';
import { allDatasetTypes } from './dataset-types.js';
import { CollectionTypeError } from './errors.js';

/**
 * Removes RUN collections with their datasets: tags rows (in every collection), calibs rows,
 * datastore records and locations, `dataset` rows, summary rows, the `run` and `collection` rows.
 * One transaction. Datastore files are not touched.
 * @throws CollectionTypeError when a name is not a RUN or is still a child of a chain.
 */
export async function removeRuns(db: Database, universe: DimensionUniverse, names: readonly string[]): Promise<void> {
  await db.transaction(async (trx) => {
    const runs = [];
    for (const name of names) {
      const run = await getCollection(trx, name, 'RUN');
      const parents = await trx.select(COLLECTION_CHAIN.name, { child: run.id });
      if (parents.length > 0) throw new CollectionTypeError(`RUN ${name} is a child of a CHAINED collection; remove it from the chain first`);
      runs.push(run);
    }
    const ids = runs.map((r) => r.id);
    if (ids.length === 0) return;
    trx.cache.invalidate();
    const inRuns = trx.knex(DATASET.name).select('id').whereIn('run_id', ids);
    const tables = new Set(await trx.listTables());
    for (const type of await allDatasetTypes(trx, universe)) {
      for (const spec of [type.tags, type.calibs]) {
        if (spec && tables.has(spec.name)) await trx.knex(spec.name).whereIn('dataset_id', inRuns.clone()).delete();
      }
    }
    if (tables.has(FILE_DATASTORE_RECORDS_TABLE)) await trx.knex(FILE_DATASTORE_RECORDS_TABLE).whereIn('dataset_id', inRuns.clone()).delete();
    await trx.knex(DATASET_LOCATION.name).whereIn('dataset_id', inRuns.clone()).delete();
    await trx.knex(DATASET.name).whereIn('run_id', ids).delete();
    for (const t of ['collection_summary_dataset_type', ...universe.governors.map((g) => `collection_summary_${g.name}`)]) {
      await trx.knex(t).whereIn('collection_id', ids).delete();
    }
    await trx.knex(RUN.name).whereIn('collection_id', ids).delete();
    await trx.knex(COLLECTION.name).whereIn('collection_id', ids).delete();
  });
}
