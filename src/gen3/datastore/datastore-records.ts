import { uuidForEngine, type UuidEngine } from '../ids/uuid-format.js';

/** `file_datastore_records.component` of a dataset stored as one file (daf_butler's magic string). */
export const NULL_COMPONENT = '__NULL_STRING__';

/** `dataset_location.datastore_name` of the default FileDatastore (literal, unexpanded `<butlerRoot>`). */
export const DEFAULT_DATASTORE_NAME = 'FileDatastore@<butlerRoot>';

/** Name of the datastore records opaque table. */
export const FILE_DATASTORE_RECORDS_TABLE = 'file_datastore_records';

/** One `file_datastore_records` row, engine-neutral (`dataset_id` dashed). */
export interface FileDatastoreRecord {
  dataset_id: string;
  /** Relative to the datastore root, or an absolute `file://` URI (`direct`). */
  path: string;
  /** Fully-qualified formatter class name. */
  formatter: string;
  storage_class: string;
  /** Component name, or {@link NULL_COMPONENT}. */
  component: string;
  /** BLAKE2b-512 hex digest when checksums are enabled, else `null`. */
  checksum: string | null;
  /** Byte size; −1 when validation info is not recorded. */
  file_size: number;
}

/** One `dataset_location` row (`dataset_id` dashed). */
export interface DatasetLocationRow {
  datastore_name: string;
  dataset_id: string;
}

/** The `dataset_location` row that says `datasetId` is stored in the datastore. */
export function datasetLocationRow(datasetId: string, datastoreName: string = DEFAULT_DATASTORE_NAME): DatasetLocationRow {
  return { datastore_name: datastoreName, dataset_id: datasetId };
}

/** A row with `dataset_id` in the engine's storage form (SQLite hex without dashes, PostgreSQL dashed). */
export function rowForEngine<T extends { dataset_id: string }>(row: T, engine: UuidEngine): T {
  return Object.assign({}, row, { dataset_id: uuidForEngine(row.dataset_id, engine) });
}
