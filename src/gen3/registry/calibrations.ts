import type { Database } from '../db/index.js';
import type { TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { COLLECTION } from '../schema/index.js';
import type { Timespan } from '../time/index.js';
import { isEmptyTimespan } from '../time/index.js';
import { refGrouper } from './associations.js';
import { getCollection } from './collections.js';
import type { DataId } from './data-id.js';
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

/** One certification of {@link certifyMany}: `refs` valid in CALIBRATION collection `collection` for `timespan`. */
export interface CertifyGroup {
  readonly collection: string;
  readonly refs: readonly DatasetRef[];
  readonly timespan: Timespan;
}

/**
 * Certifies datasets into a CALIBRATION collection for `timespan` (summary rows first, then one
 * `dataset_calibs_K` row each). Validity ranges of one dataset type + data ID must not overlap
 * within the collection — checked here on every engine, as no constraint does it.
 * @throws CalibrationOverlapError, CollectionTypeError, RegistryValidationError
 */
export async function certify(db: Database, universe: DimensionUniverse, collection: string, refs: readonly DatasetRef[], timespan: Timespan): Promise<void> {
  await certifyMany(db, universe, [{ collection, refs, timespan }]);
}

/**
 * {@link certify} of many groups in one transaction, with the outcome of one `certify` call per
 * group in order (a group's ranges must not overlap the collection's nor those of earlier groups;
 * same errors, same calibs row ids): the existing calibs rows of each collection + dataset type
 * are read once, summaries written once per collection + dataset type, the rows inserted in bulk.
 * All or nothing.
 * @throws CalibrationOverlapError, CollectionTypeError, RegistryValidationError
 */
export async function certifyMany(db: Database, universe: DimensionUniverse, groups: readonly CertifyGroup[]): Promise<void> {
  for (const g of groups) if (isEmptyTimespan(g.timespan)) throw new RegistryValidationError('cannot certify for an empty timespan');
  if (groups.length === 0) return;
  await db.transaction(async (trx) => {
    const collections = new Map<string, number>();
    const refsByType = await refGrouper(trx, universe, groups.flatMap((g) => g.refs));
    /** Validity taken per `collection id \t type id`, then per data ID key. */
    const takenBy = new Map<string, Map<string, Timespan[]>>();
    /** Data IDs entering each collection + type (first-appearance order), for the summaries. */
    const summaries = new Map<string, { type: DatasetTypeRecord; collectionId: number; dataIds: DataId[] }>();
    /** Rows to insert per calibs table, in certification order. */
    const pending = new Map<string, { spec: TableSpec; rows: Record<string, unknown>[] }>();
    for (const { collection, refs, timespan } of groups) {
      let collectionId = collections.get(collection);
      if (collectionId === undefined) {
        collectionId = (await getCollection(trx, collection, 'CALIBRATION')).id;
        await lockCollection(trx, collectionId);
        collections.set(collection, collectionId);
      }
      for (const [type, list] of await refsByType(refs)) {
        const spec = requireCalibration(type);
        const slot = `${collectionId}\t${type.id}`;
        let taken = takenBy.get(slot);
        if (!taken) {
          taken = new Map();
          for (const r of await calibRows(trx, type, collectionId)) {
            if (!r.timespan) continue;
            const key = dataIdKey(type, r.dataId);
            const have = taken.get(key);
            if (have) have.push(r.timespan);
            else taken.set(key, [r.timespan]);
          }
          takenBy.set(slot, taken);
        }
        for (const ref of list) {
          const key = dataIdKey(type, ref.dataId);
          const have = taken.get(key);
          const clash = have?.find((t) => timespansOverlap(t, timespan));
          if (clash) {
            throw new CalibrationOverlapError(
              `${type.name} ${dataIdText(ref.dataId)} is already certified in ${collection} for [${clash.begin}, ${clash.end}), which overlaps [${timespan.begin}, ${timespan.end})`,
            );
          }
          if (have) have.push(timespan);
          else taken.set(key, [timespan]);
        }
        const summary = summaries.get(slot) ?? { type, collectionId, dataIds: [] };
        for (const ref of list) summary.dataIds.push(ref.dataId);
        summaries.set(slot, summary);
        const target = pending.get(spec.name) ?? { spec, rows: [] };
        for (const ref of list) target.rows.push({ ...associationRow(type, ref.id, collectionId, ref.dataId), timespan });
        pending.set(spec.name, target);
      }
    }
    for (const s of summaries.values()) await ensureSummaries(trx, universe, s.type, s.collectionId, s.dataIds);
    // each table's ids follow its own rows' order, as one insert per row in certification order gives
    for (const { spec, rows } of pending.values()) await trx.insertWithIds(spec, rows);
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
