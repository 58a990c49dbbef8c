import { DatasetIdError } from './errors.js';
import { uuid5 } from './uuid5.js';
import { uuid7 } from './uuid7.js';

/** daf_butler's `DatasetIdGenEnum`: how a new dataset's ID is made. */
export type DatasetIdGenMode = 'UNIQUE' | 'DATAID_TYPE' | 'DATAID_TYPE_RUN';

/** `DatasetIdFactory.NS_UUID` = `uuid5(NAMESPACE_DNS, "lsst.org")`. */
export const DATASET_ID_NAMESPACE = '840b31d9-05cd-5161-b2c8-00d32b280d0f';

/** A data-ID value: dimension keys are integers or strings. */
export type DataIdValue = string | number | bigint;

/** What a dataset ID is computed from. */
export interface DatasetIdInput {
  /** Dataset type name (for a component dataset, the full `parent.component` name as daf_butler uses `datasetType.name`). */
  datasetType: string;
  /** RUN collection name (only hashed in `DATAID_TYPE_RUN` mode). */
  run: string;
  /** The data ID's **required** dimension values (implied ones must not be included). */
  requiredDataId: Readonly<Record<string, DataIdValue>>;
}

/** Python `str()` of a data-ID value. */
function pythonStr(name: string, value: DataIdValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isSafeInteger(value)) {
    throw new DatasetIdError(`data ID value ${name}=${value} is not an integer (use a bigint beyond 2^53)`);
  }
  return String(value);
}

/**
 * The exact string daf_butler hashes for the deterministic modes: `dataset_type=<name>`, then
 * (`DATAID_TYPE_RUN` only) `run=<run>`, then the required dimensions sorted by name as
 * `<dimension>=<str(value)>`, joined with `,`.
 */
export function datasetIdHashInput(input: DatasetIdInput, mode: Exclude<DatasetIdGenMode, 'UNIQUE'>): string {
  const items: string[] = [`dataset_type=${input.datasetType}`];
  if (mode === 'DATAID_TYPE_RUN') items.push(`run=${input.run}`);
  const names = Object.keys(input.requiredDataId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) items.push(`${name}=${pythonStr(name, input.requiredDataId[name] as DataIdValue)}`);
  return items.join(',');
}

/**
 * Makes a dataset ID as daf_butler's `DatasetIdFactory.makeDatasetId` does: UUIDv7 for `UNIQUE`,
 * `uuid5(DATASET_ID_NAMESPACE, datasetIdHashInput(...))` otherwise. Returns the dashed form.
 * @throws DatasetIdError for an unknown mode or a non-integer numeric value.
 */
export function makeDatasetId(input: DatasetIdInput, mode: DatasetIdGenMode = 'UNIQUE', now: () => number = Date.now): string {
  switch (mode) {
    case 'UNIQUE':
      return uuid7(now());
    case 'DATAID_TYPE':
    case 'DATAID_TYPE_RUN':
      return uuid5(DATASET_ID_NAMESPACE, datasetIdHashInput(input, mode));
    default:
      throw new DatasetIdError(`unexpected ID generation mode: ${String(mode)}`);
  }
}
