export { DatasetIdError } from './errors.js';
export { bytesToUuid, toDashedUuid, toHexUuid, uuidForEngine, uuidToBytes, uuidVersion, type UuidEngine } from './uuid-format.js';
export { uuid5 } from './uuid5.js';
export { uuid7, uuid7Timestamp } from './uuid7.js';
export {
  DATASET_ID_NAMESPACE,
  datasetIdHashInput,
  makeDatasetId,
  type DataIdValue,
  type DatasetIdGenMode,
  type DatasetIdInput,
} from './dataset-id-factory.js';
