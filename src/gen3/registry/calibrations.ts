import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { COLLECTION } from '../schema/index.js';
import type { Timespan } from '../time/index.js';
import { isEmptyTimespan } from '../time/index.js';
import { refsByType } from './associations.js';
import { getCollection } from './collections.js';
import { dataIdText, standardizeDataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { associationRow, calibRows, dataIdKey, ensureSummaries } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { getDatasetType } from './dataset-types.js';
import { CalibrationOverlapError, CollectionTypeError, RegistryValidationError } from './errors.js';

/** True when two non-empty half-open timespans share an instant. */
export function timespansOverlap(a: Timespan, b: Timespan): boolean {
  return !isEmptyTimespan(a) && !isEmptyTimespan(b) && a.begin < b.end && b.begin < a.end;
}

/**
 * Serializes writers of one CALIBRATION collection for the rest of the transaction (daf_butler
 * locks the calibs table): a row lock on its `collection` row where the engine has them
 * (PostgreSQL); SQLite serializes writers by itself (knex drops `FOR UPDATE` there).
 */
async function lockCollection(db: Database, collectionId: number): Promise<void> {
  await db.knex(COLLECTION.name).select('collection_id').where({ collection_id: collectionId }).forUpdate();
}

function requireCalibration(type: DatasetTypeRecord): NonNullable<DatasetTypeRecord['calibs']> {
  if (!type.calibs) throw new CollectionTypeError(`dataset type ${type.name} is not a calibration type`);
  return type.calibs;
}

/**
 * Certifies datasets into a CALIBRATION collection for `timespan` (summary rows first, then one
 * `dataset_calibs_K` row each). Validity ranges of one dataset type + data ID must not overlap
 * within the collection — checked here on every engine, as no constraint does it.
 * @throws CalibrationOverlapError, CollectionTypeError, RegistryValidationError
 */
export async function certify(db: Database, universe: DimensionUniverse, collection: string, refs: readonly DatasetRef[], timespan: Timespan): Promise<void> {
  if (isEmptyTimespan(timespan)) throw new RegistryValidationError('cannot certify for an empty timespan');
  await db.transaction(async (trx) => {
    const calib = await getCollection(trx, collection, 'CALIBRATION');
    await lockCollection(trx, calib.id);
    for (const [type, list] of await refsByType(trx, universe, refs)) {
      const spec = requireCalibration(type);
      const existing = await calibRows(trx, type, calib.id);
      const taken = new Map<string, Timespan[]>();
      for (const r of existing) if (r.timespan) taken.set(dataIdKey(type, r.dataId), [...(taken.get(dataIdKey(type, r.dataId)) ?? []), r.timespan]);
      for (const ref of list) {
        const key = dataIdKey(type, ref.dataId);
        const clash = (taken.get(key) ?? []).find((t) => timespansOverlap(t, timespan));
        if (clash) {
          throw new CalibrationOverlapError(
            `${type.name} ${dataIdText(ref.dataId)} is already certified in ${collection} for [${clash.begin}, ${clash.end}), which overlaps [${timespan.begin}, ${timespan.end})`,
          );
        }
        taken.set(key, [...(taken.get(key) ?? []), timespan]);
      }
      await ensureSummaries(trx, universe, type, calib.id, list.map((r) => r.dataId));
      for (const ref of list) await trx.insertWithId(spec, { ...associationRow(type, ref.id, calib.id, ref.dataId), timespan });
    }
  });
}

/** Options of {@link decertify}. */
export interface DecertifyOptions {
  /** Only these data IDs (default: all). */
  readonly dataIds?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Removes validity of `datasetType` in a CALIBRATION collection over `timespan`: ranges inside it
 * are deleted, ranges crossing its bounds are cut, a range containing it is split in two.
 * @returns how many calibs rows were changed or removed.
 */
export async function decertify(db: Database, universe: DimensionUniverse, collection: string, datasetType: string, timespan: Timespan, options: DecertifyOptions = {}): Promise<number> {
  return db.transaction(async (trx) => {
    const calib = await getCollection(trx, collection, 'CALIBRATION');
    await lockCollection(trx, calib.id);
    const type = await getDatasetType(trx, universe, datasetType);
    const spec = requireCalibration(type);
    const only = options.dataIds ? new Set(options.dataIds.map((d) => dataIdKey(type, standardizeDataId(universe, type.dimensions, d)))) : undefined;
    let changed = 0;
    for (const row of await calibRows(trx, type, calib.id)) {
      if (!row.timespan || !timespansOverlap(row.timespan, timespan)) continue;
      if (only && !only.has(dataIdKey(type, row.dataId))) continue;
      await trx.knex(spec.name).where({ id: row.rowId }).delete();
      const base = associationRow(type, row.datasetId, calib.id, row.dataId);
      if (row.timespan.begin < timespan.begin) await trx.insertWithId(spec, { ...base, timespan: { begin: row.timespan.begin, end: timespan.begin } });
      if (timespan.end < row.timespan.end) await trx.insertWithId(spec, { ...base, timespan: { begin: timespan.end, end: row.timespan.end } });
      changed += 1;
    }
    return changed;
  });
}
