import type { TableSpec } from '../ddl/index.js';

/** The opaque table name of the file datastore's records (`datastore.records.table`). */
export const FILE_DATASTORE_RECORDS_TABLE = 'file_datastore_records';

/**
 * `file_datastore_records` (no foreign keys; `component` is `__NULL_STRING__` for a dataset
 * stored as one file). daf_butler creates it, and its `opaque_meta` row, on the first writeable
 * open of a repository.
 */
export const FILE_DATASTORE_RECORDS: TableSpec = {
  name: FILE_DATASTORE_RECORDS_TABLE,
  fields: [
    { name: 'dataset_id', type: 'uuid', nullable: false },
    { name: 'path', type: 'string', length: 256, nullable: false },
    { name: 'formatter', type: 'string', length: 128, nullable: false },
    { name: 'storage_class', type: 'string', length: 64, nullable: false },
    { name: 'component', type: 'string', length: 32, nullable: false },
    { name: 'checksum', type: 'string', length: 128, nullable: true },
    { name: 'file_size', type: 'int', nullable: true },
  ],
  primaryKey: ['dataset_id', 'component'],
  indexes: [{ columns: ['path'] }],
  doc: 'File datastore records.',
};

/** The `component` value of a dataset stored as a single file. */
export const NULL_COMPONENT = '__NULL_STRING__';
