import { createHash } from 'node:crypto';
import type { DatasetIdGenMode } from '../ids/index.js';
import { DATASET_ID_NAMESPACE, datasetIdHashInput, makeDatasetId, uuidToBytes } from '../ids/index.js';
import type { DataId } from './data-id.js';

const NAMESPACE = uuidToBytes(DATASET_ID_NAMESPACE);

function dashed(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A maker of new dataset ids for one dataset type and RUN: the same UUIDs as `makeDatasetId`
 * (daf_butler's `DatasetIdFactory`), with the uuid5 namespace parsed once for large batches.
 */
export function datasetIdMaker(datasetType: string, run: string, mode: DatasetIdGenMode): (requiredDataId: DataId) => string {
  if (mode !== 'DATAID_TYPE' && mode !== 'DATAID_TYPE_RUN') return (requiredDataId) => makeDatasetId({ datasetType, run, requiredDataId }, mode);
  return (requiredDataId) => {
    const hash = createHash('sha1').update(NAMESPACE).update(datasetIdHashInput({ datasetType, run, requiredDataId }, mode), 'utf8').digest();
    hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
    hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
    return dashed(hash.toString('hex', 0, 16));
  };
}
