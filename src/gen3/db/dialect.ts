import type { FieldSpec, PhysicalLayout, TableSpec } from '../ddl/index.js';
import type { BulkEngine } from './bulk-engine.js';

/** Engine names, as in `Database.dialect`. */
export type DialectName = 'sqlite' | 'postgresql';

/** What an engine can do; callers branch on these flags, never on the engine name. */
export interface DatabaseCapabilities {
  /** Timespans are one range column (PostgreSQL `INT8RANGE`) rather than two integer columns. */
  readonly supportsRangeTimespan: boolean;
  /** Autoincrement ids come from named sequences (`nextval`). */
  readonly supportsSequences: boolean;
  /** `CREATE TABLE` can be rolled back with the surrounding transaction. */
  readonly supportsTransactionalDdl: boolean;
  /** Overlapping calibration validity can be rejected by the database (false in this daf_butler version for both engines). */
  readonly supportsExclusionConstraints: boolean;
}

/** A logical timespan value: TAI nanoseconds, `begin` inclusive, `end` exclusive. */
export interface TimespanValue {
  readonly begin: bigint;
  readonly end: bigint;
}

/** The per-engine part of the database layer: DDL and value encoding. */
export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: DatabaseCapabilities;
  readonly layout: PhysicalLayout;
  /** Every statement creating `spec` (sequences, table, indexes), in execution order. */
  createTableStatements(spec: TableSpec): string[];
  /** A query returning the names of the existing tables as column `name`. */
  readonly listTablesSql: string;
  /** A logical row (timespans as {@link TimespanValue}, UUIDs as strings) as this engine stores it. */
  encodeRow(spec: TableSpec, row: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** One logical value of `field` as this engine stores it (timespans as one range value; SQLite cannot take them here). */
  encodeValue(field: FieldSpec, value: unknown): unknown;
  /** The fast path for large batches. */
  readonly bulk: BulkEngine;
}

/** Timespan bounds daf_butler uses: 1970-01-01 and 2100-01-01 TAI in nanoseconds. */
export const TIMESPAN_MIN = 0n;
/** See {@link TIMESPAN_MIN}. */
export const TIMESPAN_MAX = 4102444800000000000n;
