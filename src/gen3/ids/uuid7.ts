import { randomBytes } from 'node:crypto';
import { bytesToUuid } from './uuid-format.js';
import { DatasetIdError } from './errors.js';

/**
 * Time-ordered UUID version 7 as daf_butler's `generate_uuidv7` makes it: a random v4 UUID whose
 * first 6 bytes are the big-endian Unix time in milliseconds, version nibble 7 (RFC 9562).
 * @param unixMs - milliseconds since 1970-01-01 UTC. Default is `Date.now()`.
 * @param random - 16 random bytes (tests); default from `crypto.randomBytes`.
 */
export function uuid7(unixMs: number = Date.now(), random: Uint8Array = randomBytes(16)): string {
  if (!Number.isSafeInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) {
    throw new DatasetIdError(`UUIDv7 timestamp out of range: ${unixMs}`);
  }
  const bytes = Buffer.from(random.subarray(0, 16));
  if (bytes.length !== 16) throw new DatasetIdError('UUIDv7 needs 16 random bytes');
  bytes.writeUIntBE(unixMs, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant of the v4 it starts from
  return bytesToUuid(bytes);
}

/** The Unix millisecond timestamp stored in a UUIDv7. */
export function uuid7Timestamp(uuid: string): number {
  return Buffer.from(uuid.replace(/-/g, '').slice(0, 12), 'hex').readUIntBE(0, 6);
}
