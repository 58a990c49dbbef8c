import type { FieldSpec } from './field-spec.js';

/** Referential action of a foreign key. */
export type OnDelete = 'CASCADE' | 'SET NULL';

/** A foreign key `source` → `table(target)`. */
export interface ForeignKeySpec {
  readonly table: string;
  readonly source: readonly string[];
  readonly target: readonly string[];
  /** Default: no action. */
  readonly onDelete?: OnDelete;
  readonly doc?: string;
}

/** A non-unique index over logical columns (a `timespan` expands per engine). */
export interface IndexSpec {
  readonly columns: readonly string[];
  readonly doc?: string;
}

/** A unique constraint over logical columns. */
export interface UniqueSpec {
  readonly columns: readonly string[];
  readonly doc?: string;
}

/**
 * An engine-neutral table declaration. Constraint and index names are not stored: each dialect
 * derives them with daf_butler's rules (`naming.ts`) from the physical column names.
 */
export interface TableSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  readonly primaryKey: readonly string[];
  readonly unique?: readonly UniqueSpec[];
  readonly indexes?: readonly IndexSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly doc?: string;
}

/** The field named `name` of `spec`, or undefined. */
export function findField(spec: TableSpec, name: string): FieldSpec | undefined {
  return spec.fields.find((f) => f.name === name);
}
