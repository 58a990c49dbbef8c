import type { Database, DirectReads } from '../db/index.js';
import type { FileDatastoreRecord } from '../datastore/datastore-records.js';
import { DEFAULT_DATASTORE_NAME } from '../datastore/datastore-records.js';
import { RegistryConflictError } from '../errors.js';
import { toDashedUuid, uuidForEngine } from '../ids/index.js';
import { DATASET_LOCATION, FILE_DATASTORE_RECORDS, OPAQUE_META } from '../schema/index.js';
import { datasetRows } from './dataset-rows.js';
import { RegistryValidationError } from './errors.js';
import { decodeRow } from './stored-values.js';

const RECORD_COLUMNS = ['dataset_id', 'path', 'formatter', 'storage_class', 'component', 'checksum', 'file_size'] as const;
const SELECT_ONE = `SELECT ${RECORD_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "${FILE_DATASTORE_RECORDS.name}" WHERE "dataset_id" = ?`;

/**
 * Creates `file_datastore_records` and its `opaque_meta` row if missing, as daf_butler does on
 * its first writeable open.
 */
export async function ensureFileRecordsTable(db: Database): Promise<void> {
  await db.cache.get('registry:fileRecordsTable', async () => {
    if (!(await db.listTables()).includes(FILE_DATASTORE_RECORDS.name)) {
      await db.createTables([FILE_DATASTORE_RECORDS]);
      await db.ensure(OPAQUE_META, [{ table_name: FILE_DATASTORE_RECORDS.name }]);
    }
    return true;
  });
}

function recordKey(r: Readonly<Record<string, unknown>>): string {
  return `${String(r.dataset_id)}|${String(r.component)}`;
}

function sameRecord(a: Readonly<Record<string, unknown>>, b: FileDatastoreRecord): boolean {
  return RECORD_COLUMNS.every((k) => String(a[k] ?? null) === String(b[k] ?? null));
}

/** The stored records (decoded) of these dataset ids, in one bulk key lookup. */
async function storedRecords(db: Database, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows = await db.selectByKeys(FILE_DATASTORE_RECORDS, ['dataset_id'], ids.map((id) => [id]), [...RECORD_COLUMNS]);
  return rows.map((r) => decodeRow(db.capabilities, FILE_DATASTORE_RECORDS, r));
}

/** Stored records (decoded) for these dataset ids, keyed by dataset id + component. */
async function existingRecords(db: Database, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await storedRecords(db, ids)).map((d) => [recordKey(d), d]));
}

/** @throws RegistryValidationError for an empty path or formatter. */
export function checkRecords(records: readonly FileDatastoreRecord[]): void {
  const pathless = records.find((r) => r.path.length === 0 || r.formatter.length === 0);
  if (pathless) throw new RegistryValidationError(`datastore record of ${pathless.dataset_id} has an empty path or formatter`);
}

/**
 * Writes `records` (dataset ids dashed; the datasets exist) and their `dataset_location` rows in
 * the caller's transaction. Records of `freshIds` datasets (written in this transaction) are
 * inserted without looking; the others are compared with what is stored and only missing ones
 * are written.
 * @throws RegistryValidationError for two different records with one key.
 * @throws RegistryConflictError when a stored record for the same dataset and component differs.
 */
export async function writeFileRecords(trx: Database, records: readonly FileDatastoreRecord[], freshIds: ReadonlySet<string>, datastoreName: string): Promise<void> {
  if (records.length === 0) return;
  await ensureFileRecordsTable(trx);
  const older = [...new Set(records.filter((r) => !freshIds.has(r.dataset_id)).map((r) => r.dataset_id))];
  const stored = await existingRecords(trx, older);
  const fresh = new Map<string, FileDatastoreRecord>();
  for (const r of records) {
    const key = recordKey({ ...r });
    const there = stored.get(key);
    if (there) {
      if (!sameRecord(there, r)) throw new RegistryConflictError(FILE_DATASTORE_RECORDS.name, { dataset_id: r.dataset_id, component: r.component }, there, { ...r });
      continue;
    }
    const dup = fresh.get(key);
    if (dup) {
      if (!sameRecord({ ...dup }, r)) throw new RegistryValidationError(`two different datastore records for ${key}`);
      continue;
    }
    fresh.set(key, r);
  }
  // in key order once: the records' (dataset_id, component) and the locations' dataset ids follow it
  const sorted = [...fresh.values()].sort((a, b) => (a.dataset_id < b.dataset_id ? -1 : a.dataset_id > b.dataset_id ? 1 : a.component < b.component ? -1 : a.component > b.component ? 1 : 0));
  const rows = sorted.map((r) => RECORD_COLUMNS.map((c) => r[c]));
  await trx.bulkInsert(FILE_DATASTORE_RECORDS, RECORD_COLUMNS, rows);
  const ids = [...new Set([...sorted.map((r) => r.dataset_id), ...records.map((r) => r.dataset_id)])];
  const newIds = ids.filter((id) => freshIds.has(id));
  await trx.bulkInsert(DATASET_LOCATION, ['datastore_name', 'dataset_id'], newIds.map((id) => [datastoreName, id]));
  const oldIds = ids.filter((id) => !freshIds.has(id));
  await trx.bulkInsert(DATASET_LOCATION, ['datastore_name', 'dataset_id'], oldIds.map((id) => [datastoreName, id]), { ignoreExisting: true });
}

