import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { Timespan } from '../time/index.js';
import { calibrationsOverlapping } from './calibration-lookup.js';
import type { CollectionRecord } from './collections.js';
import { allCollections, flattenCollections } from './collections.js';
import type { DataId } from './data-id.js';
import { dataIdText, standardizeDataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { calibRows, dataIdKey, datasetRows, tagRows, type AssociationRow } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { getDatasetType } from './dataset-types.js';
import { AmbiguousCalibrationError } from './errors.js';

/** Options of {@link findDataset}. */
export interface FindDatasetOptions {
  /** Validity time to look up in CALIBRATION collections (without it they are skipped). */
  readonly timespan?: Timespan;
}

async function toRefs(db: Database, type: DatasetTypeRecord, rows: readonly AssociationRow[]): Promise<DatasetRef[]> {
  const stored = await datasetRows(db, rows.map((r) => r.datasetId));
  const names = await allCollections(db);
  return rows.map((r) => ({ id: r.datasetId, datasetType: type.name, run: names.get(stored.get(r.datasetId)?.runId ?? -1)?.name ?? '', dataId: r.dataId }));
}

/** The rows of `type` a collection holds (CALIBRATION: only with `timespan`, and only for calibration types). */
async function rowsIn(db: Database, type: DatasetTypeRecord, collection: CollectionRecord, timespan: Timespan | undefined, dataId?: DataId): Promise<AssociationRow[]> {
  if (collection.type === 'CALIBRATION') {
    if (!type.isCalibration || !timespan) return [];
    return calibrationsOverlapping(await calibRows(db, type, collection.id, dataId), timespan);
  }
  return tagRows(db, type, collection.id, dataId);
}

/**
 * daf_butler's find-first lookup: the collections (chains expanded in order) are searched in turn
 * and the first holding `dataId` wins. CALIBRATION collections are searched only for calibration
 * dataset types and only when a timespan is given; there the dataset valid over it is returned.
 * @returns the ref, or undefined when no collection holds one.
 * @throws AmbiguousCalibrationError when several certified datasets overlap the timespan in one collection.
 */
export async function findDataset(
  db: Database,
  universe: DimensionUniverse,
  datasetType: string,
  dataId: Readonly<Record<string, unknown>>,
  collections: readonly string[],
  options: FindDatasetOptions = {},
): Promise<DatasetRef | undefined> {
  const type = await getDatasetType(db, universe, datasetType);
  const standardized = standardizeDataId(universe, type.dimensions, dataId);
  const wanted = dataIdKey(type, standardized);
  for (const collection of await flattenCollections(db, collections)) {
    const hits = (await rowsIn(db, type, collection, options.timespan, standardized)).filter((r) => dataIdKey(type, r.dataId) === wanted);
    const ids = [...new Set(hits.map((h) => h.datasetId))];
    if (ids.length > 1) throw new AmbiguousCalibrationError(`${datasetType} ${dataIdText(dataId)}: ${ids.length} datasets valid over the timespan in ${collection.name}`);
    const hit = hits[0];
    if (hit) return (await toRefs(db, type, [hit]))[0];
  }
  return undefined;
}

/** Options of {@link queryDatasets}. */
export interface QueryDatasetsOptions {
  /** Keep only the first dataset per data ID in search order (default false). */
  readonly findFirst?: boolean;
  /** For CALIBRATION collections: only datasets valid over this timespan. */
  readonly timespan?: Timespan;
}

/**
 * Datasets of one type in the collections (chains expanded). Without `findFirst` every dataset
 * in any of them is listed once (CALIBRATION collections included, all validity ranges unless a
 * timespan is given); with `findFirst` the first per data ID in search order (CALIBRATION
 * collections need a timespan). Sorted by data ID.
 */
export async function queryDatasets(db: Database, universe: DimensionUniverse, datasetType: string, collections: readonly string[], options: QueryDatasetsOptions = {}): Promise<DatasetRef[]> {
  const type = await getDatasetType(db, universe, datasetType);
  const picked = new Map<string, AssociationRow>();
  for (const collection of await flattenCollections(db, collections)) {
    let rows: AssociationRow[];
    if (collection.type === 'CALIBRATION' && !options.findFirst && !options.timespan) rows = await calibRows(db, type, collection.id);
    else rows = await rowsIn(db, type, collection, options.timespan);
    for (const r of rows) {
      const key = options.findFirst ? dataIdKey(type, r.dataId) : r.datasetId;
      if (!picked.has(key)) picked.set(key, r);
    }
  }
  const refs = await toRefs(db, type, [...picked.values()]);
  return refs.sort((a, b) => compareDataIds(type, a, b));
}

function compareDataIds(type: DatasetTypeRecord, a: DatasetRef, b: DatasetRef): number {
  for (const d of type.dimensions) {
    const x = a.dataId[d];
    const y = b.dataId[d];
    if (x === y) continue;
    if (typeof x === 'string' || typeof y === 'string') return String(x) < String(y) ? -1 : 1;
    return BigInt(x ?? 0) < BigInt(y ?? 0) ? -1 : 1;
  }
  return a.run < b.run ? -1 : a.run > b.run ? 1 : 0;
}
