import type { Database, DirectReads } from '../db/index.js';
import type { FileDatastoreRecord } from '../datastore/datastore-records.js';
import { toDashedUuid, uuidForEngine } from '../ids/index.js';
import { FILE_DATASTORE_RECORDS } from '../schema/index.js';
import { decodeRow } from './stored-values.js';

const COLUMNS = ['dataset_id', 'path', 'formatter', 'storage_class', 'component', 'checksum', 'file_size'] as const;
const SELECT_ONE = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "${FILE_DATASTORE_RECORDS.name}" WHERE "dataset_id" = ?`;
/** Direct reads are SQLite's (`Database.direct`), so the table is looked up in `sqlite_master`. */
const TABLE_EXISTS = `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${FILE_DATASTORE_RECORDS.name}'`;

function toRecord(db: Database, row: Readonly<Record<string, unknown>>): FileDatastoreRecord {
  const d = decodeRow(db.capabilities, FILE_DATASTORE_RECORDS, row);
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
    if (rows.length > 0) out.set(id, rows.map((r) => toRecord(db, r)));
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
  for (const r of await db.selectByKeys(FILE_DATASTORE_RECORDS, ['dataset_id'], ids.map((id) => [id]), [...COLUMNS])) {
    const record = toRecord(db, r);
    const list = out.get(record.dataset_id);
    if (list) list.push(record);
    else out.set(record.dataset_id, [record]);
  }
  return out;
}
