import { DatasetIdError } from './errors.js';

const HEX32 = /^[0-9a-f]{32}$/;

/** Parses a UUID given dashed (`8-4-4-4-12`), as 32 hex digits, or in braces/`urn:uuid:` form; returns its 16 bytes. */
export function uuidToBytes(uuid: string): Buffer {
  const hex = uuid
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/-/g, '');
  if (!HEX32.test(hex)) throw new DatasetIdError(`not a UUID: '${uuid}'`);
  return Buffer.from(hex, 'hex');
}

/** Formats 16 bytes as a lower-case dashed UUID (PostgreSQL `UUID`, exports, `str(uuid)` in Python). */
export function bytesToUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new DatasetIdError(`a UUID has 16 bytes, got ${bytes.length}`);
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Normalises any accepted UUID spelling to the lower-case dashed form. */
export function toDashedUuid(uuid: string): string {
  return bytesToUuid(uuidToBytes(uuid));
}

/** The SQLite storage form: 32 lower-case hex digits without dashes (`CHAR(32)`). */
export function toHexUuid(uuid: string): string {
  return uuidToBytes(uuid).toString('hex');
}

/** Database engines whose UUID column spelling differs. */
export type UuidEngine = 'sqlite' | 'postgresql';

/** The form a dataset ID is stored in by `engine`: hex without dashes for SQLite, dashed for PostgreSQL. */
export function uuidForEngine(uuid: string, engine: UuidEngine): string {
  return engine === 'sqlite' ? toHexUuid(uuid) : toDashedUuid(uuid);
}

/** The RFC 4122 / 9562 version nibble of a UUID (4, 5, 7…). */
export function uuidVersion(uuid: string): number {
  return (uuidToBytes(uuid)[6] ?? 0) >> 4;
}