/**
 * Writes datastore records and the matching `dataset_location` rows (one per dataset), in the
 * caller's transaction when there is one. Every dataset must exist; identical re-writes are no-ops.
 * @throws RegistryValidationError for a record of an unknown dataset or a repeated key.
 * @throws RegistryConflictError when a stored record for the same dataset and component differs.
 */
export async function insertFileRecords(db: Database, records: readonly FileDatastoreRecord[], datastoreName: string = DEFAULT_DATASTORE_NAME): Promise<void> {
  if (records.length === 0) return;
  checkRecords(records);
  await db.transaction(async (trx) => {
    const normalized = records.map((r) => Object.assign({}, r, { dataset_id: toDashedUuid(r.dataset_id) }));
    const ids = [...new Set(normalized.map((r) => r.dataset_id))];
    const known = await datasetRows(trx, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new RegistryValidationError(`datastore records for unknown datasets: ${missing.slice(0, 5).join(', ')}`);
    await writeFileRecords(trx, normalized, new Set(), datastoreName);
  });
}

/** Direct reads are SQLite's (`Database.direct`), so the table is looked up in `sqlite_master`. */
const TABLE_EXISTS = `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${FILE_DATASTORE_RECORDS.name}'`;

/** A decoded stored row as a record. */
function toRecord(d: Readonly<Record<string, unknown>>): FileDatastoreRecord {
  return {
    dataset_id: String(d.dataset_id),
    path: String(d.path),
    formatter: String(d.formatter),
    storage_class: String(d.storage_class),
    component: String(d.component),
    checksum: d.checksum === null ? null : String(d.checksum),
    file_size: d.file_size === null ? -1 : Number(d.file_size),
  };
}

/** Connections known to have the table (daf_butler never drops it once made). */
const tableSeen = new WeakSet<DirectReads>();

/** The records through `db.direct`, or undefined when the connection is busy (or there are no direct reads). */
function directRecords(db: Database, ids: readonly string[]): Map<string, FileDatastoreRecord[]> | undefined {
  const direct = db.direct;
  if (!direct) return undefined;
  const out = new Map<string, FileDatastoreRecord[]>();
  if (!tableSeen.has(direct)) {
    const exists = direct.all(TABLE_EXISTS, []);
    if (!exists) return undefined;
    if (exists.length === 0) return out;
    tableSeen.add(direct);
  }
  for (const id of ids) {
    const rows = direct.all(SELECT_ONE, [uuidForEngine(id, db.dialect)]);
    if (!rows) return undefined;
    if (rows.length > 0) out.set(id, rows.map((r) => toRecord(decodeRow(db.capabilities, FILE_DATASTORE_RECORDS, r))));
  }
  return out;
}

/**
 * The `file_datastore_records` rows of these datasets (ids in any UUID spelling), by dashed dataset
 * id; datasets without records (or a repository without the table) are absent. SQLite outside a
 * transaction: one cached prepared statement per id on the idle connection; otherwise one bulk
 * key lookup.
 */
export async function findFileRecords(db: Database, datasetIds: readonly string[]): Promise<Map<string, FileDatastoreRecord[]>> {
  const ids = [...new Set(datasetIds.map(toDashedUuid))];
  if (ids.length === 0) return new Map();
  const direct = directRecords(db, ids);
  if (direct) return direct;
  const out = new Map<string, FileDatastoreRecord[]>();
  if (!(await db.listTables()).includes(FILE_DATASTORE_RECORDS.name)) return out;
  for (const d of await storedRecords(db, ids)) {
    const record = toRecord(d);
    const list = out.get(record.dataset_id);
    if (list) list.push(record);
    else out.set(record.dataset_id, [record]);
  }
  return out;
}
