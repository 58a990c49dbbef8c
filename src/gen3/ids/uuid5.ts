import { createHash } from 'node:crypto';
import { bytesToUuid, uuidToBytes } from './uuid-format.js';

/** The last namespace parsed (every dataset ID of a conversion uses the same one). */
let lastNamespace: { readonly text: string; readonly bytes: Buffer } | undefined;

/**
 * Name-based UUID version 5 (RFC 4122 §4.3: SHA-1 over namespace bytes + UTF-8 name), equal to
 * Python's `uuid.uuid5(namespace, name)`. Returns the dashed form.
 */
export function uuid5(namespace: string, name: string): string {
  if (lastNamespace?.text !== namespace) lastNamespace = { text: namespace, bytes: uuidToBytes(namespace) };
  const hash = createHash('sha1').update(lastNamespace.bytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytesToUuid(bytes);
}
