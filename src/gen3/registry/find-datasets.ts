import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { Timespan } from '../time/index.js';
import { calibrationsOverlapping, oneValidCalibration } from './calibration-lookup.js';
import type { CollectionRecord } from './collections.js';
import type { DataId } from './data-id.js';
import { dataIdText, standardizeDataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { calibRows, dataIdKey, datasetRows, tagRows, type AssociationRow } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { findDatasetDirect } from './direct-find.js';
import { cachedDatasetType, cachedFlatten, collectionName } from './registry-metadata.js';
import { decodeInt, decodeUuid, whereValue } from './stored-values.js';

/** Options of {@link findDataset}. */
export interface FindDatasetOptions {
  /** Validity time to look up in CALIBRATION collections (without it they are skipped). */
  readonly timespan?: Timespan;
}

async function toRefs(db: Database, type: DatasetTypeRecord, rows: readonly AssociationRow[]): Promise<DatasetRef[]> {
  const stored = await datasetRows(db, rows.map((r) => r.datasetId));
  const names = new Map<number, string>();
  for (const id of new Set([...stored.values()].map((s) => s.runId))) names.set(id, (await collectionName(db, id)) ?? '');
  return rows.map((r) => ({ id: r.datasetId, datasetType: type.name, run: names.get(stored.get(r.datasetId)?.runId ?? -1) ?? '', dataId: r.dataId }));
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
 * On SQLite outside a transaction the lookup reads the idle connection directly, CALIBRATION
 * collections from a per-connection index of their validity ranges (see direct-find.ts).
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
  const type = await cachedDatasetType(db, universe, datasetType);
  const standardized = standardizeDataId(universe, type.dimensions, dataId);
  const path = (await cachedFlatten(db, collections)).filter((c) => c.type !== 'CALIBRATION' || (type.isCalibration && options.timespan));
  if (path.length === 0) return undefined;
  const direct = await findDatasetDirect(db, type, standardized, path, options.timespan, dataId);
  if (direct) return direct.ref;
  if (path.every((c) => c.type !== 'CALIBRATION')) return findInTags(db, type, standardized, path);
  const wanted = dataIdKey(type, standardized);
  for (const collection of path) {
    const hits = (await rowsIn(db, type, collection, options.timespan, standardized)).filter((r) => dataIdKey(type, r.dataId) === wanted);
    const hit = oneValidCalibration(hits, `${datasetType} ${dataIdText(dataId)}`, collection.name);
    if (hit) return (await toRefs(db, type, [hit]))[0];
  }
  return undefined;
}

/** `dataId` with bigint values in the safe range as numbers (as stored values are decoded). */
function normalizedDataId(dataId: DataId): DataId {
  return Object.fromEntries(Object.entries(dataId).map(([k, v]) => [k, typeof v === 'bigint' ? decodeInt(v) : v]));
}

/** Find-first over RUN/TAGGED collections only: one query over the tags table, the earliest collection in `path` wins. */
async function findInTags(db: Database, type: DatasetTypeRecord, dataId: DataId, path: readonly CollectionRecord[]): Promise<DatasetRef | undefined> {
  const tags = type.tags.name;
  const dims = type.dimensions;
  const sql =
    `SELECT t.dataset_id AS dataset_id, t.collection_id AS collection_id, d.run_id AS run_id FROM ?? AS t JOIN dataset AS d ON d.id = t.dataset_id ` +
    `WHERE t.dataset_type_id = ? AND ${dims.map(() => 't.?? = ? AND ').join('')}t.collection_id IN (${path.map(() => '?').join(',')})`;
  const bindings = [tags, type.id, ...dims.flatMap((d) => [d, whereValue(dataId[d]!)]), ...path.map((c) => c.id)];
  const result: unknown = await db.knex.raw(sql, bindings);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  if (rows.length === 0) return undefined;
  const rank = new Map(path.map((c, i) => [c.id, i]));
  let best: Record<string, unknown> | undefined;
  for (const r of rows) if (!best || rank.get(Number(decodeInt(r.collection_id)))! < rank.get(Number(decodeInt(best.collection_id)))!) best = r;
  const run = (await collectionName(db, Number(decodeInt(best!.run_id)))) ?? '';
  return { id: decodeUuid(best!.dataset_id), datasetType: type.name, run, dataId: normalizedDataId(dataId) };
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
  const type = await cachedDatasetType(db, universe, datasetType);
  const picked = new Map<string, AssociationRow>();
  for (const collection of await cachedFlatten(db, collections)) {
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
