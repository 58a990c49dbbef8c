import type { Database } from '../db/index.js';
import type { FileDatastoreRecord } from '../datastore/datastore-records.js';
import { DEFAULT_DATASTORE_NAME, datasetLocationRow } from '../datastore/datastore-records.js';
import { RegistryConflictError } from '../errors.js';
import { toDashedUuid, uuidForEngine } from '../ids/index.js';
import { DATASET_LOCATION, FILE_DATASTORE_RECORDS, OPAQUE_META } from '../schema/index.js';
import { datasetRows } from './dataset-rows.js';
import { RegistryValidationError } from './errors.js';
import { decodeRow } from './stored-values.js';

const CHUNK = 500;

/**
 * Creates `file_datastore_records` and its `opaque_meta` row if missing, as daf_butler does on
 * its first writeable open.
 */
export async function ensureFileRecordsTable(db: Database): Promise<void> {
  if ((await db.listTables()).includes(FILE_DATASTORE_RECORDS.name)) return;
  await db.createTables([FILE_DATASTORE_RECORDS]);
  await db.ensure(OPAQUE_META, [{ table_name: FILE_DATASTORE_RECORDS.name }]);
}

function recordKey(r: Readonly<Record<string, unknown>>): string {
  return `${String(r.dataset_id)}|${String(r.component)}`;
}

function sameRecord(a: Readonly<Record<string, unknown>>, b: FileDatastoreRecord): boolean {
  return (Object.keys(b) as (keyof FileDatastoreRecord)[]).every((k) => String(a[k] ?? null) === String(b[k] ?? null));
}

/** Stored records (decoded) for these dataset ids, keyed by dataset id + component. */
async function existingRecords(db: Database, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK).map((id) => uuidForEngine(id, db.dialect));
    const rows = (await db.knex(FILE_DATASTORE_RECORDS.name).select('*').whereIn('dataset_id', chunk)) as Record<string, unknown>[];
    for (const r of rows) {
      const d = decodeRow(db.capabilities, FILE_DATASTORE_RECORDS, r);
      out.set(recordKey(d), d);
    }
  }
  return out;
}

/**
 * Writes datastore records and the matching `dataset_location` rows (one per dataset), in the
 * caller's transaction when there is one. Every dataset must exist; identical re-writes are no-ops.
 * @throws RegistryValidationError for a record of an unknown dataset or a repeated key.
 * @throws RegistryConflictError when a stored record for the same dataset and component differs.
 */
export async function insertFileRecords(db: Database, records: readonly FileDatastoreRecord[], datastoreName: string = DEFAULT_DATASTORE_NAME): Promise<void> {
  if (records.length === 0) return;
  const pathless = records.find((r) => r.path.length === 0 || r.formatter.length === 0);
  if (pathless) throw new RegistryValidationError(`datastore record of ${pathless.dataset_id} has an empty path or formatter`);
  await db.transaction(async (trx) => {
    const normalized = records.map((r) => ({ ...r, dataset_id: toDashedUuid(r.dataset_id) }));
    const ids = [...new Set(normalized.map((r) => r.dataset_id))];
    const known = await datasetRows(trx, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new RegistryValidationError(`datastore records for unknown datasets: ${missing.slice(0, 5).join(', ')}`);
    await ensureFileRecordsTable(trx);
    const stored = await existingRecords(trx, ids);
    const fresh = new Map<string, FileDatastoreRecord>();
    for (const r of normalized) {
      const key = recordKey({ ...r });
      const there = stored.get(key);
      if (there) {
        if (!sameRecord(there, r)) throw new RegistryConflictError(FILE_DATASTORE_RECORDS.name, { dataset_id: r.dataset_id, component: r.component }, there, { ...r });
        continue;
      }
      const dup = fresh.get(key);
      if (dup && !sameRecord({ ...dup }, r)) throw new RegistryValidationError(`two different datastore records for ${key}`);
      fresh.set(key, r);
    }
    await trx.insert(FILE_DATASTORE_RECORDS, [...fresh.values()].map((r) => ({ ...r })));
    await trx.ensure(DATASET_LOCATION, ids.map((id) => ({ ...datasetLocationRow(id, datastoreName) })));
  });
}
