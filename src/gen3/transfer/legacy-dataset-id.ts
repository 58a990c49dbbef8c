import { createHash } from 'node:crypto';
import { bytesToUuid, uuidToBytes } from '../ids/index.js';

/** Namespace daf_butler's importer uses to turn old integer dataset ids into UUIDs (`_RefMapper`). */
export const LEGACY_DATASET_ID_NAMESPACE = '4d4851f4-2890-4d41-8779-5f38a3f5062b';

/** Name-based UUID version 3 (MD5), equal to Python's `uuid.uuid3(namespace, name)`. */
export function uuid3(namespace: string, name: string): string {
  const bytes = createHash('md5').update(uuidToBytes(namespace)).update(name, 'utf8').digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x30;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytesToUuid(bytes);
}

/** The UUID daf_butler's YAML importer assigns to an integer dataset id of an old export (`uuid3(NS, str(id))`). */
export function legacyDatasetIdToUuid(id: bigint): string {
  return uuid3(LEGACY_DATASET_ID_NAMESPACE, id.toString());
}
