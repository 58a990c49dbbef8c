import { DatasetIdError } from './errors.js';

const HEX32 = /^[0-9a-f]{32}$/;
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `8-4-4-4-12` dashes inserted into 32 lower-case hex digits. */
function dashed(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
  return dashed(Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex'));
}

/** Normalises any accepted UUID spelling to the lower-case dashed form. */
export function toDashedUuid(uuid: string): string {
  // The two spellings the registries store (PostgreSQL dashed, SQLite hex) without a round trip through bytes.
  if (uuid.length === 36 && DASHED.test(uuid)) return uuid;
  if (uuid.length === 32 && HEX32.test(uuid)) return dashed(uuid);
  return bytesToUuid(uuidToBytes(uuid));
}

/** The SQLite storage form: 32 lower-case hex digits without dashes (`CHAR(32)`). */
export function toHexUuid(uuid: string): string {
  if (uuid.length === 36 && DASHED.test(uuid)) return uuid.replace(/-/g, '');
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
