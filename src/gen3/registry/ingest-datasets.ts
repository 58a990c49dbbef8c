import type { Database } from '../db/index.js';
import type { FileDatastoreRecord } from '../datastore/datastore-records.js';
import { DEFAULT_DATASTORE_NAME, NULL_COMPONENT } from '../datastore/datastore-records.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DatasetIdGenMode } from '../ids/index.js';
import type { DatasetRef } from './dataset-ref.js';
import { dataIdText } from './data-id.js';
import { RegistryValidationError } from './errors.js';
import { writeFileRecords } from './file-records.js';
import { addDatasets } from './insert-datasets.js';

/** One file-backed dataset for {@link ingestDatasets}. */
export interface IngestEntry {
  readonly dataId: Readonly<Record<string, unknown>>;
  /** Explicit dataset id (dashed or hex); made with `idMode` when absent. */
  readonly id?: string;
  /** Datastore path: relative to the datastore root, or an absolute `file://` URI (`direct`). */
  readonly path: string;
  /** Fully-qualified formatter class name. */
  readonly formatter: string;
  /** Storage class of the file (default: the dataset type's). */
  readonly storageClass?: string;
  /** Component stored in this file (default: the whole dataset, `__NULL_STRING__`). */
  readonly component?: string;
  /** BLAKE2b-512 hex digest, or null (default). */
  readonly checksum?: string | null;
  /** Byte size; −1 (default) when not recorded. */
  readonly fileSize?: number;
}

/** Options of {@link ingestDatasets}. */
export interface IngestDatasetsOptions {
  /** How new ids are made (default `UNIQUE`: UUIDv7). */
  readonly idMode?: DatasetIdGenMode;
  /** `ingest_date` in TAI ns (default now). */
  readonly ingestDate?: bigint;
  /** `dataset_location.datastore_name` (default `FileDatastore@<butlerRoot>`). */
  readonly datastoreName?: string;
}

/**
 * Registers file-backed datasets of one type in a RUN with their datastore rows, in ONE
 * transaction: summary, `dataset` and tags rows (as {@link addDatasets}), then
 * `file_datastore_records` and `dataset_location` rows. Datasets already there with the same id
 * and data ID are kept and their records compared (missing ones added); any conflict or invalid
 * entry throws before anything is committed. The files themselves are not touched (the caller
 * transfers them first; see `src/gen3/datastore`).
 * @returns the refs, in input order.
 * @throws RegistryValidationError, MissingDatasetTypeError, MissingCollectionError, CollectionTypeError, DatasetConflictError, RegistryConflictError
 */
export async function ingestDatasets(
  db: Database,
  universe: DimensionUniverse,
  datasetType: string,
  run: string,
  entries: readonly IngestEntry[],
  options: IngestDatasetsOptions = {},
): Promise<DatasetRef[]> {
  const empty = entries.find((e) => e.path.length === 0 || e.formatter.length === 0);
  if (empty) throw new RegistryValidationError(`ingest entry ${dataIdText(empty.dataId)} has an empty path or formatter`);
  return db.transaction(async (trx) => {
    const added = await addDatasets(
      trx,
      universe,
      datasetType,
      run,
      entries.map((e) => e.dataId),
      { ids: entries.map((e) => e.id), ...(options.idMode ? { idMode: options.idMode } : {}), ...(options.ingestDate !== undefined ? { ingestDate: options.ingestDate } : {}) },
    );
    const records: FileDatastoreRecord[] = entries.map((e, i) => ({
      dataset_id: added.refs[i]!.id,
      path: e.path,
      formatter: e.formatter,
      storage_class: e.storageClass ?? added.type.storageClass,
      component: e.component ?? NULL_COMPONENT,
      checksum: e.checksum ?? null,
      file_size: e.fileSize ?? -1,
    }));
    const freshIds = new Set<string>();
    for (let i = 0; i < records.length; i++) if (added.fresh[i]) freshIds.add(added.refs[i]!.id);
    await writeFileRecords(trx, records, freshIds, options.datastoreName ?? DEFAULT_DATASTORE_NAME);
    return added.refs;
  });
}
