import type { Knex } from 'knex';
import type { FieldType } from '../ddl/index.js';

/** A column of a bulk statement with its logical type (decides the engine's parameter type). */
export interface BulkColumn {
  readonly name: string;
  readonly type: FieldType;
  /** Turns a logical value into the engine's (absent: passed as is). */
  readonly encode?: (value: unknown) => unknown;
}

/**
 * The per-engine fast path behind `Database.bulkInsert` / `Database.selectByKeys`: statements
 * run on the transaction's own driver connection (SQLite: cached single-row prepared statements;
 * PostgreSQL: one statement per chunk over `unnest()` arrays). Values are logical; each column's
 * `encode` (from `Dialect.encodeValue`) is applied while the statement parameters are built.
 */
export interface BulkEngine {
  /** Inserts `rows` (values in `columns` order); with `ignoreExisting`, rows hitting a unique key are skipped. */
  insert(knex: Knex, table: string, columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[], ignoreExisting: boolean): Promise<void>;
  /** The `columns` of the rows whose `keyColumns` equal one of `keys` (as stored). */
  selectByKeys(knex: Knex, table: string, keyColumns: readonly BulkColumn[], keys: readonly (readonly unknown[])[], columns: readonly string[]): Promise<Record<string, unknown>[]>;
}

/** The driver connection knex holds for `knex` (inside a transaction: the transaction's). */
export async function driverConnection<T>(knex: Knex): Promise<T> {
  const client = knex.client as { acquireConnection(): Promise<T>; transacting?: boolean };
  if (!client.transacting) throw new TypeError('bulk statements must run inside a transaction');
  return client.acquireConnection();
}

/** `"name"` with embedded quotes doubled. */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
