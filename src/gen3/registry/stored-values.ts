import type { DatabaseCapabilities } from '../db/index.js';
import type { TableSpec } from '../ddl/index.js';
import { toDashedUuid } from '../ids/index.js';
import type { Timespan } from '../time/index.js';
import { timespanFromPgRange, timespanFromSqlite } from '../time/index.js';

/** A data-ID or record key value: integers as numbers (bigint beyond 2^53), strings. */
export type KeyValue = string | number | bigint;

/** An integer as the drivers return it (`bigint`, `number` or PostgreSQL's `string`) → number when safe, else bigint. */
export function decodeInt(value: unknown): number | bigint {
  const big = BigInt(value as string | number | bigint);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** A stored UUID (SQLite hex, PostgreSQL dashed) in dashed form. */
export function decodeUuid(value: unknown): string {
  return toDashedUuid(String(value));
}

/** The timespan column `name` of a stored row, `null` when NULL. */
export function decodeTimespan(capabilities: DatabaseCapabilities, row: Readonly<Record<string, unknown>>, name = 'timespan'): Timespan | null {
  if (capabilities.supportsRangeTimespan) {
    const v = row[name];
    return v === null || v === undefined ? null : timespanFromPgRange(String(v));
  }
  return timespanFromSqlite(row[`${name}_begin`] as bigint | null, row[`${name}_end`] as bigint | null);
}

/** A stored row of `spec` in logical form: integers decoded, UUIDs dashed, booleans as booleans, timespans joined. */
export function decodeRow(capabilities: DatabaseCapabilities, spec: TableSpec, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.type === 'timespan') {
      out[f.name] = decodeTimespan(capabilities, row, f.name);
      continue;
    }
    const v = row[f.name];
    if (v === null || v === undefined) out[f.name] = null;
    else if (f.type === 'int' || f.type === 'smallint') out[f.name] = decodeInt(v);
    else if (f.type === 'float') out[f.name] = Number(v);
    else if (f.type === 'bool') out[f.name] = v === true || v === 1 || v === 1n || v === '1' || v === 't';
    else if (f.type === 'uuid') out[f.name] = decodeUuid(v);
    else out[f.name] = v;
  }
  return out;
}

/** Stable text of a key value (for map keys and comparisons across engines). */
export function keyText(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}

/** A WHERE value in stored form (PostgreSQL wants bigints as text; timespans are not keys). */
export function whereValue(value: KeyValue): string | number {
  return typeof value === 'bigint' ? value.toString() : value;
}
