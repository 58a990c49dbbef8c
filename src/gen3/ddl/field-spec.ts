/**
 * Logical column types of the engine-neutral schema. Each dialect maps them to physical types:
 * `string` → `VARCHAR(n)` when `length` ≤ 32, else `TEXT`; `timespan` expands to two `BIGINT`
 * columns in SQLite and one `INT8RANGE` in PostgreSQL; `uuid` is `CHAR(32)` / `UUID`.
 */
export type FieldType = 'string' | 'int' | 'smallint' | 'float' | 'bool' | 'uuid' | 'timespan' | 'region' | 'hash';

/** One column (or, for `timespan`, one logical column) of a {@link TableSpec}. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Nominal maximum length of a `string`. */
  readonly length?: number;
  /** Default `true`. */
  readonly nullable?: boolean;
  /** An integer primary key drawn from a sequence (PostgreSQL) / the rowid (SQLite). */
  readonly autoincrement?: boolean;
  /** For `timespan`: default to the unbounded timespan. */
  readonly defaultUnbounded?: boolean;
  readonly doc?: string;
}

/** Longest string stored as `VARCHAR(n)`; longer or unsized strings are `TEXT`. */
export const MAX_VARCHAR_LENGTH = 32;

/** True when `field` is stored as a `VARCHAR(n)` (and gets a length check in SQLite). */
export function isVarchar(field: FieldSpec): field is FieldSpec & { length: number } {
  return field.type === 'string' && field.length !== undefined && field.length <= MAX_VARCHAR_LENGTH;
}
