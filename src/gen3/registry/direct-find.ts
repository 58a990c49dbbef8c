/**
 * The find-first lookup of {@link findDataset} answered through `Database.direct` (SQLite): tags
 * rows with one cached prepared statement per collection searched (collections whose summary lacks the
 * dataset type skipped), and CALIBRATION collections from
 * an in-memory index of the type's validity ranges there, loaded with one query and kept while the
 * database's generation is unchanged (any write through this connection, committed or not, and any
 * commit by another connection or process drops it). The knex path stays for PostgreSQL, inside
 * transactions, and whenever the connection is busy.
 */
import type { Database, DirectReads } from '../db/index.js';
import { quoteName } from '../db/index.js';
import type { TableSpec } from '../ddl/index.js';
import type { Timespan } from '../time/index.js';
import { calibrationsOverlapping, oneValidCalibration } from './calibration-lookup.js';
import type { CollectionRecord } from './collections.js';
import type { DataId } from './data-id.js';
import { dataIdText } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import { dataIdKey } from './dataset-rows.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { collectionIndex } from './registry-metadata.js';
import { decodeInt, decodeRow } from './stored-values.js';

/** A calibs row in logical form with its dataset's RUN. */
interface CalibEntry {
  readonly datasetId: string;
  readonly runId: number;
  readonly dataId: DataId;
  readonly timespan: Timespan | null;
}

/** The validity ranges of one dataset type in one CALIBRATION collection, by data ID key, as of `generation`. */
interface CalibrationIndex {
  readonly generation: string;
  readonly byKey: ReadonlyMap<string, readonly CalibEntry[]>;
}

/** Per connection: `typeId/collectionId` → index. */
const calibrationIndexes = new WeakMap<DirectReads, Map<string, CalibrationIndex>>();

/** Per connection: the `collection_summary_dataset_type` rows (`collectionId/typeId`) as of a generation. */
const summaryIndexes = new WeakMap<DirectReads, { readonly generation: string; readonly pairs: ReadonlySet<string> }>();

/**
 * The (collection, dataset type) pairs the collection summaries list at `generation` (loaded now when
 * stale); undefined when the connection is busy. A collection whose summary lacks a dataset type holds
 * none of it: daf_butler writes the summary row with the first dataset, and its find-first skips such
 * collections too.
 */
function summaryPairs(direct: DirectReads, generation: string): ReadonlySet<string> | undefined {
  const known = summaryIndexes.get(direct);
  if (known?.generation === generation) return known.pairs;
  const rows = direct.all('SELECT collection_id, dataset_type_id FROM collection_summary_dataset_type', []);
  if (!rows) return undefined;
  const pairs = new Set(rows.map((r) => `${Number(decodeInt(r.collection_id))}/${Number(decodeInt(r.dataset_type_id))}`));
  summaryIndexes.set(direct, { generation, pairs });
  return pairs;
}

function pick(row: Readonly<Record<string, unknown>>, dims: readonly string[]): DataId {
  const out: Record<string, DataId[string]> = {};
  for (const d of dims) out[d] = row[d] as DataId[string];
  return out;
}

/** `SELECT t.*, d.run_id` of an association table joined to `dataset`, filtered by type, collection and `dims`. */
function associationSql(spec: TableSpec, dims: readonly string[]): string {
  return (
    `SELECT t.*, d.run_id AS run_id FROM ${quoteName(spec.name)} AS t JOIN dataset AS d ON d.id = t.dataset_id ` +
    `WHERE t.dataset_type_id = ? AND t.collection_id = ?${dims.map((d) => ` AND t.${quoteName(d)} = ?`).join('')}`
  );
}

/** The calibration index of `type` in `collectionId` at `generation` (loaded now when stale); undefined when the connection is busy. */
function calibrationIndex(db: Database, direct: DirectReads, generation: string, type: DatasetTypeRecord, spec: TableSpec, collectionId: number): CalibrationIndex | undefined {
  let perConnection = calibrationIndexes.get(direct);
  if (!perConnection) {
    perConnection = new Map();
    calibrationIndexes.set(direct, perConnection);
  }
  const key = `${type.id}/${collectionId}`;
  const known = perConnection.get(key);
  if (known?.generation === generation) return known;
  const rows = direct.all(associationSql(spec, []), [type.id, collectionId]);
  if (!rows) return undefined;
  const byKey = new Map<string, CalibEntry[]>();
  for (const r of rows) {
    const d = decodeRow(db.capabilities, spec, r);
    const dataId = pick(d, type.dimensions);
    const entry: CalibEntry = { datasetId: String(d.dataset_id), runId: Number(decodeInt(r.run_id)), dataId, timespan: (d.timespan as Timespan | null) ?? null };
    const k = dataIdKey(type, dataId);
    const list = byKey.get(k);
    if (list) list.push(entry);
    else byKey.set(k, [entry]);
  }
  const index: CalibrationIndex = { generation, byKey };
  perConnection.set(key, index);
  return index;
}

/**
 * {@link findDataset}'s search over `path` (already filtered: CALIBRATION collections only for a
 * calibration type with `timespan`) through `db.direct`.
 * @returns `{ ref }` (ref undefined: no collection holds one), or undefined when the direct path
 * cannot answer (no direct reads, busy connection, a RUN unknown to the collection memo) — then the
 * caller runs the knex lookup.
 * @throws AmbiguousCalibrationError when several certified datasets overlap the timespan in one collection.
 */
export async function findDatasetDirect(
  db: Database,
  type: DatasetTypeRecord,
  dataId: DataId,
  path: readonly CollectionRecord[],
  timespan: Timespan | undefined,
  given: Readonly<Record<string, unknown>>,
): Promise<{ ref: DatasetRef | undefined } | undefined> {
  const direct = db.direct;
  if (!direct) return undefined;
  const collections = await collectionIndex(db);
  // From here on synchronous: every read sees the same database state.
  const generation = direct.generation();
  if (generation === undefined) return undefined;
  const wanted = dataIdKey(type, dataId);
  const refOf = (datasetId: string, runId: number, found: DataId): { ref: DatasetRef } | undefined => {
    const run = collections.byId.get(runId)?.name;
    return run === undefined ? undefined : { ref: { id: datasetId, datasetType: type.name, run, dataId: found } };
  };
  const values = type.dimensions.map((d) => dataId[d]);
  for (const collection of path) {
    if (collection.type === 'CALIBRATION') {
      if (!type.calibs || !timespan) continue;
      const index = calibrationIndex(db, direct, generation, type, type.calibs, collection.id);
      if (!index) return undefined;
      const hit = oneValidCalibration(calibrationsOverlapping(index.byKey.get(wanted) ?? [], timespan), `${type.name} ${dataIdText(given)}`, collection.name);
      if (hit) return refOf(hit.datasetId, hit.runId, hit.dataId);
      continue;
    }
    const summaries = summaryPairs(direct, generation);
    if (!summaries) return undefined;
    if (!summaries.has(`${collection.id}/${type.id}`)) continue;
    const rows = direct.all(associationSql(type.tags, type.dimensions), [type.id, collection.id, ...values]);
    if (!rows) return undefined;
    const row = rows[0];
    if (row) {
      const d = decodeRow(db.capabilities, type.tags, row);
      return refOf(String(d.dataset_id), Number(decodeInt(row.run_id)), pick(d, type.dimensions));
    }
  }
  return { ref: undefined };
}
