import type { Knex } from 'knex';
import type { TableSpec } from '../ddl/index.js';
import type { DatabaseCapabilities, DialectName } from './dialect.js';
import type { DirectReads } from './direct-reads.js';
import type { MetadataCache } from './metadata-cache.js';

/** A logical row: column name → value (timespans as `TimespanValue`, UUIDs as strings). */
export type Row = Readonly<Record<string, unknown>>;

/** Outcome of {@link Database.sync}. */
export type SyncResult = 'inserted' | 'existing';

/**
 * The registry's view of a SQL database. Engine differences live in the {@link Dialect};
 * callers test `capabilities`, never the engine.
 */
export interface Database {
  readonly dialect: DialectName;
  readonly capabilities: DatabaseCapabilities;
  /** The underlying knex instance (or transaction) for queries this interface does not cover. */
  readonly knex: Knex;
  /** Runs `fn` in a transaction (nested calls join the outer one); rolls back when it throws. */
  transaction<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a savepoint of the current transaction (outside one: in a new transaction): when
   * it throws, only its own writes are undone and the error is rethrown.
   */
  savepoint<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /** Creates the tables (in the given order: foreign-key targets first). */
  createTables(specs: readonly TableSpec[]): Promise<void>;
  /** Names of the existing tables. */
  listTables(): Promise<string[]>;
  /** Inserts rows in chunks of `chunkSize` (default 500). */
  insert(spec: TableSpec, rows: readonly Row[], options?: { chunkSize?: number }): Promise<void>;
  /** Inserts the rows whose primary key is not present yet; existing rows are left alone. */
  ensure(spec: TableSpec, rows: readonly Row[], options?: { chunkSize?: number }): Promise<void>;
  /**
   * Inserts `row` unless a row with the same primary key exists; if one does, its other columns
   * must equal `row`'s.
   * @throws RegistryConflictError naming the table, key and both values when they differ.
   */
  sync(spec: TableSpec, row: Row): Promise<SyncResult>;
  /**
   * {@link Database.sync} of many rows: one bulk lookup of their primary keys, the differing
   * existing rows checked in `rows` order (a repeated key is checked against its first row), then
   * one insert of the new rows in `rows` order. All or nothing.
   * @returns the outcome of each row.
   * @throws RegistryConflictError as `sync` does, for the first differing row.
   */
  syncMany(spec: TableSpec, rows: readonly Row[]): Promise<SyncResult[]>;
  /** Inserts `row` into a table with an autoincrement primary key and returns the new id. */
  insertWithId(spec: TableSpec, row: Row): Promise<number>;
  /**
   * Inserts `rows` into a table with an autoincrement primary key (ids given in `rows` are
   * ignored): ids are assigned in `rows` order, as consecutive {@link Database.insertWithId}
   * calls would. One statement per chunk.
   * @returns the new ids, in `rows` order.
   */
  insertWithIds(spec: TableSpec, rows: readonly Row[]): Promise<number[]>;
  /**
   * Rows of `table` matching `where` (all when omitted), as stored: BIGINT values as `bigint`
   * (in SQLite every integer column), timespans in the engine's representation (see
   * `capabilities.supportsRangeTimespan`).
   */
  select(table: string, where?: Row): Promise<Record<string, unknown>[]>;
  /**
   * Fast insert of many rows given column-wise: `rows[i][j]` is the logical value of `columns[j]`
   * (as in {@link Database.insert}; no timespans on SQLite). With `ignoreExisting`, rows that hit a
   * primary or unique key are skipped. Runs in the caller's transaction (or its own).
   */
  bulkInsert(spec: TableSpec, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: { ignoreExisting?: boolean }): Promise<void>;
  /**
   * The `columns` (as stored, like {@link Database.select}) of the rows of `spec` whose
   * `keyColumns` equal one of `keys` (logical values), in no particular order.
   */
  selectByKeys(spec: TableSpec, keyColumns: readonly string[], keys: readonly (readonly unknown[])[], columns: readonly string[]): Promise<Record<string, unknown>[]>;
  /** Memo of registry metadata shared with this database's transactions (see {@link MetadataCache}). */
  readonly cache: MetadataCache;
  /**
   * Synchronous reads on the idle connection for hot lookups (SQLite only; not on a transaction's
   * handle, whose reads go through knex).
   */
  readonly direct?: DirectReads | undefined;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

